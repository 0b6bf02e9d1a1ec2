package org.slmcluster.runtime.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The roll-out audit log, {@code <data dir>/store/rollouts.jsonl} beside the placement log: one JSON object
 * per decision or step ({@code at}, {@code rollout}, {@code model}, {@code event} and the numbers behind it),
 * forced to disk as it is written. A torn last line (a crash while appending) is skipped when read.
 */
final class RolloutAudit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    RolloutAudit(Path dataDir) {
        this.file = dataDir.resolve("store").resolve("rollouts.jsonl");
    }

    synchronized void append(ObjectNode entry) {
        try {
            Files.createDirectories(file.getParent());
            byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(line));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The entries about {@code model}, oldest first. */
    synchronized List<JsonNode> of(String model) {
        List<JsonNode> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode entry = JSON.readTree(line);
                    if (model.equals(entry.path("model").asText())) {
                        entries.add(entry);
                    }
                } catch (IOException torn) {
                    // only a crash mid-append leaves a partial line
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }
}
