package org.slmcluster.runtime.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Optional;
import java.util.TreeMap;
import org.slmcluster.runtime.evaluation.ScoredItem;

/**
 * Scores over time: after each job, one line per model is appended to
 * {@code <data dir>/history/<model>.jsonl} with the time, the job, the model's weights version and its
 * ledger view then (per task and metric: mean, 95% interval, items). The file only grows, so the series
 * survives restarts; a line that cannot be parsed (a torn last write) is skipped when reading.
 */
public final class ScoreHistory {

    private static final String DIR = "history";
    /** Answers kept per item in a history line, for comparisons; longer ones are cut. */
    static final int ANSWER_CHARS = 2000;

    private final Path dir;

    public ScoreHistory(Path dataDir) {
        this.dir = dataDir.resolve(DIR);
    }

    /**
     * Appends the model's state after {@code job} as one line: its view, every item's scores (for drift
     * comparisons) and, when there is a baseline to compare with, the comparisons; returns the line.
     *
     * @param state the job's end state; a cancelled job's point is never a baseline
     */
    public synchronized ObjectNode append(
            String job,
            String suite,
            String state,
            String model,
            String version,
            List<ScoredItem> items,
            DriftDetector detector,
            Instant at) {
        ModelView view = LedgerViews.modelView(model, items);
        ObjectNode line = LedgerJson.mapper().createObjectNode();
        line.put("at", at.toString());
        line.put("job", job);
        line.put("suite", suite);
        line.put("state", state);
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
        Map<String, Map<String, Map<String, Double>>> scores = scoresOf(items);
        line.set("scores", LedgerJson.mapper().valueToTree(scores));
        line.set("answers", LedgerJson.mapper().valueToTree(answersOf(items)));
        Optional<JsonNode> baseline = baseline(view.model());
        if (baseline.isPresent()) {
            ObjectNode drift = line.putObject("drift");
            drift.put("baseline_job", baseline.get().path("job").asText());
            drift.put("baseline_version", baseline.get().path("version").asText());
            ArrayNode comparisons = drift.putArray("comparisons");
            for (DriftDetector.Comparison c : detector.compare(scoresOf(baseline.get()), scores)) {
                comparisons
                        .addObject()
                        .put("task", c.task())
                        .put("metric", c.metric())
                        .put("shared", c.shared())
                        .put("baseline_mean", c.baselineMean())
                        .put("run_mean", c.runMean())
                        .put("difference", c.difference())
                        .put("ci_low", c.ciLow())
                        .put("ci_high", c.ciHigh())
                        .put("drifted", c.drifted());
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
        return line;
    }

    /**
     * The point new runs of {@code model} are compared with: the pinned job's point when one is pinned,
     * else the first point of a job that was not cancelled.
     */
    public Optional<JsonNode> baseline(String model) {
        List<JsonNode> points = series(model);
        Optional<String> pinned = pinned(model);
        for (JsonNode point : points) {
            boolean accepted = pinned.isPresent()
                    ? pinned.get().equals(point.path("job").asText())
                    : !"CANCELLED".equalsIgnoreCase(point.path("state").asText());
            if (accepted) {
                return Optional.of(point);
            }
        }
        return Optional.empty();
    }

    /** Makes {@code job}'s point the model's baseline; false when the model has no point of that job. */
    public synchronized boolean pin(String model, String job) {
        boolean known =
                series(model).stream().anyMatch(p -> job.equals(p.path("job").asText()));
        if (!known) {
            return false;
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(pinFile(model), job + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pin the baseline of " + model, e);
        }
        return true;
    }

    private Optional<String> pinned(String model) {
        try {
            Path file = pinFile(model);
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pinned baseline of " + model, e);
        }
    }

    private Path pinFile(String model) {
        return dir.resolve(URLEncoder.encode(model, StandardCharsets.UTF_8) + ".baseline");
    }

    /** task -> item id -> metric -> score. */
    private static Map<String, Map<String, Map<String, Double>>> scoresOf(List<ScoredItem> items) {
        Map<String, Map<String, Map<String, Double>>> scores = new TreeMap<>();
        for (ScoredItem item : items) {
            scores.computeIfAbsent(item.key().task(), t -> new TreeMap<>())
                    .put(item.key().id(), item.scores());
        }
        return scores;
    }

    /** task -> item id -> answer (cut to {@link #ANSWER_CHARS}), so that two runs' answers can be shown side by side. */
    private static Map<String, Map<String, String>> answersOf(List<ScoredItem> items) {
        Map<String, Map<String, String>> answers = new TreeMap<>();
        for (ScoredItem item : items) {
            String answer = item.answer() == null ? "" : item.answer();
            answers.computeIfAbsent(item.key().task(), t -> new TreeMap<>())
                    .put(
                            item.key().id(),
                            answer.length() > ANSWER_CHARS ? answer.substring(0, ANSWER_CHARS) + "…" : answer);
        }
        return answers;
    }

    /** A point's answers: task -> item id -> answer; empty for points written before answers were kept. */
    static Map<String, Map<String, String>> answersOf(JsonNode point) {
        Map<String, Map<String, String>> answers = new TreeMap<>();
        for (Map.Entry<String, JsonNode> task : point.path("answers").properties()) {
            Map<String, String> items = answers.computeIfAbsent(task.getKey(), t -> new TreeMap<>());
            task.getValue()
                    .properties()
                    .forEach(item -> items.put(item.getKey(), item.getValue().asText()));
        }
        return answers;
    }

    /** A point's per-item scores: task -> item id -> metric -> score. */
    static Map<String, Map<String, Map<String, Double>>> scoresOf(JsonNode point) {
        Map<String, Map<String, Map<String, Double>>> scores = new TreeMap<>();
        for (Map.Entry<String, JsonNode> task : point.path("scores").properties()) {
            Map<String, Map<String, Double>> items = scores.computeIfAbsent(task.getKey(), t -> new TreeMap<>());
            for (Map.Entry<String, JsonNode> item : task.getValue().properties()) {
                Map<String, Double> metrics = items.computeIfAbsent(item.getKey(), k -> new TreeMap<>());
                for (Map.Entry<String, JsonNode> metric : item.getValue().properties()) {
                    metrics.put(metric.getKey(), metric.getValue().asDouble());
                }
            }
        }
        return scores;
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

    /** The models with a history, sorted. */
    public List<String> models() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".jsonl"))
                    .map(name -> java.net.URLDecoder.decode(
                            name.substring(0, name.length() - ".jsonl".length()), StandardCharsets.UTF_8))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the score histories in " + dir, e);
        }
    }

    private Path file(String model) {
        return dir.resolve(URLEncoder.encode(model, StandardCharsets.UTF_8) + ".jsonl");
    }
}
