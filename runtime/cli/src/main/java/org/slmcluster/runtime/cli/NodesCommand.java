package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.client.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code slm nodes}: the cluster's members as the coordinator sees them. */
@Command(
        name = "nodes",
        mixinStandardHelpOptions = true,
        description = {
            "List the cluster's nodes: label, address, status, hosted models, queue depth and load.",
            "Exit codes: 0 ok, 1 server failure, 2 bad input, 3 cannot connect."
        })
public final class NodesCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        JsonNode nodes = ClientOptions.call(() -> client.platform().nodes());
        if (client.json()) {
            ClientOptions.printJson(nodes);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode node : nodes.path("nodes")) {
            List<String> models = new ArrayList<>();
            node.path("models").forEach(m -> models.add(m.asText()));
            rows.add(List.of(
                    node.path("label").asText(),
                    node.path("address").asText(),
                    node.path("status").asText(),
                    node.path("reachable").asBoolean(true) ? "yes" : "NO",
                    models.isEmpty() ? "-" : String.join(",", models),
                    node.path("queue_depth").asText(),
                    node.path("running").asText(),
                    node.path("load").asText()));
        }
        System.out.print(Tables.render(
                List.of("LABEL", "ADDRESS", "STATUS", "REACHABLE", "MODELS", "QUEUED", "RUNNING", "LOAD"), rows));
        printEngines(nodes);
        System.out.printf(
                "coordinator %s, arity %d, depth %d, %d in flight%n",
                nodes.path("coordinator").asText(),
                nodes.path("arity").asInt(),
                nodes.path("depth").asInt(),
                nodes.path("in_flight").asInt());
        return 0;
    }

    /** Each hosted model's engine: state, where it runs, its process and memory, restarts and last error. */
    private static void printEngines(JsonNode nodes) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode node : nodes.path("nodes")) {
            for (JsonNode worker : node.path("workers")) {
                JsonNode engine = worker.path("engine");
                boolean process = "process".equals(engine.path("isolation").asText());
                long rss = engine.path("rss_bytes").asLong();
                long limit = engine.path("memory_limit_bytes").asLong();
                String error = worker.path("last_error").isTextual()
                        ? worker.path("last_error").asText()
                        : "-";
                rows.add(List.of(
                        node.path("label").asText(),
                        worker.path("model").asText(),
                        worker.path("state").asText(),
                        engine.path("isolation").asText("-"),
                        process && engine.path("pid").asLong() > 0
                                ? engine.path("pid").asText()
                                : "-",
                        process && rss > 0 ? (rss >> 20) + " MiB" : "-",
                        process && limit > 0
                                ? (limit >> 20) + " MiB ("
                                        + engine.path("memory_limit").asText() + ")"
                                : "-",
                        worker.path("restarts").asText("0"),
                        error));
            }
        }
        if (!rows.isEmpty()) {
            System.out.print(Tables.render(
                    List.of(
                            "LABEL",
                            "MODEL",
                            "STATE",
                            "ISOLATION",
                            "PID",
                            "RSS",
                            "MEMORY LIMIT",
                            "RESTARTS",
                            "LAST ERROR"),
                    rows));
        }
    }
}
