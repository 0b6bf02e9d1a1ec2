package org.slmcluster.runtime.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores over time: after each job, one line per model is appended to
 * {@code <data dir>/history/<model>.jsonl} with the time, the job, the model's weights version and its
 * ledger view then (per task and metric: mean, 95% interval, items). The file only grows, so the series
 * survives restarts; a line that cannot be parsed (a torn last write) is skipped when reading.
 */
public final class ScoreHistory {

    private static final String DIR = "history";

    private final Path dir;

    public ScoreHistory(Path dataDir) {
        this.dir = dataDir.resolve(DIR);
    }

    /** Appends the model's view after {@code job} as one line. */
    public synchronized void append(String job, String suite, String version, ModelView view, Instant at) {
        ObjectNode line = LedgerJson.mapper().createObjectNode();
        line.put("at", at.toString());
        line.put("job", job);
        line.put("suite", suite);
        line.put("model", view.model());
        line.put("version", version);
        line.put("items", view.itemCount());
        ObjectNode tasks = line.putObject("tasks");
        for (TaskView task : view.tasks()) {
            ObjectNode t = tasks.putObject(task.task());
            t.put("count", task.count());
            ObjectNode metrics = t.putObject("metrics");
            for (Map.Entry<String, MetricSummary> metric : task.metrics().entrySet()) {
                MetricSummary s = metric.getValue();
                metrics.putObject(metric.getKey())
                        .put("mean", s.mean())
                        .put("ci_low", s.ciLow())
                        .put("ci_high", s.ciHigh())
                        .put("count", s.count());
            }
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    file(view.model()),
                    LedgerJson.mapper().writeValueAsString(line) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the score history of " + view.model(), e);
        }
    }

    /** The model's series, oldest first (empty when it has none). */
    public List<JsonNode> series(String model) {
        Path file = file(model);
        List<JsonNode> points = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return points;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    points.add(LedgerJson.mapper().readTree(line));
                } catch (JsonProcessingException e) {
                    // a torn last line after a crash: the earlier points stand
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the score history of " + model, e);
        }
        return points;
    }

    private Path file(String model) {
        return dir.resolve(URLEncoder.encode(model, StandardCharsets.UTF_8) + ".jsonl");
    }
}
