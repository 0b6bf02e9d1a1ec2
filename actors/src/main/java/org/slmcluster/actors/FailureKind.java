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
    /** Members hosted the model, but none of them is reachable any more. */
    UNAVAILABLE
}
