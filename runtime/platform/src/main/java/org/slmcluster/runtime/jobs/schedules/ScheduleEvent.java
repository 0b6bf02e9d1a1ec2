package org.slmcluster.runtime.jobs.schedules;

import java.util.List;
import java.util.Map;

/**
 * One line of the schedule log: {@code add} (the schedule, and the deployments of its models already ready, so
 * they do not trigger it), {@code remove}, or {@code run} (the job it started or the reason it could not, the
 * trigger, and for a deploy trigger the deployments it ran for).
 *
 * @param every       ISO-8601 period, null without one
 * @param deployments model -> fingerprint of a placement that was ready ({@code label=version,...})
 * @param at          ISO-8601 instant
 */
public record ScheduleEvent(
        String event,
        String id,
        String suite,
        List<String> models,
        String every,
        Boolean afterDeploy,
        List<Long> seeds,
        String job,
        String trigger,
        String error,
        Map<String, String> deployments,
        String at) {

    public static final String ADD = "add";
    public static final String REMOVE = "remove";
    public static final String RUN = "run";
}
