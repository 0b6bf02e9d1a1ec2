package org.slmcluster.runtime.rag.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.evaluators.rag.Judge;
import org.slmcluster.evaluators.rag.JudgeStats;
import org.slmcluster.evaluators.rag.MalformedVerdictException;
import org.slmcluster.evaluators.rag.RagScore;
import org.slmcluster.evaluators.rag.RagSummary;
import org.slmcluster.evaluators.rag.RagasMetrics;
import org.slmcluster.evaluators.rag.RagasOptions;
import org.slmcluster.evaluators.rag.VerdictJson;
import org.slmcluster.runtime.engines.Engines;
import org.slmcluster.runtime.evaluation.RagEvaluation;
import org.slmcluster.runtime.evaluation.RagItemScores;
import org.slmcluster.runtime.evaluation.RagasMetric;
import org.slmcluster.runtime.evaluation.ScoreNames;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.rag.RetrievalMode;
import org.slmcluster.runtime.rag.answer.RagAnswer;
import org.slmcluster.runtime.rag.answer.RetrievedChunk;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.PromptBuilder;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.RenderedPrompt;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteLocator;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskKind;

/**
 * The judge path with a real engine: stories260K (llama.cpp) as the RAGAS judge. It is no instruction
 * model and never writes the JSON verdicts asked for, so every metric must be retried the configured
 * number of times and then reported as a judge failure, counted, and left out of the means.
 */
class EngineJudgeTest {

    static final String STORIES_SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
    static final int ATTEMPTS = 2;

    static InferenceEngine engine;
    static TaskDefinition task;

    @BeforeAll
    static void load() throws Exception {
        // RAGAS prompts with their examples need more than the model's 512 trained positions.
        engine = Engines.create(ModelSpec.llamaCpp("stories260k", "stories260K.gguf", STORIES_SHA256)
                .withContextSize(4096));
        engine.load();
        Suite suite = SuiteLocator.load("builtin");
        task = suite.tasks().stream()
                .filter(t -> t.kind() == TaskKind.RAG)
                .findFirst()
                .orElseThrow();
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** The gold answer with the gold chunks as the retrieved context, as a RagAnswer. */
    static RagAnswer goldAnswer(RagItem item) {
        List<ContextChunk> context = PromptBuilder.goldContext(task, item);
        List<RetrievedChunk> retrieved = new ArrayList<>();
        for (int i = 0; i < context.size(); i++) {
            retrieved.add(new RetrievedChunk(context.get(i).id(), context.get(i).text(), i + 1, 1.0));
        }
        RenderedPrompt prompt = PromptBuilder.build(task, item, context);
        return new RagAnswer(
                "builtin",
                item.question(),
                item.answer(),
                item.answer(),
                List.of(),
                retrieved,
                RetrievalMode.HYBRID,
                prompt,
                prompt.sha256(),
                "gold",
                "",
                0,
                0,
                0,
                "stop");
    }

    @Test
    void malformedVerdictsOfARealModelAreRetriedThenReportedAsJudgeFailures() {
        EngineJudge judge =
                new EngineJudge(engine, JudgeSettings.defaults().withChat(false).withMaxTokens(48));
        List<String> outputs = Collections.synchronizedList(new ArrayList<>());
        Judge recording = prompt -> {
            String out = judge.complete(prompt);
            outputs.add(out);
            return out;
        };
        RagasMetrics ragas =
                new RagasMetrics(recording, null, RagasOptions.defaults().withMaxAttempts(ATTEMPTS));
        EnumSet<RagasMetric> metrics = EnumSet.of(RagasMetric.FAITHFULNESS, RagasMetric.CONTEXT_RECALL);
        RagEvaluation evaluation = new RagEvaluation(null, ragas, metrics);

        List<RagItemScores> items = new ArrayList<>();
        for (RagItem item :
                List.of((RagItem) task.items().get(0), (RagItem) task.items().get(1))) {
            items.add(evaluation.score(goldAnswer(item), item));
        }

        for (RagItemScores item : items) {
            assertThat(item.judgeFailures())
                    .containsOnlyKeys(
                            metrics.stream().map(RagasMetric::scoreName).toArray(String[]::new));
            item.judgeFailures()
                    .values()
                    .forEach(reason -> assertThat(reason)
                            .startsWith(
                                    "no usable answer from the judge after " + ATTEMPTS + " attempts; last problem:"));
            // The judge-free scores are there regardless: the answer is the gold answer.
            assertThat(item.value(ScoreNames.EXACT_MATCH)).hasValue(1.0);
            assertThat(item.value(ScoreNames.CONTEXT_RECALL)).hasValue(1.0);
        }
        int failures = metrics.size() * items.size();
        // Each metric's first prompt is tried ATTEMPTS times and every answer is malformed.
        assertThat(evaluation.judgeStats())
                .hasValue(new JudgeStats.Snapshot((long) ATTEMPTS * failures, (long) ATTEMPTS * failures, 0, failures));
        assertThat(outputs).hasSize(ATTEMPTS * failures);
        assertThat(outputs).anySatisfy(out -> assertThat(out).isNotBlank());
        assertThat(outputs)
                .allSatisfy(out -> assertThatThrownBy(() -> VerdictJson.parseObject(out))
                        .isInstanceOf(MalformedVerdictException.class));

        Map<String, RagSummary> summary = RagEvaluation.summarize(items);
        for (RagasMetric metric : metrics) {
            RagSummary s = summary.get(metric.scoreName());
            assertThat(s.mean())
                    .as("a metric with no verdict has no mean, not 0")
                    .isEmpty();
            assertThat(s.scored()).isZero();
            assertThat(s.failures()).containsExactly(Map.entry(RagScore.Reason.JUDGE_FAILED, items.size()));
        }
        assertThat(summary.get(ScoreNames.EXACT_MATCH).mean()).hasValue(1.0);
    }

    @Test
    void aJudgeCallOverItsTimeLimitIsAJudgeErrorNotAScore() {
        EngineJudge slow =
                new EngineJudge(engine, JudgeSettings.defaults().withChat(false).withTimeout(Duration.ofMillis(1)));
        assertThatThrownBy(() -> slow.complete("Once upon a time"))
                .isInstanceOf(JudgeFailedException.class)
                .hasMessageContaining("judge stories260k")
                .hasMessageContaining("did not answer within");

        RagasMetrics ragas =
                new RagasMetrics(slow, null, RagasOptions.defaults().withMaxAttempts(2));
        RagItem item = (RagItem) task.items().get(0);
        RagItemScores scores =
                new RagEvaluation(null, ragas, EnumSet.of(RagasMetric.FAITHFULNESS)).score(goldAnswer(item), item);

        assertThat(scores.judgeFailures()).containsOnlyKeys("ragas-faithfulness");
        assertThat(scores.judgeFailures().get("ragas-faithfulness")).contains("did not answer within");
        assertThat(ragas.stats()).isEqualTo(new JudgeStats.Snapshot(2, 0, 2, 1));
    }
}
