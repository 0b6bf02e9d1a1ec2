package org.slmcluster.runtime.node;

import java.time.Duration;
import java.util.List;

/**
 * How a member joins the cluster: Pekko's own seed-node process, or - for the first seed restarting after it
 * was a member before - first a phase that only tries to join the other seeds, and only then Pekko's.
 *
 * <p>Why: the first seed in Pekko's list founds a new cluster of one when no other seed acknowledges within
 * {@code pekko.cluster.seed-node-timeout}. A coordinator restarted after a crash is that first seed; on a busy
 * machine (or with a dead seed in the list) the acknowledgements can come later than the timeout, and it then
 * founds a second cluster while the workers stay in theirs. A member that was Up before knows a cluster may
 * still run without it, so it asks the others for {@code slm.cluster.rejoin-timeout} before founding one; a
 * cold start (no record of an earlier membership) founds at once, as before.
 *
 * @param rejoinThrough the other seeds to try first, empty when the plan is Pekko's seed process only
 * @param rejoinFor how long to try them before falling back to {@link #seeds()}
 * @param seeds the seed list as configured (the member itself first when it is the first seed)
 */
public record JoinPlan(List<String> rejoinThrough, Duration rejoinFor, List<String> seeds) {

    public JoinPlan {
        rejoinThrough = List.copyOf(rejoinThrough);
        seeds = List.copyOf(seeds);
    }

    /**
     * Decides the plan of the member at {@code self} ({@code HOST:PORT}) with these seeds.
     *
     * @param wasMember whether this member was Up in a cluster before (its membership record)
     */
    public static JoinPlan decide(String self, List<String> seeds, boolean wasMember, Duration rejoinTimeout) {
        boolean firstSeed = isFirstSeed(self, seeds);
        List<String> others =
                seeds.stream().filter(seed -> !sameAddress(seed, self)).toList();
        if (firstSeed && wasMember && !others.isEmpty()) {
            return new JoinPlan(others, rejoinTimeout, seeds);
        }
        return new JoinPlan(List.of(), Duration.ZERO, seeds);
    }

    /** True when {@code self} heads the seed list: the member that founds the cluster on a cold start. */
    public static boolean isFirstSeed(String self, List<String> seeds) {
        return !seeds.isEmpty() && sameAddress(seeds.get(0), self);
    }

    /** True when the member first tries to join the other seeds only. */
    public boolean rejoinsFirst() {
        return !rejoinThrough.isEmpty();
    }

    private static boolean sameAddress(String seed, String self) {
        return seed.strip().equalsIgnoreCase(self.strip());
    }
}
