package org.slmcluster.runtime.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The desired placement as an append-only event log ({@code <data dir>/store/placements.jsonl}, one
 * {@link PlacementEvent} per line, forced to disk before a change is acknowledged): the desired state is the
 * fold of its events, so it survives a coordinator restart. A torn last line (a crash while appending) is
 * skipped.
 */
final class PlacementLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    PlacementLog(Path dataDir) {
        this.file = dataDir.resolve("store").resolve("placements.jsonl");
    }

    List<PlacementEvent> read() {
        List<PlacementEvent> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(JSON.readValue(line, PlacementEvent.class));
                } catch (IOException torn) {
                    // only a crash mid-append leaves a partial line; what it described was never acknowledged
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return events;
    }

    void append(PlacementEvent event) {
        try {
            Files.createDirectories(file.getParent());
            byte[] line = (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(line));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** label -> model -> version, folded from {@code events}. */
    static Map<String, Map<String, String>> fold(List<PlacementEvent> events) {
        Map<String, Map<String, String>> desired = new TreeMap<>();
        for (PlacementEvent event : events) {
            for (String label : event.labels()) {
                if (PlacementEvent.DEPLOY.equals(event.event())) {
                    desired.computeIfAbsent(label, l -> new TreeMap<>()).put(event.model(), event.version());
                } else if (PlacementEvent.UNDEPLOY.equals(event.event())) {
                    Map<String, String> models = desired.get(label);
                    if (models != null) {
                        models.remove(event.model());
                        if (models.isEmpty()) {
                            desired.remove(label);
                        }
                    }
                }
            }
        }
        return desired;
    }
}
