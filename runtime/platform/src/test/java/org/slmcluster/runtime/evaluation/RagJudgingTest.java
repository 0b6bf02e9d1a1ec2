package org.slmcluster.runtime.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.evaluators.rag.Judge;
import org.slmcluster.runtime.generation.GenerationBackend;
import org.slmcluster.runtime.rag.judge.JudgeSettings;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.RagJudgeDefinition;
import org.slmcluster.runtime.suite.RenderedPrompt;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskKind;

/** A RAG task's judge adds its RAGAS metrics to an item's evaluation; failures are details, never scores. */
class RagJudgingTest {

    static final String RECALL_VERDICT = "{\"classifications\": ["
            + "{\"statement\": \"s1\", \"reason\": \"r\", \"attributed\": 1},"
            + "{\"statement\": \"s2\", \"reason\": \"r\", \"attributed\": 1},"
            + "{\"statement\": \"s3\", \"reason\": \"r\", \"attributed\": 1},"
            + "{\"statement\": \"s4\", \"reason\": \"r\", \"attributed\": 0}]}";

    /** Answers the reference-attribution prompt (context recall) validly and everything else with prose. */
    static final class ScriptedJudge implements Judge {
        final List<String> prompts = new ArrayList<>();

        @Override
        public synchronized String complete(String prompt) {
            prompts.add(prompt);
            return prompt.contains("attributed") ? RECALL_VERDICT : "Once upon a time there was a judge.";
        }
    }

    final TaskDefinition rag = SmokeSuite.load().task("rag").orElseThrow();
    final RagItem item = (RagItem) rag.items().get(0);
    final List<String> retrieved = List.of(item.goldChunkIds().get(0));
    final ItemEvaluator evaluator = new ItemEvaluator();

    @Test
    void aValidVerdictIsScoredAndAMalformedOneIsAReasonedFailure() {
        ScriptedJudge judge = new ScriptedJudge();
        RagJudgeDefinition definition = new RagJudgeDefinition("judge", List.of("context-recall", "faithfulness"), 2);
        Evaluation base = evaluator.evaluate(rag, item, prompt(), retrieved, item.answer());

        Evaluation judged = new RagJudging(definition, judge, null).judge(rag, item, retrieved, item.answer(), base);

        assertThat(judged.scores().get(ScoreNames.ragas("context-recall"))).isCloseTo(0.75, within(1e-12));
        assertThat(judged.scores()).doesNotContainKey(ScoreNames.ragas("faithfulness"));
        assertThat(judged.scores()).containsAllEntriesOf(base.scores()).containsKey(ScoreNames.TOKEN_F1);
        assertThat(judged.details()).containsEntry(RagJudging.FAILURES, "1");
        assertThat(judged.details().get(RagJudging.FAILURE_PREFIX + "faithfulness"))
                .startsWith("JUDGE_FAILED: ");
        // the contexts judged are the retrieved chunks' texts; faithfulness was tried twice (attempts = 2)
        String chunkText = rag.ragCollection()
                .orElseThrow()
                .chunk(retrieved.get(0))
                .orElseThrow()
                .text();
        assertThat(judge.prompts.get(0)).contains(item.question());
        assertThat(judge.prompts)
                .anySatisfy(p -> assertThat(p).contains("attributed").contains(firstLine(chunkText)));
        assertThat(judge.prompts).hasSize(3);

        ScoredItem scored = new ScoredItem(
                new TaskKey("smoke", "rag", item.id(), 1L),
                "m",
                TaskKind.RAG,
                "h",
                item.answer(),
                judged.scores(),
                judged.flags(),
                judged.details(),
                0,
                0,
                0,
                0,
                "stop",
                "",
                0,
                false,
                retrieved,
                0);
        assertThat(scored.scores()).containsKey("ragas-context-recall").doesNotContainKey("ragas-faithfulness");
    }

