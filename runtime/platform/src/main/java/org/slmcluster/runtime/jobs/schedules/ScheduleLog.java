package org.slmcluster.runtime.jobs.schedules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The schedules as an append-only event log ({@code <data dir>/schedules.jsonl}, one {@link ScheduleEvent} per
 * line, forced to disk before a change is acknowledged or a run is started), so schedules and their last runs
 * survive a coordinator restart. A torn last line (a crash while appending) is skipped.
 */
final class ScheduleLog {

    static final String FILE = "schedules.jsonl";

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;

    ScheduleLog(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    List<ScheduleEvent> read() {
        List<ScheduleEvent> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(JSON.readValue(line, ScheduleEvent.class));
                } catch (IOException torn) {
                    // only a crash mid-append leaves a partial line; what it described was never acknowledged
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return events;
    }

    void append(ScheduleEvent event) {
        try {
            Files.createDirectories(file.getParent());
            byte[] line = (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(line));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }
}
