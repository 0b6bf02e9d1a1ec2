package org.slmcluster.runtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.evaluation.ItemEvaluator;
import org.slmcluster.runtime.evaluation.RagJudging;
import org.slmcluster.runtime.evaluation.ScoreNames;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.evaluation.SmokeSuite;
import org.slmcluster.runtime.generation.GenerationBackend;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.ledger.TaskView;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.suite.RagJudgeDefinition;
import org.slmcluster.runtime.suite.SuiteLoader;
import org.slmcluster.testing.IntegrationTest;

/**
 * A job whose RAG task has a judge, on a real cluster where stories260K both answers and judges: the tiny
 * story model never writes a JSON verdict, so every judged metric of every RAG item is a recorded failure
 * with its reason, no {@code ragas-*} score reaches the ledger, and the judge-free scores and the job
 * are unaffected.
 */
@IntegrationTest
class JobManagerJudgeClusterTest {

    static final String STORIES = "stories260k";
    static final List<String> JUDGED = List.of("faithfulness", "context-recall");

    static EmbeddedCluster cluster;

    @TempDir
    Path data;

    @TempDir
    Path suiteCopy;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedCluster.start(
                2,
                1,
                Map.of("0", List.of(STORIES), "1", List.of("llama-2-tiny-random")),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(
                                SmokeSuite.directory().getParent().getParent().resolve("cluster.conf"))
                        .withSettings(
                                "pekko.cluster.seed-node-timeout = 3s\npekko.cluster.retry-unsuccessful-join-after = 2s\n"
                                        // room for the smoke suite's 1024-token context and the judge's long RAGAS
                                        // prompts
                                        + "slm.models.stories260k.context-size = 4096\n"
                                        + "slm.models.llama-2-tiny-random.context-size = 1024\n"));
        cluster.awaitUp(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    JobManager manager(Ledgers ledgers) {
        return manager(ledgers, cluster.coordinator()::submit);
    }

    JobManager manager(Ledgers ledgers, GenerationBackend backend) {
        JobManager.Settings settings = JobManager.Settings.defaults(data)
                .withMaxInFlight(4)
                .withTaskDeadline(Duration.ofSeconds(60))
                .withTopology(2, 1);
        return new JobManager(
                settings,
                backend,
                cluster.coordinator().config().catalogue(),
                ledgers,
                new ItemEvaluator(EvaluationOptions.skippingEncoderMetrics()),
                new LexicalRetriever());
    }

    /**
     * The cluster for the answering model; for the judge model a scripted judge that answers the
     * reference-attribution prompt (context recall) with a valid verdict and everything else with prose.
     */
    static final class ScriptedJudgeBackend implements GenerationBackend {
        static final String RECALL_VERDICT = "{\"classifications\": ["
                + "{\"statement\": \"s1\", \"reason\": \"r\", \"attributed\": 1},"
                + "{\"statement\": \"s2\", \"reason\": \"r\", \"attributed\": 1},"
                + "{\"statement\": \"s3\", \"reason\": \"r\", \"attributed\": 1},"
                + "{\"statement\": \"s4\", \"reason\": \"r\", \"attributed\": 0}]}";

        final GenerationBackend cluster;
        final String judgeModel;
        final List<GenerationRequest> judgeRequests = new CopyOnWriteArrayList<>();

        ScriptedJudgeBackend(GenerationBackend cluster, String judgeModel) {
            this.cluster = cluster;
            this.judgeModel = judgeModel;
        }

        @Override
        public CompletionStage<TaskResult> submit(
                String taskId, String model, GenerationRequest request, Duration deadline) {
            if (!model.equals(judgeModel)) {
                return cluster.submit(taskId, model, request, deadline);
            }
            judgeRequests.add(request);
            String prompt = request.isChat() ? request.messages().get(0).content() : request.rawPrompt();
            String verdict = prompt.contains("attributed") ? RECALL_VERDICT : "Once upon a time there was a judge.";
            return CompletableFuture.completedFuture(new TaskResult.Completed(
                    taskId,
                    model,
                    new GenerationResult(verdict, 10, 10, 1_000, "stop"),
                    "scripted",
                    List.of("scripted"),
                    List.of(),
                    1));
        }
    }

    @Test
    void theJobCountsFailedVerdictsPerModelAndMetricAndTheJudgeIsAskedWithTheSuitesSettings() throws Exception {
        String judgeModel = "llama-2-tiny-random";
        Path suite = smokeWithJudge(judgeModel, ", max-tokens = 200, temperature = 0.3");
        int ragItems = SuiteLoader.load(suite).task("rag").orElseThrow().items().size();
        ScriptedJudgeBackend backend = new ScriptedJudgeBackend(cluster.coordinator()::submit, judgeModel);
        Map<String, Map<String, Integer>> expected = Map.of(STORIES, Map.of("faithfulness", ragItems));
        try (Ledgers ledgers = Ledgers.open(data)) {
            String id;
            try (JobManager jobs = manager(ledgers, backend)) {
                JobHandle handle = jobs.start(JobSpec.of(suite, STORIES));
                id = handle.id();
                JobProgress done = handle.completion().toCompletableFuture().get(300, TimeUnit.SECONDS);

                assertThat(done.state()).isEqualTo(JobState.COMPLETED);
                // context recall was judged validly for every item: no failure counted for it
                assertThat(done.judgeFailures()).isEqualTo(expected);
                assertThat(jobs.progress(id).orElseThrow().judgeFailures()).isEqualTo(expected);
                assertThat(ledgers.items(STORIES, "rag")).hasSize(ragItems).allSatisfy(item -> {
                    assertThat(item.scores()).containsKey(ScoreNames.ragas("context-recall"));
                    assertThat(item.details())
                            .containsEntry(RagJudging.FAILURES, "1")
                            .containsKey(RagJudging.FAILURE_PREFIX + "faithfulness");
                });
                // ... and the manifest records them next to the task's own generation parameters
                assertThat(jobs.manifest(id)
                                .orElseThrow()
                                .generation()
                                .get("rag")
                                .get("judge"))
                        .isEqualTo(Map.of(
                                "model",
                                judgeModel,
                                "metrics",
                                JUDGED,
                                "attempts",
                                2,
                                "max-tokens",
                                200,
                                "temperature",
                                0.3));
                // the judge block's generation settings reach every request the judge is sent
                assertThat(backend.judgeRequests).isNotEmpty().allSatisfy(request -> {
                    assertThat(request.parameters().maxTokens()).isEqualTo(200);
                    assertThat(request.parameters().temperature()).isEqualTo(0.3);
                });
            }
            try (JobManager restarted = manager(ledgers, backend)) {
                // a manager that did not run the job counts the same from the ledgers
                assertThat(restarted.progress(id).orElseThrow().judgeFailures()).isEqualTo(expected);
                // a resume that finds every item recorded still reports the recorded items' failures
                int judgeCalls = backend.judgeRequests.size();
                JobProgress resumed =
                        restarted.resume(id).completion().toCompletableFuture().get(120, TimeUnit.SECONDS);
                assertThat(resumed.state()).isEqualTo(JobState.COMPLETED);
                assertThat(resumed.judgeFailures()).isEqualTo(expected);
                assertThat(backend.judgeRequests).hasSize(judgeCalls);
            }
        }
    }

    @Test
    void malformedVerdictsAreRecordedAsReasonedFailuresAndNeverAsScores() throws Exception {
        Path suite = smokeWithJudge(STORIES);
        int ragItems = SuiteLoader.load(suite).task("rag").orElseThrow().items().size();
        try (Ledgers ledgers = Ledgers.open(data);
                JobManager jobs = manager(ledgers)) {
            JobProgress done = jobs.start(JobSpec.of(suite, STORIES))
                    .completion()
                    .toCompletableFuture()
                    .get(300, TimeUnit.SECONDS);

            assertThat(done.state()).isEqualTo(JobState.COMPLETED);
            assertThat(done.failed()).isZero();
            assertThat(done.judgeFailures())
                    .isEqualTo(Map.of(STORIES, Map.of("faithfulness", ragItems, "context-recall", ragItems)));
            List<ScoredItem> rag = ledgers.items(STORIES, "rag");
            assertThat(rag).hasSize(ragItems).isNotEmpty();
            assertThat(rag).allSatisfy(item -> {
                assertThat(item.scores().keySet()).noneMatch(name -> name.startsWith(ScoreNames.RAGAS_PREFIX));
                assertThat(item.scores())
                        .containsKeys(
                                ScoreNames.EXACT_MATCH,
                                ScoreNames.TOKEN_F1,
                                ScoreNames.CONTEXT_PRECISION,
                                ScoreNames.CONTEXT_RECALL);
                assertThat(item.details()).containsEntry(RagJudging.FAILURES, Integer.toString(JUDGED.size()));
                for (String metric : JUDGED) {
                    assertThat(item.details().get(RagJudging.FAILURE_PREFIX + metric))
                            .as("reason for %s of %s", metric, item.id())
                            .startsWith(
                                    "JUDGE_FAILED: no usable answer from the judge after 2 attempts; last problem: ");
                }
            });
            TaskView view = ledgers.view(STORIES).task("rag").orElseThrow();
            assertThat(view.metrics().keySet()).noneMatch(name -> name.startsWith(ScoreNames.RAGAS_PREFIX));
            assertThat(view.metric(ScoreNames.TOKEN_F1)).isPresent();
            // the other tasks are not judged
            assertThat(ledgers.items(STORIES, "translation"))
                    .allSatisfy(item -> assertThat(item.details()).doesNotContainKey(RagJudging.FAILURES));
        }
    }

    @Test
    void anUnknownJudgeModelIsRefusedBeforeAnyWork() throws Exception {
        Path suite = smokeWithJudge("no-such-judge");
        try (Ledgers ledgers = Ledgers.open(data);
                JobManager jobs = manager(ledgers)) {
            assertThatThrownBy(() -> jobs.start(JobSpec.of(suite, STORIES)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("task rag: unknown judge model 'no-such-judge'");
            assertThat(jobs.jobs()).isEmpty();
            assertThat(ledgers.models()).isEmpty();
        }
    }

    @Test
    void anOptionalJudgeWhoseModelIsNotPlacedIsNotedAndScoresNothing() throws Exception {
        Path suite = smokeWithJudge("no-such-judge", ", optional = true");
        int ragItems = SuiteLoader.load(suite).task("rag").orElseThrow().items().size();
        String note = "task rag: judge model no-such-judge is not placed: faithfulness, context-recall not computed";
        try (Ledgers ledgers = Ledgers.open(data);
                JobManager jobs = manager(ledgers)) {
            JobHandle handle = jobs.start(JobSpec.of(suite, STORIES));
            JobProgress done = handle.completion().toCompletableFuture().get(300, TimeUnit.SECONDS);

            assertThat(done.state()).isEqualTo(JobState.COMPLETED);
            assertThat(done.notes()).containsExactly(note);
            assertThat(jobs.progress(handle.id()).orElseThrow().notes()).containsExactly(note);
            // nothing judged: no judged score, no judge failure counted, the judge-free scores as always
            assertThat(done.judgeFailures()).isEmpty();
            assertThat(ledgers.items(STORIES, "rag")).hasSize(ragItems).allSatisfy(item -> {
                assertThat(item.scores().keySet())
                        .noneMatch(name ->
                                name.startsWith(ScoreNames.RAGAS_PREFIX) || name.equals(RagJudgeDefinition.CORRECT));
                assertThat(item.scores()).containsKeys(ScoreNames.EXACT_MATCH, ScoreNames.TOKEN_F1);
                assertThat(item.details()).doesNotContainKey(RagJudging.FAILURES);
            });
            assertThat(jobs.manifest(handle.id())
                            .orElseThrow()
                            .generation()
                            .get("rag")
                            .get("judge"))
                    .isEqualTo(Map.of(
                            "model",
                            "no-such-judge",
                            "metrics",
                            JUDGED,
                            "attempts",
                            2,
                            "max-tokens",
                            RagJudgeDefinition.DEFAULT_MAX_TOKENS,
                            "temperature",
                            RagJudgeDefinition.DEFAULT_TEMPERATURE,
                            "optional",
                            true,
                            "skipped",
                            note));
        }
    }

    private Path smokeWithJudge(String judgeModel) throws Exception {
        return smokeWithJudge(judgeModel, "");
    }

    private Path smokeWithJudge(String judgeModel, String moreSettings) throws Exception {
        Path smoke = SmokeSuite.directory();
        try (Stream<Path> files = Files.walk(smoke)) {
            for (Path file : files.toList()) {
                Path target = suiteCopy.resolve(smoke.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path conf = suiteCopy.resolve(SuiteLoader.SUITE_FILE);
        String text = Files.readString(conf);
        assertThat(text).containsOnlyOnce("top-k = 2");
        Files.writeString(
                conf,
                text.replace(
                        "top-k = 2",
                        "top-k = 2\n    judge { model = " + judgeModel + ", metrics = [" + String.join(", ", JUDGED)
                                + "], attempts = 2" + moreSettings + " }"));
        return suiteCopy;
    }
}
