package org.slmcluster.runtime.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteHashTest {

    @Test
    void hashesAreStableAcrossLoadsAndLocations(@TempDir Path temp) throws Exception {
        Path original = SuiteFolders.repositorySuite("smoke");
        Suite first = SuiteLoader.load(original);
        Suite again = SuiteLoader.load(original);
        Path copy = copyTree(original, temp.resolve("elsewhere").resolve("smoke-copy"));
        Suite moved = SuiteLoader.load(copy);

        assertThat(again.contentHash()).isEqualTo(first.contentHash());
        assertThat(moved.contentHash()).isEqualTo(first.contentHash());
        assertThat(moved.fileHashes()).isEqualTo(first.fileHashes());
        assertThat(first.contentHash()).matches("[0-9a-f]{64}");
    }

    @Test
    void everyUsedFileIsHashedWithItsSha256(@TempDir Path temp) throws Exception {
        Path dir = SuiteFolders.repositorySuite("smoke");
        Suite suite = SuiteLoader.load(dir);
        assertThat(suite.fileHashes())
                .containsOnlyKeys(
                        "suite.conf",
                        "translation.jsonl",
                        "summarization.jsonl",
                        "ner.jsonl",
                        "ner.conll",
                        "classification/classes.txt",
                        "classification/tickets.jsonl",
                        "rag/questions.jsonl",
                        "rag/documents/greenhouse.md",
                        "generation.jsonl");
        for (var entry : suite.fileHashes().entrySet()) {
            assertThat(entry.getValue())
                    .as(entry.getKey())
                    .isEqualTo(sha256(Files.readAllBytes(dir.resolve(entry.getKey()))));
        }
        assertThat(List.copyOf(suite.fileHashes().keySet())).isSorted();
        assertThat(suite.task("ner").orElseThrow().datasetHashes()).containsOnlyKeys("ner.jsonl", "ner.conll");
        StringBuilder lines = new StringBuilder();
        suite.fileHashes().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(entry -> lines.append(entry.getKey())
                        .append('\t')
                        .append(entry.getValue())
                        .append('\n'));
        assertThat(suite.contentHash()).isEqualTo(sha256(lines.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void changingOneDatasetChangesOnlyItsHashAndTheSuiteHash(@TempDir Path temp) throws Exception {
        Path copy = copyTree(SuiteFolders.repositorySuite("smoke"), temp.resolve("smoke"));
        Suite before = SuiteLoader.load(copy);
        Path summaries = copy.resolve("summarization.jsonl");
        Files.writeString(summaries, Files.readString(summaries).replace("two years", "three years"));
        Suite after = SuiteLoader.load(copy);

        assertThat(after.contentHash()).isNotEqualTo(before.contentHash());
        assertThat(after.fileHashes().get("summarization.jsonl"))
                .isNotEqualTo(before.fileHashes().get("summarization.jsonl"));
        assertThat(after.fileHashes()).hasSameSizeAs(before.fileHashes());
        after.fileHashes().forEach((file, hash) -> {
            if (!file.equals("summarization.jsonl")) {
                assertThat(hash).as(file).isEqualTo(before.fileHashes().get(file));
            }
        });
        assertThat(after.task("summarization").orElseThrow().datasetHashes().get("summarization.jsonl"))
                .isEqualTo(after.fileHashes().get("summarization.jsonl"));
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return to;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
