package org.slmcluster.runtime.jobs;

import java.util.List;

/**
 * Whether the cluster can serve a job's models now. A job interrupted by a coordinator crash is resumed only
 * once it can: a coordinator that has just restarted sees its workers rejoin over several seconds, and a task
 * sent before they do would fail for lack of a host.
 */
@FunctionalInterface
public interface ModelAvailability {

    /** True when every one of {@code models} has at least one reachable member hosting it. */
    boolean hosted(List<String> models);
}
