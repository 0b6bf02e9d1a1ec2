package org.slmcluster.runtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.evaluators.classification.ClassDefinition;
import org.slmcluster.evaluators.classification.ClassLabelMatcher;
import org.slmcluster.evaluators.mt.Bleu;
import org.slmcluster.evaluators.mt.BleuOptions;
import org.slmcluster.evaluators.mt.Chrf;
import org.slmcluster.evaluators.mt.ChrfOptions;
import org.slmcluster.evaluators.ner.NamedEntity;
import org.slmcluster.evaluators.ner.NerScorer;
import org.slmcluster.evaluators.rag.JudgeFreeRagMetrics;
import org.slmcluster.evaluators.rouge.RougeScorer;
import org.slmcluster.evaluators.rouge.RougeType;
import org.slmcluster.evaluators.squad.SquadScorer;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.evaluation.ItemEvaluator;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.evaluation.SmokeSuite;
import org.slmcluster.runtime.generation.GenerationBackend;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.ledger.ModelView;
import org.slmcluster.runtime.ledger.TaskView;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.suite.ClassificationItem;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.NerItem;
import org.slmcluster.runtime.suite.PromptBuilder;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteException;
import org.slmcluster.runtime.suite.SummarizationItem;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskItem;
import org.slmcluster.runtime.suite.TranslationItem;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.IntegrationTest;

/**
 * Jobs on a real 3-member embedded cluster (root coordinator; stories260K on node 0, the random tiny llama
 * on node 1) with llama.cpp, the smoke suite, and ledgers on H2 files in a temporary data dir.
 */
@IntegrationTest
class JobManagerClusterTest {

    static final String STORIES = "stories260k";
    static final String RANDOM = "llama-2-tiny-random";
    static final Map<String, String> PLACEMENT = Map.of(STORIES, "0", RANDOM, "1");

    static EmbeddedCluster cluster;
    static Suite suite;

    @TempDir
    Path data;

