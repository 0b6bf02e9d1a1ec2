package org.slmcluster.runtime.jobs.schedules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A recurring or triggered evaluation: the suite runs on the models as a normal job every {@code every}
 * and/or after every deploy of one of the models reaches ready on its members.
 *
 * @param every       the period, or null when the schedule only runs after deploys
 * @param afterDeploy whether a deploy of one of {@code models} that reaches ready starts a run
 * @param seeds       the job's seeds (empty: the suite's)
 */
public record Schedule(
        String id,
        String suite,
        List<String> models,
        Duration every,
        boolean afterDeploy,
        List<Long> seeds,
        Instant createdAt) {

    public Schedule {
        models = List.copyOf(models);
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
        if (every == null && !afterDeploy) {
            throw ScheduleException.badRequest(
                    "say when: an interval (--every) or after every deploy (--after-deploy)");
        }
    }

    public Optional<Duration> period() {
        return Optional.ofNullable(every);
    }

    /** How it shows in lists and in the job it starts, e.g. {@code every 6h, after deploy}. */
    public String when() {
        String period = every == null ? null : "every " + Durations.format(every);
        if (period == null) {
            return "after deploy";
        }
        return afterDeploy ? period + ", after deploy" : period;
    }
}
