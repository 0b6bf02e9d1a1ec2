package org.slmcluster.evaluators.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slmcluster.evaluators.encoder.SentenceEncoder;
import org.slmcluster.evaluators.rag.RagScore.Failure;
import org.slmcluster.evaluators.rag.RagScore.Reason;
import org.slmcluster.evaluators.rag.RagScore.Value;

/**
 * The orchestration of the judge-based metrics (prompts sent, strict parsing, retries, failure
 * results, counters) with a scripted judge that replays given answers, and a table of hand-made
 * sentence vectors so cosines are exact.
 */
class RagasMetricsTest {

    /** Replays answers in order and records the prompts; a null answer makes it throw. */
    private static final class ScriptedJudge implements Judge {
        private final Deque<String> answers = new ArrayDeque<>();
        private final List<String> prompts = new ArrayList<>();

        ScriptedJudge(String... script) {
            for (String s : script) {
                answers.add(s == null ? "\u0000throw" : s);
            }
        }

        @Override
        public String complete(String prompt) {
            prompts.add(prompt);
            String next = answers.isEmpty() ? "no more scripted answers" : answers.poll();
            if (next.equals("\u0000throw")) {
                throw new IllegalStateException("engine unavailable");
            }
            return next;
        }
    }

    private static final SentenceEncoder VECTORS = texts -> texts.stream()
            .map(t -> Map.of(
                            "Where is the Eiffel Tower?", new float[] {1, 0},
                            "Where is the tower?", new float[] {1, 0},
                            "What is in Paris?", new float[] {3, 4},
                            "Which city?", new float[] {0, 2},
                            "The Eiffel Tower is in Paris.", new float[] {1, 0},
                            "The Eiffel Tower stands in Paris, France.", new float[] {0.6f, 0.8f})
                    .get(t))
            .toList();

    private static RagasMetrics metrics(Judge judge) {
        return new RagasMetrics(judge, VECTORS, RagasOptions.defaults());
    }

    private static double value(RagScore score) {
        assertThat(score).isInstanceOf(Value.class);
        return ((Value) score).value();
    }

    @Test
    void faithfulnessSplitsTheAnswerThenJudgesEachStatementAgainstTheContexts() {
        ScriptedJudge judge = new ScriptedJudge(
                "{\"statements\": [\"Einstein was born in Germany.\", \"Einstein was born on 20th March 1879.\"]}",
                "{\"statements\": [{\"statement\": \"Einstein was born in Germany.\", \"reason\": \"stated\", \"verdict\": 1},"
                        + " {\"statement\": \"Einstein was born on 20th March 1879.\", \"reason\": \"14th\", \"verdict\": 0}]}");

        RagScore score = metrics(judge)
                .faithfulness(
                        "Where and when was Einstein born?",
                        "Einstein was born in Germany on 20th March 1879.",
                        List.of("Albert Einstein (born 14 March 1879)", "was a German-born theoretical physicist"));

        assertThat(value(score)).isCloseTo(0.5, within(1e-12));
        assertThat(judge.prompts).hasSize(2);
        assertThat(judge.prompts.get(0)).contains("Break down each sentence").contains("20th March 1879");
        assertThat(judge.prompts.get(1))
                .contains("Albert Einstein (born 14 March 1879)\\nwas a German-born theoretical physicist")
                .contains("Einstein was born on 20th March 1879.");
    }

    @Test
    void malformedOutputIsRetriedWithTheProblemNamedAndCounted() {
        ScriptedJudge judge = new ScriptedJudge(
                "Here are the statements: Einstein was born in Germany.",
                "{\"statements\": [\"Einstein was born in Germany.\"]}",
                // one verdict short of... no: two verdicts for one statement is malformed too
                "{\"statements\": [{\"statement\": \"a\", \"verdict\": 1}, {\"statement\": \"b\", \"verdict\": 1}]}",
                "{\"statements\": [{\"statement\": \"Einstein was born in Germany.\", \"verdict\": true}]}");
        RagasMetrics metrics = metrics(judge);

        RagScore score = metrics.faithfulness("q", "Einstein was born in Germany.", List.of("He was German-born."));

        assertThat(value(score)).isEqualTo(1.0);
        assertThat(judge.prompts.get(1)).contains("Your previous answer was rejected: not valid JSON");
        assertThat(judge.prompts.get(3)).contains("expected 1 verdicts, one per statement, got 2");
        assertThat(metrics.stats()).isEqualTo(new JudgeStats.Snapshot(4, 2, 0, 0));
    }

