package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.client.PlatformClient;
import org.slmcluster.runtime.client.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slm jobs [ID]}: evaluation jobs on the coordinator; also starts ({@code --start}) and cancels them. */
@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = {
            "Without ID: every job and its progress. With ID: its progress per model and task and the "
                    + "partial scores. --start SUITE --model M runs a suite; --cancel ID stops a job; "
                    + "'jobs resume ID' continues one.",
            "Exit codes: 0 ok, 1 server failure (or, with --wait, a job that did not complete cleanly), "
                    + "2 bad input (also unknown job, suite or model), 3 cannot connect."
        },
        subcommands = {JobsResumeCommand.class})
public final class JobsCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "A job id.")
    String id;

    @Option(
            names = "--start",
            paramLabel = "SUITE",
            description = "Start a job: a suite name (smoke, builtin) or a suite folder on the coordinator.")
    String suite;

    @Option(names = "--model", paramLabel = "MODEL", description = "With --start: a model to evaluate (repeatable).")
    List<String> models = new ArrayList<>();

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "With --start: a seed to run with (repeatable; default the suite's).")
    List<Long> seeds = new ArrayList<>();

    @Option(names = "--wait", description = "With --start or ID: poll until the job ends, then show it.")
    boolean await;

    @Option(names = "--cancel", description = "Cancel the job ID.")
    boolean cancel;

    @Override
    public Integer call() throws InterruptedException {
        PlatformClient platform = client.platform();
        if (suite != null) {
            if (id != null || cancel) {
                throw CliFailure.badInput("--start takes no job ID and no --cancel");
            }
            if (models.isEmpty()) {
                throw CliFailure.badInput("--start needs at least one --model");
            }
            JsonNode started = ClientOptions.call(() -> platform.startJob(suite, models, seeds));
            id = started.path("id").asText();
            if (!await) {
                if (client.json()) {
                    ClientOptions.printJson(started);
                } else {
                    System.out.println(id);
                }
                return 0;
            }
        }
        if (cancel) {
            if (id == null) {
                throw CliFailure.badInput("--cancel needs a job ID");
            }
            JsonNode cancelled = ClientOptions.call(() -> platform.cancelJob(id));
            if (client.json()) {
                ClientOptions.printJson(cancelled);
            } else {
                System.out.println("cancelled " + id);
            }
            return 0;
        }
        if (id == null) {
            return list(platform);
        }
        JsonNode job = ClientOptions.call(() -> platform.job(id));
        while (await && "running".equals(job.path("state").asText())) {
            Thread.sleep(Duration.ofMillis(500).toMillis());
            job = ClientOptions.call(() -> platform.job(id));
        }
        if (client.json()) {
            ClientOptions.printJson(job);
        } else {
            show(job);
        }
        String state = job.path("state").asText();
        return await && !"completed".equals(state) ? CliFailure.FAILED : 0;
    }

    private int list(PlatformClient platform) {
        JsonNode jobs = ClientOptions.call(platform::jobs);
        if (client.json()) {
            ClientOptions.printJson(jobs);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode job : jobs.path("jobs")) {
            List<String> names = new ArrayList<>();
            job.path("models").fieldNames().forEachRemaining(names::add);
            rows.add(List.of(
                    job.path("id").asText(),
                    job.path("state").asText(),
                    job.path("done").asInt() + "/" + job.path("total").asInt(),
                    job.path("failed").asText(),
                    String.join(",", names),
                    seconds(job.path("elapsed_ms").asLong())));
        }
        if (rows.isEmpty()) {
            System.out.println("no jobs yet: start one with 'slm jobs --start smoke --model MODEL'");
            return 0;
        }
        System.out.print(Tables.render(List.of("ID", "STATE", "DONE", "FAILED", "MODELS", "ELAPSED"), rows));
        return 0;
    }

    private static void show(JsonNode job) {
        System.out.printf(
                "job %s (%s): %s, %d/%d done, %d failed, %d cached, %s elapsed%s%n",
                job.path("id").asText(),
                job.path("suite").asText("?"),
                job.path("state").asText(),
                job.path("done").asInt(),
                job.path("total").asInt(),
                job.path("failed").asInt(),
                job.path("cached").asInt(),
                seconds(job.path("elapsed_ms").asLong()),
                job.has("eta_ms") ? ", about " + seconds(job.path("eta_ms").asLong()) + " left" : "");
        List<List<String>> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> models =
                        job.path("models").properties().iterator();
                models.hasNext(); ) {
            Map.Entry<String, JsonNode> model = models.next();
            for (Iterator<Map.Entry<String, JsonNode>> tasks =
                            model.getValue().properties().iterator();
                    tasks.hasNext(); ) {
                Map.Entry<String, JsonNode> task = tasks.next();
                rows.add(List.of(
                        model.getKey(),
                        task.getKey(),
                        task.getValue().path("done").asInt() + "/"
                                + task.getValue().path("total").asInt(),
                        task.getValue().path("failed").asText()));
            }
        }
        System.out.print(Tables.render(List.of("MODEL", "TASK", "DONE", "FAILED"), rows));
        String judgeFailures = judgeFailures(job.path("judge_failures"));
        if (!judgeFailures.isEmpty()) {
            System.out.println(
                    "judge failures (verdicts missing from the judged means: ragas-*, correct): " + judgeFailures);
        }
        job.path("notes").forEach(note -> System.out.println("note: " + note.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> scores =
                        job.path("scores").properties().iterator();
                scores.hasNext(); ) {
            Map.Entry<String, JsonNode> model = scores.next();
            if (model.getValue().isEmpty()) {
                continue;
            }
            System.out.println();
            System.out.println("scores so far, " + model.getKey() + ":");
            System.out.print(Tables.render(
                    List.of("TASK", "KIND", "N", "METRIC", "MEAN", "95% CI", "P50 MS", "TOKENS/S"),
                    LedgerCommand.taskRows(model.getValue())));
        }
    }

    /** {@code model metric N, ...} from {@code {"model": {"metric": N}}}; empty when nothing failed. */
    static String judgeFailures(JsonNode perModel) {
        List<String> parts = new ArrayList<>();
        perModel.properties()
                .iterator()
                .forEachRemaining(model -> model.getValue()
                        .properties()
                        .iterator()
                        .forEachRemaining(metric -> parts.add(model.getKey() + " " + metric.getKey() + " "
                                + metric.getValue().asInt())));
        return String.join(", ", parts);
    }

    private static String seconds(long millis) {
        return Tables.number(millis / 1000.0, 1) + " s";
    }
}
