package org.slmcluster.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.runtime.jobs.JobHandle;
import org.slmcluster.runtime.jobs.JobProgress;
import org.slmcluster.runtime.jobs.JobState;
import org.slmcluster.runtime.ledger.ModelView;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.suite.SuiteException;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.IntegrationTest;

/**
 * The embedding facade end to end on stories260K: start a 3-member cluster in this JVM, submit (completion,
 * chat, unknown model), run the smoke suite, read the ledger, close; then no thread running Java code that
 * the runtime started is left, daemon or not (see the comment at the end for the two that may remain).
 */
@IntegrationTest
class SlmRuntimeTest {

    static final String MODEL = "stories260k";

    @TempDir
    Path data;

    @Test
    void startSubmitRunSuiteReadLedgerAndCloseWithoutLeftoverThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        SlmRuntime slm = SlmRuntime.builder()
                .topology(2, 1)
                .model(ModelSpec.llamaCpp(MODEL, "stories260K.gguf", null).withContextSize(512))
                .place("1", MODEL)
                .settings("pekko.cluster.seed-node-timeout = 3s\npekko.cluster.retry-unsuccessful-join-after = 2s\n")
                .dataDir(data)
                .start();
        try {
            assertThat(slm.cluster()).isPresent();
            assertThat(slm.apiUrl()).isEmpty();

            TaskResult.Completed story = slm.submit(
                            MODEL, "Once upon a time", GenerationParameters.DEFAULTS.withMaxTokens(16))
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            assertThat(story.result().text()).isNotBlank();
            assertThat(story.nodeLabel()).isEqualTo("1");
            assertThat(story.result().outputTokens()).isBetween(1, 16);

            TaskResult.Completed chat = slm.submit(
                            MODEL,
                            List.of(ChatMessage.user("Tell me a story.")),
                            GenerationParameters.DEFAULTS.withMaxTokens(8))
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            assertThat(chat.result().outputTokens()).isBetween(1, 8);

            List<String> pieces = new java.util.concurrent.CopyOnWriteArrayList<>();
            TaskResult.Completed streamed = slm.stream(
                            MODEL,
                            GenerationRequest.completion(
                                    "Once upon a time", GenerationParameters.DEFAULTS.withMaxTokens(16)),
                            pieces::add)
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            // greedy: the same story as the whole answer above, handed over in pieces first
            assertThat(streamed.result().text()).isEqualTo(story.result().text());
            assertThat(pieces).isNotEmpty();
            assertThat(String.join("", pieces)).isEqualTo(streamed.result().text());

            assertThatThrownBy(() -> slm.submit("no-such-model", "hi", GenerationParameters.DEFAULTS)
                            .toCompletableFuture()
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(SlmRuntime.TaskFailedException.class)
                    .hasMessageContaining("no-such-model");

            assertThatThrownBy(() -> slm.runSuite("no-such-suite", List.of(MODEL)))
                    .isInstanceOf(SuiteException.class)
                    .hasMessageContaining("no-such-suite");
            assertThatThrownBy(() -> slm.runSuite("smoke", List.of("no-such-model")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no-such-model");

            JobHandle job = slm.runSuite("smoke", List.of(MODEL));
            JobProgress done = job.completion().toCompletableFuture().get(120, TimeUnit.SECONDS);
            assertThat(done.state()).isIn(JobState.COMPLETED, JobState.COMPLETED_WITH_FAILURES);
            assertThat(done.done() + done.failed()).isEqualTo(done.total());
            assertThat(slm.job(job.id())).isPresent();

            ModelView ledger = slm.ledger(MODEL);
            assertThat(ledger.itemCount()).isEqualTo(done.done());
            assertThat(ledger.task("translation")).isPresent();
            assertThat(slm.ledgerModels()).containsExactly(MODEL);
        } finally {
            slm.close();
        }
        slm.close(); // idempotent
        assertThatThrownBy(() -> slm.submit(MODEL, "x", GenerationParameters.DEFAULTS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");

        // Pekko, H2, the job manager and the HTTP server end every thread they started, daemon or not. Two may
        // remain: llama.cpp's native thread, attached to the JVM as a non-daemon thread with no Java frames
        // (why a JVM that loaded a model needs System.exit), the JDK's daemon "process reaper" pool thread,
        // which exits after 60 idle seconds, and JNA's daemon "JNA Cleaner", one per JVM from JNA's first use
        // (the sentence encoder's tokenizer) and never stopped by JNA: it is there only when this test is the
        // first in its JVM to encode.
        Eventually.eventually(
                Duration.ofSeconds(20),
                () -> assertThat(leftoverThreads(before))
                        .as("threads with Java frames still alive after close()")
                        .isEmpty());
    }

    /** Threads started since {@code before} that are still alive and run Java code. */
    private static Set<String> leftoverThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .filter(thread -> thread.getStackTrace().length > 0)
                .filter(thread -> !(thread.isDaemon() && thread.getName().equals("process reaper")))
                .filter(thread -> !(thread.isDaemon() && thread.getName().equals("JNA Cleaner")))
                .map(thread -> thread.getName()
                        + (thread.isDaemon() ? " (daemon) " : " ")
                        + java.util.Arrays.stream(thread.getStackTrace())
                                .limit(8)
                                .map(Object::toString)
                                .toList())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