    @Test
    void aJudgeThatKeepsFailingGivesAClearFailureNotANumber() {
        ScriptedJudge judge = new ScriptedJudge(null, "{\"verdict\": \"yes\"}", "{\"verdict\": \"yes\"}");
        RagasMetrics metrics = metrics(judge);

        RagScore score = metrics.contextPrecision("q", List.of("some context"), "the reference");

        assertThat(score).isInstanceOf(Failure.class);
        Failure failure = (Failure) score;
        assertThat(failure.reason()).isEqualTo(Reason.JUDGE_FAILED);
        assertThat(failure.message()).contains("after 3 attempts").contains("must be 0 or 1");
        assertThat(metrics.stats()).isEqualTo(new JudgeStats.Snapshot(3, 2, 1, 1));
    }

    @Test
    void attemptsAreConfigurable() {
        ScriptedJudge judge = new ScriptedJudge("nope", "{\"reason\": \"r\", \"verdict\": 1}");
        RagasMetrics once =
                new RagasMetrics(judge, VECTORS, RagasOptions.defaults().withMaxAttempts(1));
        assertThat(once.contextPrecision("q", List.of("c"), "ref")).isInstanceOf(Failure.class);
        assertThat(judge.prompts).hasSize(1);
    }

    @Test
    void noStatementsMeansUndefinedAndMissingInputsAreBadInput() {
        RagasMetrics metrics = metrics(new ScriptedJudge("{\"statements\": []}"));
        RagScore undefined = metrics.faithfulness("q", "Hmm.", List.of("ctx"));
        assertThat(((Failure) undefined).reason()).isEqualTo(Reason.UNDEFINED);
        assertThat(((Failure) metrics.faithfulness("q", "answer", List.of())).reason())
                .isEqualTo(Reason.BAD_INPUT);
        assertThat(((Failure) metrics.contextRecall("q", List.of("c"), " ")).reason())
                .isEqualTo(Reason.BAD_INPUT);
        assertThat(metrics.stats().failedItems()).isZero();
    }

    @Test
    void contextPrecisionAsksOncePerContextInRankOrder() {
        ScriptedJudge judge = new ScriptedJudge(
                "{\"reason\": \"useful\", \"verdict\": 1}",
                "{\"reason\": \"off topic\", \"verdict\": 0}",
                "```json\n{\"reason\": \"useful\", \"verdict\": 1}\n```");

        RagScore score = metrics(judge)
                .contextPrecision(
                        "Where is the Eiffel Tower?",
                        List.of("first chunk", "second chunk", "third chunk"),
                        "The Eiffel Tower is in Paris.");

        assertThat(value(score)).isCloseTo((1.0 + 2.0 / 3) / 2, within(1e-12));
        assertThat(judge.prompts.get(0)).contains("first chunk");
        assertThat(judge.prompts.get(2)).contains("third chunk");
    }

    @Test
    void contextRecallIsTheAttributedShareOfReferenceStatements() {
        ScriptedJudge judge = new ScriptedJudge("{\"classifications\": ["
                + "{\"statement\": \"s1\", \"reason\": \"r\", \"attributed\": 1},"
                + "{\"statement\": \"s2\", \"reason\": \"r\", \"attributed\": 1},"
                + "{\"statement\": \"s3\", \"reason\": \"r\", \"attributed\": 0},"
                + "{\"statement\": \"s4\", \"reason\": \"r\", \"attributed\": 0}]}");

        RagScore score = metrics(judge).contextRecall("q", List.of("c1", "c2"), "reference text");

        assertThat(value(score)).isCloseTo(0.5, within(1e-12));
        assertThat(judge.prompts.get(0)).contains("c1\\nc2").contains("reference text");
    }

    @Test
    void answerRelevancyAveragesCosinesOfGeneratedQuestions() {
        ScriptedJudge judge = new ScriptedJudge(
                "{\"question\": \"Where is the tower?\", \"noncommittal\": 0}",
                "{\"question\": \"What is in Paris?\", \"noncommittal\": 0}",
                "{\"question\": \"Which city?\", \"noncommittal\": 0}");

        RagScore score = metrics(judge).answerRelevancy("Where is the Eiffel Tower?", "The Eiffel Tower is in Paris.");

        // question (1,0); generated (1,0), (0.6,0.8), (0,1): cosines 1, 0.6, 0 -> mean 0.5333...
        assertThat(value(score)).isCloseTo(1.6 / 3, within(1e-7));
        assertThat(judge.prompts).hasSize(3).allSatisfy(p -> assertThat(p).contains("noncommittal"));
    }

