package org.slmcluster.runtime.jobs.schedules;

import java.time.Instant;

/**
 * A schedule with its record of runs.
 *
 * @param lastRunAt   when it last started (or tried to start) a job, null before its first run
 * @param lastJob     the id of the job it last started, null if none
 * @param lastTrigger {@code every}, {@code missed} (due while the coordinator was down) or {@code after-deploy}
 * @param lastError   why its last run could not start, null when it did
 * @param nextDue     its next periodic run, null without a period
 * @param runs        runs started or tried so far
 */
public record ScheduleStatus(
        Schedule schedule,
        Instant lastRunAt,
        String lastJob,
        String lastTrigger,
        String lastError,
        Instant nextDue,
        int runs) {}
