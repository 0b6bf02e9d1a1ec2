package org.slmcluster.runtime.rag.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.evaluators.rag.JudgeFreeRagMetrics;
import org.slmcluster.evaluators.rag.JudgeStats;
import org.slmcluster.evaluators.rag.RagasMetrics;
import org.slmcluster.evaluators.rag.RagasOptions;
import org.slmcluster.evaluators.squad.SquadScorer;
import org.slmcluster.runtime.evaluation.RagEvaluation;
import org.slmcluster.runtime.evaluation.RagItemScores;
import org.slmcluster.runtime.evaluation.RagasMetric;
import org.slmcluster.runtime.evaluation.ScoreNames;
import org.slmcluster.runtime.generation.TextGenerator;
import org.slmcluster.runtime.jobs.CollectionRetriever;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.rag.CollectionStore;
import org.slmcluster.runtime.rag.EmbeddingModel;
import org.slmcluster.runtime.rag.judge.ClusterJudge;
import org.slmcluster.runtime.rag.judge.JudgeSettings;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.PromptBuilder;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteLocator;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskKind;
import org.slmcluster.testing.IntegrationTest;

/**
 * RAG end to end on a real 3-member embedded cluster (stories260K on node 1): the built-in RAG questions
 * answered from a collection of the suite's documents (real MiniLM, hybrid retrieval) through the
 * coordinator's dispatcher, scored judge-free, and judged by the cluster's model.
 */
@IntegrationTest
class RagClusterTest {

    static final String MODEL = "stories260k";

    @TempDir
    static Path data;

    static EmbeddedCluster cluster;
    static EmbeddingModel encoder;
    static CollectionStore collections;
    static Suite suite;
    static TaskDefinition task;
    static String collection;
    static final List<RagItem> ITEMS = new ArrayList<>();
    static final List<RagAnswer> ANSWERS = new ArrayList<>();

