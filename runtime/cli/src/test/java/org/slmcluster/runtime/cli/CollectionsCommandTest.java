package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code slm collections} end to end with the real MiniLM encoder, run as SlmCli runs its commands. */
class CollectionsCommandTest {

    @TempDir
    Path temp;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new CollectionsCommand())
                    .setCaseInsensitiveEnumValuesAllowed(true)
                    .setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
                        if (ex instanceof CliFailure failure) {
                            commandLine.getErr().println(commandLine.getCommandName() + ": " + failure.getMessage());
                            return failure.exitCode();
                        }
                        throw ex;
                    })
                    .execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void addThenSearchAsTextAndJson() throws Exception {
        Path docs = Files.createDirectories(temp.resolve("docs"));
        Files.writeString(docs.resolve("pets.md"), """
                # Cats
                Cats sleep for most of the day and hunt at dusk.

                # Parrots
                Parrots can live for more than fifty years.
                """);
        Files.writeString(docs.resolve("photo.jpg"), "binary");
        String dataDir = temp.resolve("data").toString();

        Run add = run("add", "pets", docs.toString(), "--data-dir", dataDir);
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out())
                .contains("collection pets: 1 documents, 2 chunks (paragraphs, english analyzer), built in");
        assertThat(add.err()).contains("skipped (not .txt, .md or .pdf): photo.jpg");

        Run again = run("add", "pets", docs.toString(), "--data-dir", dataDir);
        assertThat(again.out()).contains("up to date");

        Run text = run("search", "pets", "How old do parrots get?", "-k", "1", "--data-dir", dataDir);
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("1. [pets#2]").contains("Parrots can live");

        Run json = run("search", "pets", "when do cats hunt", "--mode", "VECTOR", "--json", "--data-dir", dataDir);
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.get("mode").asText()).isEqualTo("vector");
        assertThat(root.get("hits")).hasSize(2);
        assertThat(root.get("hits").get(0).get("id").asText()).isEqualTo("pets#1");
        assertThat(root.get("hits").get(0).get("vectorRank").asInt()).isEqualTo(1);
        assertThat(root.get("hits").get(0).get("paragraphIds").get(0).asText()).isEqualTo("pets#1");

        Run list = run("list", "--data-dir", dataDir);
        assertThat(list.out().strip()).isEqualTo("pets");
    }

    @Test
    void userErrorsAreOneLineWithExitCode2() {
        String dataDir = temp.resolve("data").toString();
        Run missing = run("search", "nothing", "query", "--data-dir", dataDir);
        assertThat(missing.exit()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(missing.err().strip())
                .startsWith("search: no collection named \"nothing\"")
                .doesNotContain("\n");

        Run noFolder = run("add", "x", temp.resolve("absent").toString(), "--data-dir", dataDir);
        assertThat(noFolder.exit()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(noFolder.err()).contains("document folder not found");

        Run badOverlap = run(
                "add",
                "x",
                temp.toString(),
                "--chunking",
                "sentences",
                "--chunk-size",
                "50",
                "--chunk-overlap",
                "80",
                "--data-dir",
                dataDir);
        assertThat(badOverlap.exit()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(badOverlap.err()).contains("overlap");
    }
}
