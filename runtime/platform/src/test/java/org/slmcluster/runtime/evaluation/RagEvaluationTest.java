package org.slmcluster.runtime.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slmcluster.evaluators.rag.Judge;
import org.slmcluster.evaluators.rag.JudgeStats;
import org.slmcluster.evaluators.rag.RagScore;
import org.slmcluster.evaluators.rag.RagSummary;
import org.slmcluster.evaluators.rag.RagasMetrics;
import org.slmcluster.evaluators.rag.RagasOptions;
import org.slmcluster.runtime.rag.RetrievalMode;
import org.slmcluster.runtime.rag.answer.RagAnswer;
import org.slmcluster.runtime.rag.answer.RetrievedChunk;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.RenderedPrompt;

/** The scoring orchestration with scripted judges: a valid verdict becomes a RAGAS score, a bad one a failure. */
class RagEvaluationTest {

    static final RagItem GOLD = new RagItem(
            "rag-01", "What are the opening hours on Saturdays?", "From 9:00 to 15:00.", List.of("station-access#1"));

    static RagAnswer answer(String text, List<String> retrievedIds) {
        List<RetrievedChunk> retrieved = new ArrayList<>();
        for (int i = 0; i < retrievedIds.size(); i++) {
            retrieved.add(
                    new RetrievedChunk(retrievedIds.get(i), "text of " + retrievedIds.get(i), i + 1, 1.0 / (i + 1)));
        }
        RenderedPrompt prompt = new RenderedPrompt("", "prompt");
        return new RagAnswer(
                "c",
                GOLD.question(),
                text,
                text + "\nSources: station-access#1",
                List.of("station-access#1"),
                retrieved,
                RetrievalMode.HYBRID,
                prompt,
                prompt.sha256(),
                "m",
                "",
                10,
                5,
                1000,
                "stop");
    }

    @Test
    void judgeFreeScoresAreSquadAndIdBased() {
        RagItemScores scores = new RagEvaluation(null)
                .score(
                        answer(
                                "from 9:00 to 15:00",
                                List.of("station-access#1", "travel-policy#2", "freezer-guide#1", "freezer-guide#2")),
                        GOLD);

        assertThat(scores.scores().keySet())
                .containsExactly(
                        ScoreNames.EXACT_MATCH,
                        ScoreNames.TOKEN_F1,
                        ScoreNames.CONTEXT_PRECISION,
                        ScoreNames.CONTEXT_RECALL);
        assertThat(scores.value(ScoreNames.EXACT_MATCH)).hasValue(1.0);
        assertThat(scores.value(ScoreNames.TOKEN_F1)).hasValue(1.0);
        assertThat(scores.value(ScoreNames.CONTEXT_PRECISION)).hasValue(0.25);
        assertThat(scores.value(ScoreNames.CONTEXT_RECALL)).hasValue(1.0);
        assertThat(scores.judgeFailures()).isEmpty();
    }

    @Test
    void aFreeQuestionWithoutGoldIdsHasNoRecallRatherThanZero() {
        RagItem free = new RagItem("q", GOLD.question(), "From 9:00 to 15:00.", List.of());
        RagItemScores scores = new RagEvaluation(null).score(answer("9:00", List.of("station-access#1")), free);
        assertThat(scores.scores().get(ScoreNames.CONTEXT_RECALL)).isInstanceOf(RagScore.Failure.class);
        assertThat(((RagScore.Failure) scores.scores().get(ScoreNames.CONTEXT_RECALL)).reason())
                .isEqualTo(RagScore.Reason.BAD_INPUT);
    }

    @Test
    void aValidVerdictFlowsToTheRagasScore() {
        List<String> prompts = new ArrayList<>();
        Judge scripted = prompt -> {
            prompts.add(prompt);
            return "{\"classifications\": [{\"statement\": \"opens at 9\", \"reason\": \"in context\", \"attributed\": 1},"
                    + " {\"statement\": \"closes at 15\", \"reason\": \"not in context\", \"attributed\": 0}]}";
        };
        RagasMetrics ragas = new RagasMetrics(scripted, null, RagasOptions.defaults());
        RagEvaluation evaluation = new RagEvaluation(null, ragas, Set.of(RagasMetric.CONTEXT_RECALL));

        RagItemScores scores = evaluation.score(answer("From 9:00.", List.of("station-access#1")), GOLD);

        assertThat(scores.value("ragas-context-recall").getAsDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(prompts).hasSize(1);
        assertThat(prompts.get(0))
                .contains(GOLD.question())
                .contains("text of station-access#1")
                .contains(GOLD.answer());
        assertThat(evaluation.judgeStats()).hasValue(new JudgeStats.Snapshot(1, 0, 0, 0));
    }

    @Test
    void judgeFailuresAreReportedPerItemAndLeftOutOfTheMeans() {
        int[] call = {0};
        // Valid for the first item, never again: the second and third items fail after all attempts.
        Judge flaky = prompt -> call[0]++ == 0
                ? "{\"classifications\": [{\"statement\": \"s\", \"reason\": \"r\", \"attributed\": 1}]}"
                : "I think the answer is good";
        RagasMetrics ragas =
                new RagasMetrics(flaky, null, RagasOptions.defaults().withMaxAttempts(2));
        RagEvaluation evaluation = new RagEvaluation(null, ragas, Set.of(RagasMetric.CONTEXT_RECALL));

        List<RagItemScores> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(evaluation.score("item-" + i, answer("From 9:00.", List.of("station-access#1")), GOLD));
        }

        assertThat(items.get(0).judgeFailures()).isEmpty();
        for (RagItemScores failed : items.subList(1, 3)) {
            assertThat(failed.judgeFailures()).containsOnlyKeys("ragas-context-recall");
            assertThat(failed.judgeFailures().get("ragas-context-recall"))
                    .contains("after 2 attempts")
                    .contains("not valid JSON");
        }
        assertThat(evaluation.judgeStats()).hasValue(new JudgeStats.Snapshot(5, 4, 0, 2));
        Map<String, RagSummary> summary = RagEvaluation.summarize(items);
        RagSummary recall = summary.get("ragas-context-recall");
        assertThat(recall.mean()).hasValue(1.0);
        assertThat(recall.scored()).isEqualTo(1);
        assertThat(recall.failures()).containsEntry(RagScore.Reason.JUDGE_FAILED, 2);
        assertThat(summary.get(ScoreNames.CONTEXT_RECALL).scored()).isEqualTo(3);
    }

    @Test
    void ragasMetricsWithoutAJudgeAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new RagEvaluation(null, null, Set.of(RagasMetric.FAITHFULNESS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need a judge");
    }
}
