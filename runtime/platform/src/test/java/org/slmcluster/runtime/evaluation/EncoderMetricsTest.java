package org.slmcluster.runtime.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmcluster.evaluators.rag.JudgeFreeRagMetrics;
import org.slmcluster.runtime.suite.PromptBuilder;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteLoader;
import org.slmcluster.runtime.suite.SummarizationItem;
import org.slmcluster.runtime.suite.TaskDefinition;

/** BERTScore and embedding similarity with the encoder on the classpath (all-MiniLM-L6-v2). */
class EncoderMetricsTest {

    @Test
    void summariesGetBertScoreAndRagAnswersEmbeddingSimilarity() throws Exception {
        EvaluationOptions options = EvaluationOptions.withDefaultEncoder();
        assertThat(options.bertScore()).isPresent();
        ItemEvaluator evaluator = new ItemEvaluator(options);

        Path builtin = SmokeSuite.directory().resolveSibling("builtin");
        Suite suite = SuiteLoader.load(builtin);
        TaskDefinition summarization = suite.task("summarization").orElseThrow();
        SummarizationItem item = (SummarizationItem) summarization.items().get(0);
        String answer = "A short summary of the news.";
        Evaluation evaluation =
                evaluator.evaluate(summarization, item, PromptBuilder.build(summarization, item), List.of(), answer);
        double expected = options.bertScore()
                .get()
                .score(List.of(answer), List.of(List.of(item.summary())))
                .segments()
                .get(0)
                .f1();
        assertThat(evaluation.scores()).containsKeys("rouge1", "rougeL", ScoreNames.BERTSCORE_F1);
        assertThat(evaluation.scores().get(ScoreNames.BERTSCORE_F1)).isCloseTo(expected, within(1e-9));

        TaskDefinition rag = SmokeSuite.load().task("rag").orElseThrow();
        RagItem question = (RagItem) rag.items().get(0);
        Evaluation ragEvaluation = evaluator.evaluate(
                rag,
                question,
                PromptBuilder.build(rag, question, PromptBuilder.goldContext(rag, question)),
                question.goldChunkIds(),
                "Every morning at six.\nSources: x");
        assertThat(ragEvaluation.scores().get(ScoreNames.EMBEDDING_SIMILARITY))
                .isCloseTo(
                        JudgeFreeRagMetrics.answerSimilarity(
                                options.sentenceEncoder().get(), "Every morning at six.", question.answer()),
                        within(1e-9));
    }
}
