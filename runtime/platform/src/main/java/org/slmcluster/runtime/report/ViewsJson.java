package org.slmcluster.runtime.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slmcluster.runtime.ledger.LedgerJson;

/**
 * {@code views.json}: the job id, its manifest, one efficiency summary per model, the headline score of
 * each task, and every ledger view as the ledger computes it (per model and task: count, per-metric count,
 * mean, sd, 95% interval; corpus scores; latency p50/p95; tokens per second; output length; adherence rates).
 */
public final class ViewsJson {

    private ViewsJson() {}

    public static ObjectNode toJson(JobReport report) {
        ObjectMapper json = LedgerJson.mapper();
        ObjectNode root = json.createObjectNode();
        root.put("jobId", report.jobId());
        root.set(
                "manifest",
                report.manifest()
                        .<com.fasterxml.jackson.databind.JsonNode>map(json::valueToTree)
                        .orElse(json.nullNode()));
        ArrayNode models = root.putArray("models");
        for (String model : report.models()) {
            JobReport.ModelSummary summary = report.summaries().get(model);
            ObjectNode node = models.addObject();
            node.put("model", model);
            node.put("items", summary.items());
            node.put("meanTokensPerSecond", summary.meanTokensPerSecond());
            node.put("latencyP50Millis", summary.latencyP50Millis());
            node.put("latencyP95Millis", summary.latencyP95Millis());
            if (summary.sizeBytes().isPresent()) {
                node.put("sizeBytes", summary.sizeBytes().getAsLong());
            } else {
                node.putNull("sizeBytes");
            }
        }
        ObjectNode headlines = root.putObject("headline");
        for (String task : report.tasks()) {
            Headline.nameOf(report.viewsOf(task))
                    .ifPresentOrElse(name -> headlines.put(task, name), () -> headlines.putNull(task));
        }
        ArrayNode views = root.putArray("views");
        report.views().forEach(view -> views.add(json.valueToTree(view)));
        return root;
    }

    public static void write(JobReport report, Path file) {
        try {
            LedgerJson.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), toJson(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
