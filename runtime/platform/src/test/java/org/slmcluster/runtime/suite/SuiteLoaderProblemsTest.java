package org.slmcluster.runtime.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed input is reported with its file, line and reason, all at once, before any work. */
class SuiteLoaderProblemsTest {

    @Test
    void suiteFileProblemsAreReportedAtTheirLines() {
        Path dir = SuiteFolders.bad("bad-config");
        assertThat(problems(dir))
                .containsExactlyInAnyOrder(
                        dir.resolve("suite.conf")
                                + ":5: unknown generation key \"colour\" (known: system-prompt, seed, "
                                + "temperature, top-p, context-size, max-tokens, stop)",
                        dir.resolve("suite.conf") + ":3: temperature must be in [0, 2]",
                        dir.resolve("suite.conf")
                                + ":10: unknown task kind \"poetry\" (kinds: translation, summarization, "
                                + "ner, classification, rag, generation)",
                        dir.resolve("suite.conf")
                                + ":19: unknown metric \"meteor\" (metrics for translation: bleu, chrf, "
                                + "chrf++, ter, comet, bertscore)",
                        dir.resolve("suite.conf")
                                + ":19: metric \"accuracy\" does not apply to a translation task (metrics "
                                + "for translation: bleu, chrf, chrf++, ter, comet, bertscore)",
                        dir.resolve("suite.conf") + ":17: dataset missing.jsonl not found",
                        dir.resolve("suite.conf") + ":22: duplicate task id \"t2\" (first at line 15)",
                        dir.resolve("suite.conf") + ":26: \"entity-types\" only applies to ner tasks");
    }

    @Test
    void datasetProblemsInEveryFileAreAllReportedWithFileAndLine() {
        Path dir = SuiteFolders.bad("bad-items");
        Path translation = dir.resolve("translation.jsonl");
        assertThat(problems(dir))
                .containsExactlyInAnyOrder(
                        translation
                                + ":2: malformed JSON: Unexpected character ('\"' (code 34)): was expecting comma to "
                                + "separate Object entries",
                        translation + ":3: missing field \"reference\"",
                        translation + ":4: duplicate id \"a\" (first at " + translation + ":1)",
                        translation + ":6: field \"source\" is empty",
                        translation + ":7: field \"target_lang\": unknown language \"xx\" (use an ISO 639 code such as "
                                + "en, de, fr, or a tag such as pt-BR)",
                        translation
                                + ":8: unknown field \"lang\" for a translation item (fields: id, source, reference, "
                                + "source_lang, target_lang)",
                        dir.resolve("tickets.jsonl") + ":2: unknown label \"bug\" (classes: billing, technical)",
                        dir.resolve("ner.jsonl") + ":1: entities[2]: entity \"Berlin\" does not occur in the text",
                        dir.resolve("ner.jsonl") + ":2: entities[1]: unknown entity type \"ORGANIZATION\" (task types: "
                                + "LOCATION, PERSON)",
                        dir.resolve("ner.conll") + ":4: unknown entity type \"LOC\" (task types: LOCATION, PERSON)",
                        dir.resolve("rag.jsonl") + ":2: unknown gold chunk id \"manual#3\" (ids are "
                                + "<document>#<paragraph>, e.g. manual#1)",
                        dir.resolve("rag.jsonl") + ":3: field \"gold_chunk_ids\" must be a non-empty list of chunk ids "
                                + "such as \"handbook#2\"",
                        dir.resolve("gen.jsonl") + ":2: metric rouge needs a reference, but this item has none");
    }

    @Test
    void templateProblemsPointIntoTheTemplateFileOrTheInlineText() {
        Path dir = SuiteFolders.bad("bad-template");
        assertThat(problems(dir))
                .containsExactlyInAnyOrder(
                        dir.resolve("summ.txt") + ":3: unknown placeholder {{documnet}} for a summarization task "
                                + "(allowed: {{document}})",
                        dir.resolve("summ.txt") + ": the template of a summarization task must use {{document}}",
                        dir.resolve("suite.conf") + ":16: malformed placeholder {{ text }} (write {{name}} with "
                                + "lower-case letters, digits and underscores)",
                        dir.resolve("suite.conf") + ":15: the template of a classification task must use {{text}}");
    }

    @Test
    void hoconSyntaxErrorsAreReportedAtTheirLine() {
        Path dir = SuiteFolders.bad("bad-hocon");
        List<String> problems = problems(dir);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith(dir.resolve("suite.conf") + ":5: malformed HOCON: ");
    }

