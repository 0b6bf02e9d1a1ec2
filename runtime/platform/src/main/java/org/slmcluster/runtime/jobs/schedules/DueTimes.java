package org.slmcluster.runtime.jobs.schedules;

import java.time.Instant;
import java.util.Optional;

/**
 * When a periodic schedule runs next: one period after its last run (after its creation before the first). The
 * last run is durable, so a restart does not reset the clock; a coordinator that was down across several due
 * times finds one run due, not several, and the next one counts from that run.
 */
public final class DueTimes {

    private DueTimes() {}

    /** The next due time, empty for a schedule without a period. */
    public static Optional<Instant> next(Schedule schedule, Instant lastRun) {
        return schedule.period().map(every -> (lastRun == null ? schedule.createdAt() : lastRun).plus(every));
    }

    /** True when {@code now} has reached the next due time. */
    public static boolean due(Schedule schedule, Instant lastRun, Instant now) {
        return next(schedule, lastRun).map(at -> !now.isBefore(at)).orElse(false);
    }
}