    @BeforeAll
    static void answerTheBuiltinQuestionsThroughTheCluster() throws Exception {
        suite = SuiteLocator.load("builtin");
        task = suite.tasks().stream()
                .filter(t -> t.kind() == TaskKind.RAG)
                .findFirst()
                .orElseThrow();
        encoder = EmbeddingModel.miniLm();
        collections = new CollectionStore(data, encoder);
        collection =
                collections.addSuiteTask(suite, task).folder().getFileName().toString();

        cluster = EmbeddedCluster.start(
                2,
                1,
                java.util.Map.of("1", List.of(MODEL)),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(repoRoot().resolve("cluster.conf"))
                        .withSettings("pekko.cluster.seed-node-timeout = 3s\n"
                                + "pekko.cluster.retry-unsuccessful-join-after = 2s\n"
                                // RAG prompts, and RAGAS prompts for the judge, exceed cluster.conf's 512 tokens
                                + "slm.models.stories260k.context-size = 4096\n"));
        cluster.awaitUp(Duration.ofSeconds(60));

        RagAnswerer answerer = new RagAnswerer(
                collections,
                TextGenerator.ofCluster(cluster.coordinator()::submit, MODEL, Duration.ofSeconds(60)),
                MODEL,
                RagAnswerer.Settings.defaults());
        long started = System.nanoTime();
        for (var item : task.items()) {
            RagItem rag = (RagItem) item;
            ITEMS.add(rag);
            ANSWERS.add(answerer.answer(collection, task, rag));
        }
        System.out.printf(
                "answered %d RAG questions through the cluster in %d ms%n",
                ANSWERS.size(), (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (cluster != null) {
            cluster.stop();
        }
        if (collections != null) {
            collections.close();
        }
        if (encoder != null) {
            encoder.close();
        }
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("cluster.conf"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("cluster.conf above the working directory").isNotNull();
        return dir;
    }

    @Test
    void everyQuestionIsAnsweredByTheClusterModelFromRetrievedChunks() {
        assertThat(ANSWERS).hasSize(task.items().size()).isNotEmpty();
        for (int i = 0; i < ANSWERS.size(); i++) {
            RagAnswer answer = ANSWERS.get(i);
            RagItem item = ITEMS.get(i);
            assertThat(answer.node()).isEqualTo("1");
            assertThat(answer.model()).isEqualTo(MODEL);
            assertThat(answer.outputTokens()).isPositive();
            assertThat(answer.promptTokens()).isPositive();
            assertThat(answer.answer()).isEqualTo(Citations.withoutSources(answer.rawText()));
            assertThat(answer.citedIds()).isEqualTo(Citations.cited(answer.rawText(), answer.retrievedIds()));
            assertThat(answer.retrieved()).hasSize(task.topK());
            assertThat(answer.retrieved()).extracting(RetrievedChunk::rank).containsExactly(1, 2, 3);

            // The prompt is the suite's, with the retrieved chunks and their ids before the question.
            List<ContextChunk> context = answer.retrieved().stream()
                    .map(c -> new ContextChunk(c.id(), c.text()))
                    .toList();
            assertThat(answer.prompt()).isEqualTo(PromptBuilder.build(task, item, context));
            assertThat(answer.promptSha256()).isEqualTo(answer.prompt().sha256());
            String user = answer.prompt().userMessage();
            int question = user.indexOf("Question: " + item.question());
            assertThat(question).isPositive();
            for (RetrievedChunk chunk : answer.retrieved()) {
                int at = user.indexOf("[" + chunk.id() + "] " + chunk.text());
                assertThat(at)
                        .as("chunk %s in the prompt before the question", chunk.id())
                        .isBetween(0, question);
            }
        }
    }

    @Test
    void retrievalFindsTheGoldChunksForMostQuestions() {
        int found = 0;
        for (int i = 0; i < ANSWERS.size(); i++) {
            if (ANSWERS.get(i).retrievedIds().containsAll(ITEMS.get(i).goldChunkIds())) {
                found++;
            }
        }
        System.out.printf(
                "gold chunks all retrieved (top %d, hybrid) for %d of %d questions%n",
                task.topK(), found, ANSWERS.size());
        assertThat((double) found / ANSWERS.size()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void theJobRetrieverServesTheSameChunksAsTheAnswerer(@TempDir Path jobData) {
        // Its own data dir and encoder, as JobManager would own it: same index content, same ranking.
        try (CollectionStore store = new CollectionStore(jobData, encoder)) {
            CollectionRetriever retriever = new CollectionRetriever(store);
            for (int i = 0; i < ANSWERS.size(); i++) {
                assertThat(retriever.retrieve(task, ITEMS.get(i)))
                        .extracting(ContextChunk::id)
                        .isEqualTo(ANSWERS.get(i).retrievedIds());
            }
        }
        assertThat(new CollectionStore(jobData, encoder).names())
                .singleElement()
                .satisfies(name -> assertThat(name).startsWith("task-" + task.id() + "-"));
    }

    @Test
    void aFreeQuestionGetsTheSuiteLayoutAndTheSameAnswer() throws Exception {
        RagAnswerer answerer = new RagAnswerer(
                collections,
                TextGenerator.ofCluster(cluster.coordinator()::submit, MODEL, Duration.ofSeconds(60)),
                MODEL,
                RagAnswerer.Settings.defaults());
        RagAnswer free = answerer.answer(collection, ITEMS.get(0).question());
        // Same template, system prompt, top-k and greedy settings as the built-in task: the same prompt and text.
        assertThat(free.prompt()).isEqualTo(ANSWERS.get(0).prompt());
        assertThat(free.rawText()).isEqualTo(ANSWERS.get(0).rawText());
        assertThat(free.node()).isEqualTo("1");

        // The prepare-only path (as the HTTP API uses it): the caller submits, then records the answer.
        PreparedQuestion prepared = new RagAnswerer(collections, RagAnswerer.Settings.defaults())
                .prepare(collection, ITEMS.get(0).question());
        assertThat(prepared.prompt()).isEqualTo(free.prompt());
        TaskResult result = cluster.submit(MODEL, prepared.request(), Duration.ofSeconds(60))
                .toCompletableFuture()
                .get(90, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(TaskResult.Completed.class);
        TaskResult.Completed done = (TaskResult.Completed) result;
        RagAnswer recorded = prepared.answer(MODEL, done.result(), done.nodeLabel());
        var json = RagAnswerJson.toJson(recorded);
        assertThat(json.path("answer").asText()).isEqualTo(free.answer());
        assertThat(json.path("retrieved").get(0).path("id").asText())
                .isEqualTo(free.retrievedIds().get(0));
        assertThat(json.path("retrieved").get(0).path("rank").asInt()).isEqualTo(1);
        assertThat(json.path("cited_ids").size()).isEqualTo(free.citedIds().size());
        assertThat(recorded.rawText()).isEqualTo(free.rawText());
        assertThat(recorded.citedIds()).isEqualTo(free.citedIds());
        assertThat(recorded.retrievedIds()).isEqualTo(free.retrievedIds());
    }

    @Test
    void judgeFreeScoresAreTheMetricsOfTheRecordedAnswers() {
        RagEvaluation evaluation = new RagEvaluation(encoder);
        List<RagItemScores> scored = new ArrayList<>();
        for (int i = 0; i < ANSWERS.size(); i++) {
            RagAnswer answer = ANSWERS.get(i);
            RagItem item = ITEMS.get(i);
            RagItemScores scores = evaluation.score(answer, item);
            scored.add(scores);
            String text = Citations.withoutSources(answer.rawText());
            assertThat(scores.itemId()).isEqualTo(item.id());
            assertThat(scores.value(ScoreNames.EXACT_MATCH))
                    .hasValue(SquadScorer.exactMatch(text, item.answer()) ? 1.0 : 0.0);
            assertThat(scores.value(ScoreNames.TOKEN_F1)).hasValue(SquadScorer.f1(text, item.answer()));
            assertThat(scores.value(ScoreNames.EMBEDDING_SIMILARITY))
                    .hasValue(JudgeFreeRagMetrics.answerSimilarity(encoder, text, item.answer()));
            assertThat(scores.value(ScoreNames.CONTEXT_PRECISION))
                    .hasValue(JudgeFreeRagMetrics.idContextPrecision(answer.retrievedIds(), item.goldChunkIds()));
            assertThat(scores.value(ScoreNames.CONTEXT_RECALL))
                    .hasValue(JudgeFreeRagMetrics.idContextRecall(answer.retrievedIds(), item.goldChunkIds()));
            assertThat(scores.judgeFailures()).isEmpty();
        }
        var summary = RagEvaluation.summarize(scored);
        System.out.println("judge-free means: " + summary);
        assertThat(summary.get(ScoreNames.CONTEXT_RECALL).scored()).isEqualTo(ANSWERS.size());
    }

    @Test
    void theClusterModelAsJudgeFailsVisiblyAfterItsRetries() {
        ClusterJudge judge = new ClusterJudge(
                cluster.coordinator()::submit,
                MODEL,
                JudgeSettings.defaults().withChat(false).withMaxTokens(48).withTimeout(Duration.ofSeconds(60)));
        RagasMetrics ragas =
                new RagasMetrics(judge, encoder, RagasOptions.defaults().withMaxAttempts(2));
        RagEvaluation evaluation = new RagEvaluation(encoder, ragas, EnumSet.of(RagasMetric.CONTEXT_RECALL));

        RagItemScores scores = evaluation.score(ANSWERS.get(0), ITEMS.get(0));

        assertThat(scores.judgeFailures()).containsOnlyKeys("ragas-context-recall");
        assertThat(scores.judgeFailures().get("ragas-context-recall")).contains("after 2 attempts");
        assertThat(evaluation.judgeStats()).hasValue(new JudgeStats.Snapshot(2, 2, 0, 1));
        assertThat(scores.value(ScoreNames.TOKEN_F1)).isPresent();
    }
}
