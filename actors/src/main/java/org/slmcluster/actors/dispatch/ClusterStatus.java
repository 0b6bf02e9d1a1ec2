package org.slmcluster.actors.dispatch;

import java.util.List;
import org.slmcluster.actors.ClusterMessage;
import org.slmcluster.actors.worker.WorkerStatus;

/**
 * The coordinator's view of the cluster.
 *
 * @param members  every member the coordinator knows, in label order (members without a label last)
 * @param workers  status of every model worker that answered in time, by label then model
 * @param inFlight tasks the dispatcher is waiting on
 * @param counters the dispatcher's totals since it started
 */
public record ClusterStatus(
        String coordinatorLabel,
        int arity,
        int depth,
        List<Member> members,
        List<WorkerStatus> workers,
        int inFlight,
        Counters counters)
        implements ClusterMessage {

    public ClusterStatus {
        members = List.copyOf(members);
        workers = List.copyOf(workers);
    }

    /**
     * @param submitted    tasks accepted (a resubmitted running id counts once)
     * @param completed    tasks answered with a result
     * @param failed       tasks answered with a failure
     * @param redispatched attempts started after an earlier attempt of the same task was lost or failed
     */
    public record Counters(long submitted, long completed, long failed, long redispatched) implements ClusterMessage {}

    /**
     * @param status      Pekko member status (Up, Leaving, ...)
     * @param models      models hosted there, by the receptionist's listing
     * @param outstanding task attempts the dispatcher has sent there and not yet heard back from
     */
    public record Member(
            String label, String address, String status, boolean reachable, List<String> models, int outstanding)
            implements ClusterMessage {

        public Member {
            models = List.copyOf(models);
        }
    }
}
