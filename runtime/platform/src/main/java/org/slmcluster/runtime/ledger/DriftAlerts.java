package org.slmcluster.runtime.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Drift alerts: every drifted comparison of a history point (see {@link ScoreHistory}) becomes one alert
 * with its numbers, appended to {@code <data dir>/alerts.jsonl} and handed to the listeners (e.g. a
 * webhook); other watchers (the API's traffic watch) {@link #record} their alerts here too, so that one list
 * and one webhook serve them all. Reading skips a torn last line.
 */
public final class DriftAlerts {

    private final Path file;
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

    public DriftAlerts(Path dataDir) {
        this.file = dataDir.resolve("alerts.jsonl");
    }

    /** {@code listener} gets every alert raised from now on (called on the job's thread; must not block long). */
    public void listen(Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    /** Raises an alert for each drifted comparison of {@code point}; returns them. */
    public synchronized List<JsonNode> raise(JsonNode point) {
        List<JsonNode> raised = new ArrayList<>();
        JsonNode drift = point.path("drift");
        for (JsonNode comparison : drift.path("comparisons")) {
            if (!comparison.path("drifted").asBoolean()) {
                continue;
            }
            ObjectNode alert = LedgerJson.mapper().createObjectNode();
            alert.put("kind", "score_drift");
            alert.put("at", point.path("at").asText());
            alert.put("model", point.path("model").asText());
            alert.put("job", point.path("job").asText());
            alert.put("version", point.path("version").asText());
            alert.put("baseline_job", drift.path("baseline_job").asText());
            alert.put("baseline_version", drift.path("baseline_version").asText());
            alert.setAll((ObjectNode) comparison.deepCopy());
            alert.remove("drifted");
            alert.put("test", "paired bootstrap, 95% interval of the mean difference excludes 0");
            raised.add(alert);
        }
        append(raised);
        return raised;
    }

    /** Records an alert another watcher raised ({@code kind} says which), and hands it to the listeners. */
    public synchronized void record(JsonNode alert) {
        append(List.of(alert));
    }

    private void append(List<JsonNode> raised) {
        if (raised.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        try {
            for (JsonNode alert : raised) {
                lines.append(LedgerJson.mapper().writeValueAsString(alert)).append('\n');
            }
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record drift alerts in " + file, e);
        }
        for (JsonNode alert : raised) {
            listeners.forEach(listener -> listener.accept(alert));
        }
    }

    /** Every alert raised, oldest first. */
    public synchronized List<JsonNode> list() {
        List<JsonNode> alerts = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return alerts;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        alerts.add(LedgerJson.mapper().readTree(line));
                    } catch (JsonProcessingException e) {
                        // a torn last line after a crash
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read drift alerts from " + file, e);
        }
        return alerts;
    }
}
