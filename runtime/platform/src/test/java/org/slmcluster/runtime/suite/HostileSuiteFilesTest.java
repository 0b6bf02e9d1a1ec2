package org.slmcluster.runtime.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite loader on hostile files (a seeded generator): garbage, invalid UTF-8, NUL bytes, truncation,
 * deep nesting, huge lines, wrong types, path traversal and device files in place of the smoke suite's
 * suite.conf or one of its datasets. Every one is refused with a {@link SuiteException} whose problems are
 * one line each; nothing else escapes (no parser exception, no stack overflow), nothing hangs.
 */
class HostileSuiteFilesTest {

    @TempDir
    Path dir;

    @Test
    void everyHostileSuiteIsRefusedWithProblemsOfOneLine() throws Exception {
        Random random = new Random(17);
        Path smoke = SuiteFolders.repositorySuite("smoke");
        String suiteConf = Files.readString(smoke.resolve(SuiteLoader.SUITE_FILE));
        String generation = Files.readString(smoke.resolve("generation.jsonl"));
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (int i = 0; i < 120; i++) {
            Path suite = copy(smoke, dir.resolve("case-" + i));
            String description;
            if (i % 2 == 0) {
                byte[] hostile = hostileConf(random, suiteConf);
                Files.write(suite.resolve(SuiteLoader.SUITE_FILE), hostile);
                description = "suite.conf: " + preview(hostile);
            } else {
                byte[] hostile = hostileJsonl(random, generation);
                Files.write(suite.resolve("generation.jsonl"), hostile);
                description = "generation.jsonl: " + preview(hostile);
            }
            cases++;
            Throwable thrown = catchThrowable(() -> SuiteLoader.load(suite));
            if (!(thrown instanceof SuiteException refused)) {
                failures.add(description + " -> " + (thrown == null ? "loaded" : thrown.toString()));
                continue;
            }
            if (refused.problems().isEmpty()
                    || refused.problems().stream().anyMatch(p -> p.toString().contains("\n"))) {
                failures.add(description + " -> problems not one line each: " + refused.problems());
            }
        }
        assertThat(cases).isEqualTo(120);
        assertThat(failures)
                .as("hostile suites not refused with one-line problems")
                .isEmpty();
    }

    private static byte[] hostileConf(Random random, String valid) {
        return switch (random.nextInt(12)) {
            case 0 -> randomBytes(random, 1 + random.nextInt(4096));
            case 1 -> withBytes(valid, random.nextInt(valid.length()), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
            case 2 -> valid.substring(0, random.nextInt(valid.length() / 2)).getBytes(StandardCharsets.UTF_8);
            case 3 -> ("a " + "{ a ".repeat(20_000) + "}".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
            case 4 -> ("x = " + "[".repeat(20_000) + "]".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
            case 5 ->
                valid.replace("dataset = translation.jsonl", "dataset = \"../../../../../etc/passwd\"")
                        .getBytes(StandardCharsets.UTF_8);
            case 6 ->
                valid.replace("dataset = translation.jsonl", "dataset = \"/dev/zero\"")
                        .getBytes(StandardCharsets.UTF_8);
            case 7 -> ("include file(\"/etc/passwd\")\n" + valid).getBytes(StandardCharsets.UTF_8);
            case 8 ->
                valid.replace("max-tokens = 32", "max-tokens = " + pick(random, "-1", "1e30", "\"many\"", "[]"))
                        .getBytes(StandardCharsets.UTF_8);
            case 9 ->
                valid.replace("tasks = [", "tasks = " + pick(random, "5", "\"x\"", "{}") + "\nignored = [")
                        .getBytes(StandardCharsets.UTF_8);
            case 10 -> withBytes(valid, random.nextInt(valid.length()), new byte[] {0, 0, 0});
            default -> ("name = \"" + "n".repeat(3_000_000) + "\"\n").getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] hostileJsonl(Random random, String valid) {
        return switch (random.nextInt(9)) {
            case 0 -> randomBytes(random, 1 + random.nextInt(4096));
            case 1 ->
                withBytes(valid, random.nextInt(valid.length()), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
            case 2 ->
                (valid.substring(0, random.nextInt(valid.length())) + "\n{\"id\": \"cut")
                        .getBytes(StandardCharsets.UTF_8);
            case 3 -> ("[".repeat(50_000) + "]".repeat(50_000) + "\n").getBytes(StandardCharsets.UTF_8);
            case 4 ->
                ("{\"id\": \"a\", \"prompt\": " + pick(random, "5", "[]", "{}", "null", "true") + "}\n")
                        .getBytes(StandardCharsets.UTF_8);
            case 5 -> (valid + valid).getBytes(StandardCharsets.UTF_8); // every id twice
            case 6 -> new byte[0];
            case 7 -> withBytes(valid, random.nextInt(valid.length()), new byte[] {0});
            default ->
                ("{\"id\": \"" + "i".repeat(5_000_000) + "\", \"prompt\": 5}\n").getBytes(StandardCharsets.UTF_8);
        };
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] withBytes(String text, int at, byte[] inserted) {
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + inserted.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(inserted, 0, all, head.length, inserted.length);
        System.arraycopy(tail, 0, all, head.length + inserted.length, tail.length);
        return all;
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(60, bytes.length), StandardCharsets.ISO_8859_1);
        return text.replaceAll("\\p{Cntrl}", "?") + " (" + bytes.length + " bytes)";
    }
}
