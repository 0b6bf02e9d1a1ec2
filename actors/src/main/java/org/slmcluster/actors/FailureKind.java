package org.slmcluster.actors;

/** Why a task or a routed message failed; callers branch on it, people read the accompanying reason. */
public enum FailureKind {
    /** No member of the cluster hosts the requested model. */
    UNKNOWN_MODEL,
    /** The worker's queue is full (or every host was overloaded). */
    OVERLOADED,
    /** The deadline passed before a result arrived. */
    TIMEOUT,
    /** The overlay cannot reach the destination (failed members, TTL exhausted, unknown label). */
    NO_ROUTE,
    /** The engine failed to load or to generate. */
    ENGINE_ERROR,
    /** Members hosted the model, but none of them is reachable (or able to load it) any more. */
    UNAVAILABLE,
    /**
     * The request itself cannot be served (a prompt longer than the model's context): the client's mistake,
     * answered at once and never retried on another host, which would refuse it the same way. Appended last:
     * Kryo sends an enum by its ordinal.
     */
    INVALID_REQUEST,
    /**
     * The engine's process died or hung during the attempt (killed, out of memory, a native abort): the
     * dispatcher tries another host, as for a member that died. Appended last (Kryo writes ordinals).
     */
    ENGINE_CRASHED
}
