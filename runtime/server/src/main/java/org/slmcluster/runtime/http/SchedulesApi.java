package org.slmcluster.runtime.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.slmcluster.runtime.jobs.schedules.Durations;
import org.slmcluster.runtime.jobs.schedules.Schedule;
import org.slmcluster.runtime.jobs.schedules.ScheduleException;
import org.slmcluster.runtime.jobs.schedules.ScheduleStatus;
import org.slmcluster.runtime.jobs.schedules.Scheduler;

/**
 * {@code /api/v1/schedules}: scheduled and deploy-triggered evaluation on the coordinator's {@link Scheduler}.
 * Checking a suite reads files, so the work runs on {@code blocking}.
 */
final class SchedulesApi {

    private final Scheduler scheduler;
    private final Executor blocking;

    SchedulesApi(Scheduler scheduler, Executor blocking) {
        this.scheduler = scheduler;
        this.blocking = blocking;
    }

    CompletionStage<HttpResponse> list() {
        return run(() -> {
            ObjectNode body = JsonFields.JSON.createObjectNode();
            ArrayNode list = body.putArray("schedules");
            scheduler.list().forEach(status -> list.add(json(status)));
            return Responses.json(200, body);
        });
    }

    /** {"suite", "models": [..] or "m", "every": "6h"?, "after_deploy": bool?, "seeds": [..]?} -> 201. */
    CompletionStage<HttpResponse> add(byte[] bytes) {
        JsonFields body =
                JsonFields.parse(bytes).allowOnly(Set.of("suite", "models", "every", "after_deploy", "seeds"));
        String suite = body.requiredText("suite");
        List<String> models = body.stringOrStrings("models");
        if (models.isEmpty()) {
            throw ApiError.badField("models", "is required (a model name or a list of them)");
        }
        String everyText = body.optionalText("every", null);
        boolean afterDeploy = body.optionalBoolean("after_deploy", false);
        List<Long> seeds = JobsApi.seeds(body);
        return run(() -> {
            Duration every = everyText == null ? null : Durations.parse(everyText);
            Schedule added = scheduler.add(suite, models, every, afterDeploy, seeds);
            ScheduleStatus status = scheduler.list().stream()
                    .filter(s -> s.schedule().id().equals(added.id()))
                    .findFirst()
                    .orElse(new ScheduleStatus(added, null, null, null, null, null, 0));
            return Responses.json(201, json(status));
        });
    }

    CompletionStage<HttpResponse> remove(String id) {
        return run(() -> {
            Schedule removed = scheduler.remove(id);
            ObjectNode body = JsonFields.JSON.createObjectNode();
            body.put("id", removed.id());
            body.put("removed", true);
            return Responses.json(200, body);
        });
    }

    private static ObjectNode json(ScheduleStatus status) {
        Schedule schedule = status.schedule();
        ObjectNode node = JsonFields.JSON.createObjectNode();
        node.put("id", schedule.id());
        node.put("suite", schedule.suite());
        node.set("models", JsonFields.JSON.valueToTree(schedule.models()));
        node.put("every", schedule.period().map(Durations::format).orElse(null));
        node.put("after_deploy", schedule.afterDeploy());
        node.set("seeds", JsonFields.JSON.valueToTree(schedule.seeds()));
        node.put("when", schedule.when());
        node.put("created_at", schedule.createdAt().toString());
        node.put("runs", status.runs());
        node.put("last_run_at", text(status.lastRunAt()));
        node.put("last_job", status.lastJob());
        node.put("last_trigger", status.lastTrigger());
        node.put("last_error", status.lastError());
        node.put("next_due", text(status.nextDue()));
        return node;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private CompletionStage<HttpResponse> run(Supplier<HttpResponse> work) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return work.get();
                    } catch (ScheduleException e) {
                        throw switch (e.kind()) {
                            case BAD_REQUEST -> ApiError.badRequest(e.getMessage());
                            case NOT_FOUND -> ApiError.notFound(e.getMessage());
                        };
                    }
                },
                blocking);
    }
}