    @Test
    void classesFileProblemsAreReportedPerLine() {
        Path dir = SuiteFolders.bad("bad-classes");
        Path classes = dir.resolve("classes.txt");
        assertThat(problems(dir))
                .containsExactlyInAnyOrder(
                        classes + ":2: expected \"name: description\"",
                        classes + ":3: duplicate class \"billing\" (first at line 1)",
                        classes + ":4: class \"account\" has no description",
                        classes + ": a classes file needs at least 2 classes, found 1");
    }

    @Test
    void theExceptionMessageListsEveryProblemOnItsOwnLine() {
        Path dir = SuiteFolders.bad("bad-items");
        SuiteException error = catchThrowableOfType(SuiteException.class, () -> SuiteLoader.load(dir));
        List<String> lines = error.getMessage().lines().toList();
        assertThat(lines.get(0)).isEqualTo("13 problems in suite:");
        assertThat(lines.subList(1, lines.size()))
                .containsExactlyElementsOf(
                        error.problems().stream().map(SuiteProblem::toString).toList());
    }

    @Test
    void aMissingFolderOrSuiteFileIsReported(@TempDir Path temp) {
        assertThat(problems(temp.resolve("nowhere")))
                .containsExactly(temp.resolve("nowhere") + ": suite folder not found");
        assertThat(problems(temp)).containsExactly(temp.resolve("suite.conf") + ": suite file suite.conf not found");
    }

    @Test
    void emptyDatasetsMissingKeysAndBadUtf8AreReported(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("suite.conf"),
                String.join(
                        "\n",
                        "tasks = [",
                        "  { id = a, kind = generation, dataset = empty.jsonl, prompt-template = \"{{prompt}}\" }",
                        "  { id = b, kind = rag, dataset = q.jsonl, prompt-template = \"{{question}} {{context}}\" }",
                        "  { id = c, kind = generation, dataset = latin1.jsonl, prompt-template = \"{{prompt}}\", top-k = 2 }",
                        "]"));
        Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        Files.writeString(
                dir.resolve("q.jsonl"),
                "{\"id\": \"q\", \"question\": \"?\", \"answer\": \"!\", " + "\"gold_chunk_ids\": [\"d#1\"]}\n");
        Files.write(
                dir.resolve("latin1.jsonl"),
                "{\"id\": \"x\", \"prompt\": \"ok\"}\n{\"id\": \"y\", \"prompt\": \"caf\u00e9\"}\n"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(problems(dir))
                .containsExactlyInAnyOrder(
                        dir.resolve("suite.conf") + ":1: missing \"name\"",
                        dir.resolve("empty.jsonl") + ": dataset has no items",
                        dir.resolve("suite.conf") + ":3: task \"b\" needs \"collection\" (a folder of documents)",
                        dir.resolve("suite.conf") + ":4: \"top-k\" only applies to rag tasks",
                        dir.resolve("latin1.jsonl") + ":2: not valid UTF-8");
    }

    @Test
    void substitutionsNeverReadTheEnvironment(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("suite.conf"), "name = ${PATH}\ntasks = []\n");
        List<String> problems = problems(dir);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0))
                .startsWith(dir.resolve("suite.conf") + ":1: malformed HOCON: ")
                .contains("PATH");
    }

    @Test
    void aSuiteWrittenAsPlainJsonLoads(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("suite.conf"),
                "{\"name\": \"json\", \"generation\": {\"seed\": 3},"
                        + " \"tasks\": [{\"id\": \"g\", \"kind\": \"generation\", \"dataset\": \"g.jsonl\","
                        + " \"prompt-template\": \"{{prompt}}\"}]}");
        Files.writeString(dir.resolve("g.jsonl"), "{\"id\": 1, \"prompt\": \"Hello\"}\n");
        Suite suite = SuiteLoader.load(dir);
        assertThat(suite.generation().seed()).isEqualTo(3);
        assertThat(suite.tasks().get(0).items()).containsExactly(new GenerationItem("1", "Hello", null));
    }

    private static List<String> problems(Path dir) {
        SuiteException error = catchThrowableOfType(SuiteException.class, () -> SuiteLoader.load(dir));
        assertThat(error).as("loading %s must fail", dir).isNotNull();
        return error.problems().stream().map(SuiteProblem::toString).toList();
    }
}
