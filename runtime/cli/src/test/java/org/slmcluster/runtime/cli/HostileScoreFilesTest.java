package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slm score} with every file-reading metric on hostile files: invalid UTF-8, random binary with NUL
 * bytes, a missing file, a directory, an empty file, a device, mismatched line counts. Each run must end with
 * exit code 2 and exactly one line on standard error, without a stack trace.
 */
class HostileScoreFilesTest {

    @TempDir
    Path dir;

    @Test
    void everyHostileFileIsExitCode2WithOneLine() throws Exception {
        Random random = new Random(17);
        Path good = Files.writeString(dir.resolve("good.txt"), "the cat sat\non the mat\nO O\n");
        byte[] garbage = new byte[4096];
        random.nextBytes(garbage);
        garbage[7] = 0;
        List<Path> hostile = List.of(
                Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', (byte) 0xE9, '\n', (byte) 0xC3, 0x28}),
                Files.write(dir.resolve("garbage.bin"), garbage),
                dir.resolve("missing.txt"),
                Files.createDirectories(dir.resolve("a-directory")),
                Files.write(dir.resolve("empty.txt"), new byte[0]),
                Path.of("/dev/null"),
                Files.writeString(dir.resolve("one-line.txt"), "only one line\n"));
        List<List<String>> metrics = List.of(
                List.of("bleu"),
                List.of("chrf"),
                List.of("ter"),
                List.of("rouge"),
                List.of("seqeval"),
                List.of("ner"),
                List.of("squad"),
                List.of("classification", "--classes", "a,b"));
        List<String> failures = new ArrayList<>();
        int runs = 0;
        for (List<String> metric : metrics) {
            for (Path bad : hostile) {
                for (boolean asHypotheses : new boolean[] {true, false}) {
                    List<String> args = new ArrayList<>(List.of("score"));
                    args.addAll(metric);
                    args.addAll(List.of(
                            "--hyps", (asHypotheses ? bad : good).toString(),
                            "--refs", (asHypotheses ? good : bad).toString()));
                    CliRun run = CliRun.of(args.toArray(String[]::new));
                    runs++;
                    String err = run.err().strip();
                    if (run.exitCode() != CliFailure.BAD_INPUT
                            || err.lines().count() != 1
                            || err.contains("Exception")
                            || err.contains("\tat ")) {
                        failures.add(String.join(" ", args) + " -> exit " + run.exitCode() + ": "
                                + new String(err.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        assertThat(runs).isEqualTo(metrics.size() * hostile.size() * 2);
        assertThat(failures)
                .as("hostile files not refused with exit 2 and one line")
                .isEmpty();
    }
}