    @Test
    void theCorrectVerdictIsScoredAsCorrectAndItsFailureIsNoZero() {
        RagJudgeDefinition definition = new RagJudgeDefinition("judge", List.of(RagJudgeDefinition.CORRECT), 2);
        Evaluation base = evaluator.evaluate(rag, item, prompt(), retrieved, item.answer());
        List<String> prompts = new ArrayList<>();
        Judge yes = prompt -> {
            prompts.add(prompt);
            return "{\"reason\": \"same\", \"correct\": 1}";
        };

        Evaluation judged = new RagJudging(definition, yes, null).judge(rag, item, retrieved, item.answer(), base);
        Evaluation failed = new RagJudging(definition, new ScriptedJudge(), null)
                .judge(rag, item, retrieved, "Something else.", base);

        assertThat(judged.scores()).containsEntry(ScoreNames.CORRECT, 1.0);
        assertThat(judged.details()).containsEntry(RagJudging.FAILURES, "0");
        assertThat(prompts)
                .singleElement()
                .satisfies(p -> assertThat(p).contains(item.question()).contains(item.answer()));
        assertThat(failed.scores()).doesNotContainKey(ScoreNames.CORRECT);
        assertThat(failed.details()).containsEntry(RagJudging.FAILURES, "1");
        assertThat(failed.details().get(RagJudging.FAILURE_PREFIX + "correct")).startsWith("JUDGE_FAILED: ");
    }

    @Test
    void theJudgeBlocksMaxTokensAndTemperatureReachEveryRequestTheClusterJudgeSends() {
        List<GenerationRequest> requests = new ArrayList<>();
        List<String> models = new ArrayList<>();
        GenerationBackend backend = (taskId, model, request, deadline) -> {
            synchronized (requests) {
                requests.add(request);
                models.add(model);
            }
            String prompt = request.messages().get(0).content();
            String verdict = prompt.contains("attributed") ? RECALL_VERDICT : "not a verdict";
            return CompletableFuture.completedFuture(new TaskResult.Completed(
                    taskId,
                    model,
                    new GenerationResult(verdict, 10, 10, 1_000, "stop"),
                    "node-1",
                    List.of("node-1"),
                    List.of(),
                    1));
        };
        RagJudgeDefinition definition =
                new RagJudgeDefinition("big-judge", List.of("context-recall", "faithfulness"), 1, 300, 0.7);
        Evaluation base = evaluator.evaluate(rag, item, prompt(), retrieved, item.answer());

        Evaluation judged = RagJudging.throughCluster(definition, backend, Duration.ofSeconds(5), null)
                .judge(rag, item, retrieved, item.answer(), base);

        assertThat(judged.scores().get(ScoreNames.ragas("context-recall"))).isCloseTo(0.75, within(1e-12));
        assertThat(judged.details()).containsEntry(RagJudging.FAILURES, "1");
        assertThat(requests).hasSize(2).allSatisfy(request -> {
            assertThat(request.isChat()).isTrue();
            assertThat(request.parameters().maxTokens()).isEqualTo(300);
            assertThat(request.parameters().temperature()).isEqualTo(0.7);
            assertThat(request.parameters().seed()).isEqualTo(JudgeSettings.SEED);
        });
        assertThat(models).containsOnly("big-judge");
    }

    @Test
    void aJudgeWithoutGenerationSettingsIsAskedGreedilyWith512Tokens() {
        JudgeSettings settings =
                RagJudging.settings(new RagJudgeDefinition("judge", List.of("faithfulness"), 2), Duration.ofSeconds(7));
        assertThat(settings.parameters()).isEqualTo(JudgeSettings.defaults().parameters());
        assertThat(settings.parameters().maxTokens()).isEqualTo(512);
        assertThat(settings.parameters().temperature()).isZero();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void metricsThatNeedEmbeddingsAreRefusedWithoutAnEncoder() {
        RagJudgeDefinition definition = new RagJudgeDefinition("judge", List.of("answer-relevancy"), 1);
        assertThatThrownBy(() -> new RagJudging(definition, new ScriptedJudge(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sentence encoder");
    }

    private RenderedPrompt prompt() {
        return new RenderedPrompt("", item.question());
    }

    private static String firstLine(String text) {
        return text.strip().split("\\R")[0];
    }
}
