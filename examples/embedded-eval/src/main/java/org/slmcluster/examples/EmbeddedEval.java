package org.slmcluster.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.runtime.SlmRuntime;
import org.slmcluster.runtime.jobs.JobProgress;
import org.slmcluster.runtime.ledger.ModelView;
import org.slmcluster.runtime.ledger.TaskView;
import org.slmcluster.runtime.models.ModelSpec;

/**
 * Embeds slm-cluster: a three-member cluster in this JVM with stories260K on one worker (the file is found
 * through SLM_MODEL_PATH), one task, the smoke suite, a ledger line.
 *
 * <pre>SLM_MODEL_PATH=/path/to/models java -cp ... org.slmcluster.examples.EmbeddedEval [suite]</pre>
 */
public final class EmbeddedEval {

    static final String MODEL = "stories260k";

    public static void main(String[] args) throws Exception {
        int status = run(args.length > 0 ? args[0] : "smoke", System.out);
        // llama.cpp's native threads outlive close(): end the JVM explicitly.
        System.exit(status);
    }

    /** Runs the example, printing to {@code out}; returns 0 when the suite completed. */
    public static int run(String suite, PrintStream out) throws Exception {
        Path data = Files.createTempDirectory("slm-embedded-eval-");
        try (SlmRuntime slm = SlmRuntime.builder()
                .topology(2, 1)
                // the smoke suite's classification prompts are ~520 tokens: more than stories260K's trained 512
                .model(ModelSpec.llamaCpp(MODEL, "stories260K.gguf", null).withContextSize(1024))
                .place("1", MODEL)
                .dataDir(data)
                .start()) {
            TaskResult.Completed story = slm.submit(
                            MODEL, "Once upon a time", GenerationParameters.DEFAULTS.withMaxTokens(24))
                    .toCompletableFuture()
                    .get();
            out.println("answer from node " + story.nodeLabel() + ": "
                    + story.result().text().strip());

            JobProgress job = slm.runSuite(suite, List.of(MODEL))
                    .completion()
                    .toCompletableFuture()
                    .get();
            out.println("suite " + suite + ": " + job.state() + ", " + job.done() + "/" + job.total() + " done");

            ModelView ledger = slm.ledger(MODEL);
            for (TaskView task : ledger.tasks()) {
                String scores = task.metrics().values().stream()
                        .limit(2)
                        .map(m -> m.metric() + " " + String.format("%.3f", m.mean()))
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("no metric");
                out.printf(
                        "ledger %s %s: %d items, %s, p50 %.0f ms%n",
                        MODEL, task.task(), task.count(), scores, task.latencyP50Millis());
            }
            return job.done() > 0 ? 0 : 1;
        } finally {
            deleteQuietly(data);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }

    private EmbeddedEval() {}
}