    @Test
    void aNoncommittalAnswerScoresZeroUnderEitherRule() {
        String[] script = {
            "{\"question\": \"Where is the tower?\", \"noncommittal\": 1}",
            "{\"question\": \"What is in Paris?\", \"noncommittal\": 0}",
            "{\"question\": \"Which city?\", \"noncommittal\": 0}"
        };
        assertThat(value(metrics(new ScriptedJudge(script))
                        .answerRelevancy("Where is the Eiffel Tower?", "I am not sure.")))
                .isEqualTo(0.0);
        RagasMetrics allRule = new RagasMetrics(
                new ScriptedJudge(script),
                VECTORS,
                RagasOptions.defaults().withNoncommittalRule(RagasOptions.NoncommittalRule.ALL));
        assertThat(value(allRule.answerRelevancy("Where is the Eiffel Tower?", "I am not sure.")))
                .isCloseTo(1.6 / 3, within(1e-7));
    }

    @Test
    void answerCorrectnessWeighsStatementF1AndEmbeddingSimilarity() {
        ScriptedJudge judge = new ScriptedJudge(
                "{\"statements\": [\"The Eiffel Tower is in Paris.\", \"The Eiffel Tower is 100 m tall.\"]}",
                "{\"statements\": [\"The Eiffel Tower is in Paris.\", \"The Eiffel Tower is in France.\"]}",
                "{\"TP\": [{\"statement\": \"The Eiffel Tower is in Paris.\", \"reason\": \"same\"}],"
                        + " \"FP\": [{\"statement\": \"The Eiffel Tower is 100 m tall.\", \"reason\": \"not in truth\"}],"
                        + " \"FN\": [{\"statement\": \"The Eiffel Tower is in France.\", \"reason\": \"missing\"}]}");

        RagScore score = metrics(judge)
                .answerCorrectness(
                        "Where is the Eiffel Tower?",
                        "The Eiffel Tower is in Paris.",
                        "The Eiffel Tower stands in Paris, France.");

        // F1 = 1 / (1 + 0.5 * 2) = 0.5; cosine((1,0), (0.6,0.8)) = 0.6; 0.75 * 0.5 + 0.25 * 0.6 = 0.525
        assertThat(value(score)).isCloseTo(0.525, within(1e-7));
        assertThat(judge.prompts.get(2)).contains("\"ground_truth\"").contains("The Eiffel Tower is in France.");
    }

    @Test
    void correctIsTheJudgesBinaryVerdictAfterARetry() {
        ScriptedJudge judge = new ScriptedJudge(
                "{\"reason\": \"same city\", \"correct\": \"yes\"}",
                "```json\n{\"reason\": \"same city\", \"correct\": 1}\n```",
                "{\"reason\": \"another city\", \"correct\": 0}");
        RagasMetrics metrics = metrics(judge);

        RagScore yes = metrics.correct("Where is the Eiffel Tower?", "In Paris.", "The Eiffel Tower is in Paris.");
        RagScore no = metrics.correct("Where is the Eiffel Tower?", "In Rome.", "The Eiffel Tower is in Paris.");

        assertThat(yes).isEqualTo(new Value(1.0));
        assertThat(no).isEqualTo(new Value(0.0));
        assertThat(judge.prompts).hasSize(3);
        assertThat(judge.prompts.get(0))
                .contains("The Eiffel Tower is in Paris.")
                .contains("In Paris.");
        assertThat(judge.prompts.get(1))
                .contains("previous answer was rejected")
                .contains("must be 0 or 1");
    }

    @Test
    void correctWithoutAUsableVerdictIsAFailureNotZero() {
        ScriptedJudge judge = new ScriptedJudge("Once upon a time", null, "{\"reason\": \"Paris\"}");
        RagasMetrics metrics = metrics(judge);

        RagScore score = metrics.correct("Where?", "In Paris.", "The Eiffel Tower is in Paris.");

        assertThat(score).isInstanceOf(Failure.class);
        assertThat(((Failure) score).reason()).isEqualTo(Reason.JUDGE_FAILED);
        assertThat(((Failure) score).message()).contains("after 3 attempts").contains("missing field \"correct\"");
        assertThat(judge.prompts).hasSize(3);
        assertThat(judge.prompts.get(2)).contains("the judge failed: engine unavailable");
        assertThat(metrics.stats().failedItems()).isEqualTo(1);
        assertThat(metrics.correct("Where?", " ", "Paris")).isInstanceOf(Failure.class);
    }
}
