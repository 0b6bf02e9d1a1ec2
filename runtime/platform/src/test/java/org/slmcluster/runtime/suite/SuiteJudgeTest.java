package org.slmcluster.runtime.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.rag.judge.JudgeSettings;

/** A RAG task's {@code judge { ... }} setting: parsed when valid, reported at its line when not. */
class SuiteJudgeTest {

    @TempDir
    Path dir;

    @Test
    void aValidJudgeIsParsedWithDefaultAttempts() throws Exception {
        Suite suite = SuiteLoader.load(smokeWith(
                "top-k = 2", "top-k = 2\n    judge { model = big, metrics = [faithfulness, context-recall] }"));
        RagJudgeDefinition judge = suite.task("rag").orElseThrow().ragJudge().orElseThrow();
        assertThat(judge)
                .isEqualTo(new RagJudgeDefinition(
                        "big", List.of("faithfulness", "context-recall"), RagJudgeDefinition.DEFAULT_ATTEMPTS));
        assertThat(suite.task("summarization").orElseThrow().ragJudge()).isEmpty();
        // without max-tokens and temperature the judge is asked as before: greedy, 512 tokens
        assertThat(judge.maxTokens())
                .isEqualTo(512)
                .isEqualTo(JudgeSettings.defaults().parameters().maxTokens());
        assertThat(judge.temperature())
                .isZero()
                .isEqualTo(JudgeSettings.defaults().parameters().temperature());
    }

    @Test
    void theJudgesMaxTokensAndTemperatureAreParsed() throws Exception {
        Suite suite = SuiteLoader.load(
                smokeWith(
                        "top-k = 2",
                        "top-k = 2\n"
                                + "    judge { model = big, metrics = [faithfulness], attempts = 3, max-tokens = 300, temperature = 0.7 }"));
        assertThat(suite.task("rag").orElseThrow().ragJudge())
                .contains(new RagJudgeDefinition("big", List.of("faithfulness"), 3, 300, 0.7));
    }

    @Test
    void badJudgeGenerationSettingsAreReportedAtTheirLinesNamingTheField() throws Exception {
        // the smoke suite's rag task runs with context-size 1024: the judge's budget must stay below it
        Path copy = smokeWith(
                "top-k = 2",
                "top-k = 2\n    judge {\n      model = big\n      metrics = [faithfulness]\n"
                        + "      max-tokens = 1024\n      temperature = 2.5\n    }");
        String file = copy.resolve("suite.conf").toString();
        assertThat(problems(copy))
                .containsExactlyInAnyOrder(
                        file + ":" + lineOf(copy, "max-tokens = 1024")
                                + ": judge max-tokens must be at least 1 and below " + "the task's context-size (1024)",
                        file + ":" + lineOf(copy, "temperature = 2.5") + ": judge temperature must be in [0, 2]");
    }

    @Test
    void judgeSettingsOfTheWrongTypeOrOutOfRangeAreRefused() throws Exception {
        Path copy = smokeWith(
                "top-k = 2",
                "top-k = 2\n    judge { model = big, metrics = [faithfulness], "
                        + "max-tokens = 0, temperature = hot }");
        assertThat(messages(copy))
                .containsExactlyInAnyOrder(
                        "judge max-tokens must be at least 1 and below the task's context-size (1024)",
                        "\"temperature\" must be a number");
    }

    @Test
    void theJudgesBudgetFollowsTheTasksOwnContextSize() throws Exception {
        Suite suite = SuiteLoader.load(smokeWith(
                "top-k = 2",
                "top-k = 2\n    generation { context-size = 4096 }\n"
                        + "    judge { model = big, metrics = [faithfulness], max-tokens = 2048, temperature = 2 }"));
        RagJudgeDefinition judge = suite.task("rag").orElseThrow().ragJudge().orElseThrow();
        assertThat(judge.maxTokens()).isEqualTo(2048);
        assertThat(judge.temperature()).isEqualTo(2.0);
    }