    @BeforeAll
    static void startCluster() {
        suite = SmokeSuite.load();
        cluster = EmbeddedCluster.start(
                2,
                1,
                Map.of("0", List.of(STORIES), "1", List.of(RANDOM)),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(repoRoot().resolve("cluster.conf"))
                        .withSettings(
                                "pekko.cluster.seed-node-timeout = 3s\npekko.cluster.retry-unsuccessful-join-after = 2s\n"
                                        // the smoke suite asks for a 1024-token context (cluster.conf loads them with
                                        // 512)
                                        + "slm.models.stories260k.context-size = 1024\n"
                                        + "slm.models.llama-2-tiny-random.context-size = 1024\n"));
        cluster.awaitUp(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    static Path repoRoot() {
        return SmokeSuite.directory().getParent().getParent();
    }

    JobManager manager(Ledgers ledgers, GenerationBackend backend, int maxInFlight) {
        JobManager.Settings settings = JobManager.Settings.defaults(data)
                .withMaxInFlight(maxInFlight)
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

    GenerationBackend clusterBackend() {
        return cluster.coordinator()::submit;
    }

    static JobProgress await(JobHandle handle) throws Exception {
        return handle.completion().toCompletableFuture().get(180, TimeUnit.SECONDS);
    }

    static int unitsPerModel() {
        return suite.itemCount();
    }

    @Test
    void aJobRecordsWhatTheMetricsSayOfTheAnswersAndARerunRunsNoInference() throws Exception {
        CountingBackend backend = new CountingBackend(clusterBackend());
        try (Ledgers ledgers = Ledgers.open(data);
                JobManager jobs = manager(ledgers, backend, 4)) {
            JobHandle handle = jobs.start(JobSpec.of(SmokeSuite.directory(), STORIES, RANDOM));
            JobProgress done = await(handle);

            int total = 2 * unitsPerModel();
            assertThat(done.state()).isEqualTo(JobState.COMPLETED);
            assertThat(done.total()).isEqualTo(total);
            assertThat(done.done()).isEqualTo(total);
            assertThat(done.cached()).isZero();
            assertThat(backend.submits()).isEqualTo(total);
            assertThat(ledgers.models()).containsExactly(RANDOM, STORIES);

            Map<String, ModelView> views = new HashMap<>();
            for (String model : List.of(STORIES, RANDOM)) {
                List<ScoredItem> items = ledgers.items(model);
                assertThat(items).hasSize(unitsPerModel());
                assertThat(items).allSatisfy(item -> {
                    assertThat(item.node()).isEqualTo(PLACEMENT.get(model));
                    assertThat(item.hops()).isEqualTo(1);
                    assertThat(item.latencyNanos()).isPositive();
                    assertThat(item.cached()).isFalse();
                });
                assertThat(items.stream().mapToInt(ScoredItem::outputTokens).sum())
                        .isPositive();
                ModelView view = ledgers.view(model);
                views.put(model, view);
                assertViewEqualsIndependentRecomputation(view, items);
            }

            RunManifest manifest = jobs.manifest(handle.id()).orElseThrow();
            assertThat(manifest.state()).isEqualTo("COMPLETED");
            assertThat(manifest.endedAt()).isNotNull();
            assertThat(manifest.suiteHash()).isEqualTo(suite.contentHash());
            assertThat(manifest.models().get(STORIES).fileSha256())
                    .isEqualTo("270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d");
            assertThat(manifest.promptsHash()).hasSize(64);
            assertThat(manifest.topology()).isEqualTo(new RunManifest.Topology(2, 1, "root"));
            assertThat(manifest.generation().get("classification")).containsEntry("max-tokens", 8);
            assertThat(data.resolve("jobs").resolve(handle.id()).resolve("manifest.json"))
                    .isRegularFile();

            // The same suite again: every answer comes from the response cache, no inference, the ledgers unchanged.
            JobProgress rerun = await(jobs.start(JobSpec.of(SmokeSuite.directory(), STORIES, RANDOM)));
            assertThat(rerun.state()).isEqualTo(JobState.COMPLETED);
            assertThat(rerun.cached()).isEqualTo(total);
            assertThat(backend.submits()).isEqualTo(total);
            for (String model : List.of(STORIES, RANDOM)) {
                assertThat(ledgers.view(model)).isEqualTo(views.get(model));
            }
            assertThat(journalRows()).isEqualTo(total);

            // Re-scoring with other metrics (a copy of the suite whose translation task lists chrF and TER):
            // still no inference; the translation records are replaced, counted once.
            Path rescored = copySmokeSuite(data.resolve("rescored-suite"));
            Path conf = rescored.resolve("suite.conf");
            Files.writeString(
                    conf,
                    Files.readString(conf)
                            .replace(
                                    "dataset = translation.jsonl",
                                    "dataset = translation.jsonl\n    metrics = [chrf, ter]"));
            JobProgress rescoring = await(jobs.start(JobSpec.of(rescored, STORIES)));
            assertThat(rescoring.state()).isEqualTo(JobState.COMPLETED);
            assertThat(rescoring.cached()).isEqualTo(unitsPerModel());
            assertThat(backend.submits()).isEqualTo(total);
            List<ScoredItem> translations = ledgers.items(STORIES, "translation");
            assertThat(translations)
                    .hasSize(suite.task("translation").orElseThrow().items().size())
                    .allSatisfy(item -> assertThat(item.scores()).containsOnlyKeys("chrf", "ter"));
            assertThat(ledgers.view(STORIES).itemCount()).isEqualTo(unitsPerModel());
            assertThat(journalRows()).isEqualTo(total + translations.size());
        }
    }

    static Path copySmokeSuite(Path copy) throws Exception {
        Path smoke = SmokeSuite.directory();
        try (Stream<Path> files = Files.walk(smoke)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(smoke.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    @Test
    void aCoordinatorKilledMidJobKeepsItsLedgerAndTheResumedJobRunsOnlyTheRest() throws Exception {
        int recordedBeforeKill = 5;
        int total = 2 * unitsPerModel();
        CountingBackend gated = new CountingBackend(clusterBackend(), recordedBeforeKill);
        Ledgers first = Ledgers.open(data);
        JobManager crashing = manager(first, gated, 2);
        JobHandle handle = crashing.start(JobSpec.of(SmokeSuite.directory(), STORIES, RANDOM));
        Eventually.until(
                Duration.ofSeconds(120),
                recordedBeforeKill + " items recorded and two answers held",
                () -> crashing.progress(handle.id()).orElseThrow().done() >= recordedBeforeKill && gated.held() >= 2);
        // the coordinator's ledger system dies with two answers still in flight
        first.system().terminate();
        first.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        gated.release();
        JobProgress interrupted = await(handle);
        assertThat(interrupted.state()).isEqualTo(JobState.INTERRUPTED);
        assertThat(interrupted.done()).isEqualTo(recordedBeforeKill);
        crashing.close();

        CountingBackend backend = new CountingBackend(clusterBackend());
        try (Ledgers ledgers = Ledgers.open(data);
                JobManager restarted = manager(ledgers, backend, 4)) {
            assertThat(ledgers.items(STORIES).size() + ledgers.items(RANDOM).size())
                    .isEqualTo(recordedBeforeKill);
            JobProgress onDisk = restarted.progress(handle.id()).orElseThrow();
            assertThat(onDisk.state()).isEqualTo(JobState.INTERRUPTED);
            assertThat(onDisk.done()).isEqualTo(recordedBeforeKill);
            assertThat(onDisk.total()).isEqualTo(total);

            JobProgress resumed = await(restarted.resume(handle.id()));
            assertThat(resumed.state()).isEqualTo(JobState.COMPLETED);
            assertThat(resumed.done()).isEqualTo(total);
            // only what was missing ran: generated now or answered from the answers that arrived after the kill
            assertThat(backend.submits() + resumed.cached()).isEqualTo(total - recordedBeforeKill);
            assertThat(resumed.cached()).isLessThanOrEqualTo(gated.held());
            for (String model : List.of(STORIES, RANDOM)) {
                List<ScoredItem> items = ledgers.items(model);
                assertThat(items).hasSize(unitsPerModel());
                assertThat(items.stream().map(ScoredItem::id).distinct().count())
                        .isEqualTo(unitsPerModel());
            }
            assertThat(journalRows()).isEqualTo(total);
            assertThat(restarted.progress(handle.id()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        }
    }

    @Test
    void aMalformedSuiteIsRefusedWithFileAndLineBeforeAnyWork(@TempDir Path copy) throws Exception {
        Path smoke = SmokeSuite.directory();
        copySmokeSuite(copy);
        int lines = Files.readAllLines(copy.resolve("translation.jsonl")).size();
        Files.writeString(
                copy.resolve("translation.jsonl"),
                "{\"id\": \"broken\", \"source\": \"x\"}\n",
                StandardOpenOption.APPEND);
        CountingBackend backend = new CountingBackend(clusterBackend());
        try (Ledgers ledgers = Ledgers.open(data);
                JobManager jobs = manager(ledgers, backend, 4)) {
            assertThatThrownBy(() -> jobs.start(JobSpec.of(copy, STORIES)))
                    .isInstanceOf(SuiteException.class)
                    .hasMessageContaining("translation.jsonl:" + (lines + 1) + ":");
            assertThatThrownBy(() -> jobs.start(JobSpec.of(smoke, "no-such-model")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no-such-model");
            assertThat(backend.submits()).isZero();
            assertThat(jobs.jobs()).isEmpty();
            assertThat(ledgers.models()).isEmpty();
        }
    }

    @Test
    void aCancelledJobStopsDispatchingAndCanBeResumed() throws Exception {
        CountingBackend gated = new CountingBackend(clusterBackend(), 2);
        try (Ledgers ledgers = Ledgers.open(data);
                JobManager jobs = manager(ledgers, gated, 1)) {
            JobHandle handle = jobs.start(JobSpec.of(SmokeSuite.directory(), STORIES));
            Eventually.until(Duration.ofSeconds(120), "an answer held", () -> gated.held() >= 1);
            assertThat(jobs.cancel(handle.id())).isTrue();
            gated.release();
            JobProgress cancelled = await(handle);
            assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
            assertThat(cancelled.done()).isEqualTo(3); // two passed, the one in flight still recorded
            assertThat(gated.submits()).isEqualTo(3);
            assertThat(jobs.cancel(handle.id())).isFalse();

            JobProgress resumed = await(jobs.resume(handle.id()));
            assertThat(resumed.state()).isEqualTo(JobState.COMPLETED);
            assertThat(ledgers.items(STORIES)).hasSize(unitsPerModel());
            assertThat(gated.submits()).isEqualTo(unitsPerModel());
        }
    }

    // ---- independent recomputation of the ledger's numbers from the recorded answers

    private static final Pattern SOURCES = Pattern.compile("(?im)^\\s*\\**\\s*sources?\\s*\\**\\s*:.*$");

    static void assertViewEqualsIndependentRecomputation(ModelView view, List<ScoredItem> items) {
        Chrf chrfPlusPlus = new Chrf(ChrfOptions.chrfPlusPlus());
        Bleu bleu = new Bleu(BleuOptions.defaults().withEffectiveOrder(true));
        RougeScorer rouge = new RougeScorer(
                List.of(RougeType.parse("rouge1"), RougeType.parse("rouge2"), RougeType.ROUGE_L, RougeType.ROUGE_LSUM),
                true);
        Map<String, Map<String, List<Double>>> expected = new HashMap<>();
        for (ScoredItem recorded : items) {
            TaskDefinition task = suite.task(recorded.task()).orElseThrow();
            TaskItem item = task.item(recorded.key().item()).orElseThrow();
            String answer = recorded.answer();
            Map<String, List<Double>> byMetric = expected.computeIfAbsent(task.id(), t -> new HashMap<>());
            switch (task.kind()) {
                case TRANSLATION -> {
                    String reference = ((TranslationItem) item).reference();
                    add(
                            byMetric,
                            "chrf++",
                            chrfPlusPlus
                                    .sentenceScore(answer, List.of(reference))
                                    .score());
                    add(
                            byMetric,
                            "bleu",
                            bleu.sentenceScore(answer, List.of(reference)).score());
                    assertThat(recorded.promptHash())
                            .isEqualTo(PromptBuilder.build(task, item).sha256());
                }
                case SUMMARIZATION ->
                    rouge.score(((SummarizationItem) item).summary(), answer)
                            .forEach((name, score) -> add(byMetric, name, score.fmeasure()));
                case NER ->
                    add(
                            byMetric,
                            "ner-score",
                            new NerScorer(Set.copyOf(task.entityTypes()))
                                    .score(
                                            answer,
                                            ((NerItem) item)
                                                    .entities().stream()
                                                            .map(e -> new NamedEntity(e.text(), e.type()))
                                                            .toList())
                                    .rFinal());
                case CLASSIFICATION -> {
                    var matched = new ClassLabelMatcher(task.classes().stream()
                                    .map(c -> new ClassDefinition(c.name(), c.description()))
                                    .toList())
                            .match(answer);
                    add(
                            byMetric,
                            "accuracy",
                            matched.isPresent() && matched.get().name().equals(((ClassificationItem) item).label())
                                    ? 1.0
                                    : 0.0);
                }
                case RAG -> {
                    RagItem rag = (RagItem) item;
                    String stripped = SOURCES.matcher(answer).replaceAll("").strip();
                    add(byMetric, "token-f1", SquadScorer.f1(stripped, rag.answer()));
                    add(byMetric, "exact-match", SquadScorer.exactMatch(stripped, rag.answer()) ? 1.0 : 0.0);
                    add(
                            byMetric,
                            "context-recall",
                            JudgeFreeRagMetrics.idContextRecall(recorded.retrievedIds(), rag.goldChunkIds()));
                    List<ContextChunk> context = new ArrayList<>();
                    recorded.retrievedIds()
                            .forEach(id -> context.add(ContextChunk.of(
                                    task.ragCollection().orElseThrow().chunk(id).orElseThrow())));
                    assertThat(recorded.promptHash())
                            .isEqualTo(PromptBuilder.build(task, rag, context).sha256());
                }
                case GENERATION -> assertThat(recorded.scores()).isEmpty();
            }
        }
        for (TaskDefinition task : suite.tasks()) {
            TaskView taskView = view.task(task.id()).orElseThrow();
            assertThat(taskView.count()).isEqualTo(task.items().size());
            expected.getOrDefault(task.id(), Map.of()).forEach((metric, values) -> {
                double mean = values.stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElseThrow();
                assertThat(taskView.metric(metric))
                        .as("%s %s %s", view.model(), task.id(), metric)
                        .isPresent();
                assertThat(taskView.metric(metric).get().count()).isEqualTo(values.size());
                assertThat(taskView.metric(metric).get().mean())
                        .as("%s %s %s", view.model(), task.id(), metric)
                        .isCloseTo(mean, within(1e-9));
            });
        }
    }

    private static void add(Map<String, List<Double>> byMetric, String metric, double value) {
        byMetric.computeIfAbsent(metric, m -> new ArrayList<>()).add(value);
    }

    private long journalRows() throws Exception {
        String url = "jdbc:h2:file:" + data.toAbsolutePath().toString().replace('\\', '/') + "/ledger/ledger";
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM \"event_journal\"")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
