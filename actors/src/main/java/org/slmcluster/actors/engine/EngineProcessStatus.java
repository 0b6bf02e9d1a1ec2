package org.slmcluster.actors.engine;

import org.slmcluster.actors.ClusterMessage;

/**
 * An engine that runs in its own process, as its member sees it (part of the worker's status).
 *
 * @param pid               the engine process, 0 when none is running
 * @param rssBytes          its resident memory (model included), 0 when unknown
 * @param memoryLimitBytes  the configured limit, 0 for none
 * @param memoryLimit       how the limit is enforced: {@code cgroup-v2 memory.max}, {@code rss-watchdog} or
 *                          {@code none}
 * @param threads           generation threads
 * @param nice              the process's nice level
 */
public record EngineProcessStatus(
        long pid, long rssBytes, long memoryLimitBytes, String memoryLimit, int threads, int nice)
        implements ClusterMessage {}