    @Test
    void changingAJudgeSettingChangesTheSuiteHash() throws Exception {
        String judge = "    judge { model = big, metrics = [faithfulness], max-tokens = 300, temperature = 0.0 }";
        Suite before = SuiteLoader.load(smokeWith("top-k = 2", "top-k = 2\n" + judge));
        Path conf = dir.resolve(SuiteLoader.SUITE_FILE);
        Files.writeString(conf, Files.readString(conf).replace("temperature = 0.0 }", "temperature = 0.5 }"));
        Suite after = SuiteLoader.load(dir);

        assertThat(after.task("rag").orElseThrow().ragJudge().orElseThrow().temperature())
                .isEqualTo(0.5);
        // a job started on the old suite is not resumed on the new one (JobManager compares this hash)
        assertThat(after.contentHash()).isNotEqualTo(before.contentHash());
    }

    @Test
    void badJudgeSettingsAreReportedAtTheirLines() throws Exception {
        Path copy = smokeWith(
                "top-k = 2", "top-k = 2\n    judge { metrics = [faithfulness, fluency], attempts = 0, colour = red }");
        int line = lineOf(copy, "judge {");
        String file = copy.resolve("suite.conf").toString();
        assertThat(problems(copy))
                .containsExactlyInAnyOrder(
                        file + ":" + line
                                + ": unknown judge key \"colour\" (known: model, metrics, attempts, max-tokens, "
                                + "temperature, optional)",
                        file + ":" + line + ": task \"rag\": \"judge\" needs \"model\" (a model of the cluster)",
                        file + ":" + line
                                + ": unknown judge metric \"fluency\" (known: faithfulness, answer-relevancy, "
                                + "context-precision, context-recall, answer-correctness, correct)",
                        file + ":" + line + ": judge attempts must be in [1, 10]");
    }

    @Test
    void anOptionalJudgeIsParsedAndAJudgeIsRequiredByDefault() throws Exception {
        Suite optional = SuiteLoader.load(
                smokeWith("top-k = 2", "top-k = 2\n    judge { model = big, metrics = [correct], optional = true }"));
        assertThat(optional.task("rag").orElseThrow().ragJudge().orElseThrow())
                .isEqualTo(new RagJudgeDefinition(
                        "big",
                        List.of("correct"),
                        RagJudgeDefinition.DEFAULT_ATTEMPTS,
                        RagJudgeDefinition.DEFAULT_MAX_TOKENS,
                        RagJudgeDefinition.DEFAULT_TEMPERATURE,
                        true));
        Files.writeString(
                dir.resolve(SuiteLoader.SUITE_FILE),
                Files.readString(dir.resolve(SuiteLoader.SUITE_FILE)).replace(", optional = true", ""));
        assertThat(SuiteLoader.load(dir)
                        .task("rag")
                        .orElseThrow()
                        .ragJudge()
                        .orElseThrow()
                        .optional())
                .isFalse();
    }

    @Test
    void anOptionalSettingThatIsNotABooleanIsReportedAtItsLine() throws Exception {
        Path copy = smokeWith(
                "top-k = 2",
                "top-k = 2\n    judge {\n      model = big\n      metrics = [correct]\n      optional = maybe\n    }");
        assertThat(problems(copy))
                .containsExactly(copy.resolve("suite.conf") + ":" + lineOf(copy, "optional = maybe")
                        + ": \"optional\" must be true or false");
    }

    @Test
    void theBuiltinSuitesRagTaskHasAnOptionalJudgeGivingTheStudysVerdict() throws Exception {
        RagJudgeDefinition judge = SuiteLoader.load(SuiteFolders.repositorySuite("builtin"))
                .task("rag")
                .orElseThrow()
                .ragJudge()
                .orElseThrow();
        assertThat(judge.optional()).isTrue();
        assertThat(judge.metrics()).containsExactly(RagJudgeDefinition.CORRECT);
        assertThat(judge.model()).isEqualTo("phi-3.5-mini-q4");
    }

    @Test
    void aJudgeOnAnotherKindOfTaskIsRefused() throws Exception {
        Path copy = smokeWith(
                "metrics = [rouge]", "metrics = [rouge]\n    judge { model = big, metrics = [faithfulness] }");
        assertThat(problems(copy))
                .containsExactly(copy.resolve("suite.conf") + ":" + lineOf(copy, "judge {")
                        + ": \"judge\" only applies to rag tasks");
    }

    @Test
    void judgedMetricsListedUnderMetricsPointToTheJudgeBlock() throws Exception {
        Path copy = smokeWith(
                "top-k = 2",
                "top-k = 2\n    metrics = [exact-match, faithfulness, answer-relevancy, answer-correctness, bleurt]");
        String judgeMetrics = "(judge metrics: faithfulness, answer-relevancy, context-precision, context-recall, "
                + "answer-correctness, correct)";
        assertThat(messages(copy))
                .containsExactlyInAnyOrder(
                        "task \"rag\": metric \"faithfulness\" is scored by a judge model, not in \"metrics\": use the "
                                + "task's judge { model = MODEL, metrics = [faithfulness] } instead " + judgeMetrics,
                        "task \"rag\": metric \"answer-relevancy\" is scored by a judge model, not in \"metrics\": use the "
                                + "task's judge { model = MODEL, metrics = [answer-relevancy] } instead "
                                + judgeMetrics,
                        "task \"rag\": metric \"answer-correctness\" is scored by a judge model, not in \"metrics\": use "
                                + "the task's judge { model = MODEL, metrics = [answer-correctness] } instead "
                                + judgeMetrics,
                        // the judged names are no longer offered as metrics of a rag task
                        "unknown metric \"bleurt\" (metrics for rag: exact-match, token-f1, embedding-similarity, "
                                + "context-precision, context-recall)");
    }

    @Test
    void judgeFreeContextMetricsStayValidInMetricsNextToAJudge() throws Exception {
        Suite suite = SuiteLoader.load(smokeWith(
                "top-k = 2",
                "top-k = 2\n    metrics = [context-recall, token-f1]\n"
                        + "    judge { model = big, metrics = [context-recall, faithfulness] }"));
        TaskDefinition rag = suite.task("rag").orElseThrow();
        assertThat(rag.metrics()).containsExactly(Metric.CONTEXT_RECALL, Metric.TOKEN_F1);
        assertThat(rag.ragJudge().orElseThrow().metrics()).containsExactly("context-recall", "faithfulness");
    }

    @Test
    void aJudgedMetricOnAnotherKindOfTaskIsUnknownThere() throws Exception {
        Path copy = smokeWith("metrics = [rouge]", "metrics = [rouge, faithfulness]");
        assertThat(messages(copy))
                .containsExactly("unknown metric \"faithfulness\" (metrics for summarization: "
                        + "bertscore, rouge, rouge1, rouge2, rougeL, rougeLsum)");
    }

    /** The problems without their {@code file:line: } prefix (lines of list values are HOCON's, checked elsewhere). */
    private static List<String> messages(Path suite) {
        String file = suite.resolve(SuiteLoader.SUITE_FILE).toString();
        List<String> problems = problems(suite);
        assertThat(problems).allSatisfy(p -> assertThat(p).matches(Pattern.quote(file) + ":[0-9]+: .*"));
        return problems.stream()
                .map(p -> p.substring(p.indexOf(": ", file.length()) + 2))
                .toList();
    }

    private Path smokeWith(String anchor, String replacement) throws Exception {
        Path smoke = SuiteFolders.repositorySuite("smoke");
        try (Stream<Path> files = Files.walk(smoke)) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(smoke.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path conf = dir.resolve(SuiteLoader.SUITE_FILE);
        String text = Files.readString(conf);
        assertThat(text).containsOnlyOnce(anchor);
        Files.writeString(conf, text.replace(anchor, replacement));
        return dir;
    }

    private static int lineOf(Path suite, String text) throws Exception {
        List<String> lines = Files.readAllLines(suite.resolve(SuiteLoader.SUITE_FILE));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with " + text);
    }

    private static List<String> problems(Path suite) {
        SuiteException e = catchThrowableOfType(SuiteException.class, () -> SuiteLoader.load(suite));
        assertThat(e).as("the suite must be refused").isNotNull();
        return e.problems().stream().map(SuiteProblem::toString).toList();
    }
}
