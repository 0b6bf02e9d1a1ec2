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
        System.out.printf(
                "coordinator %s, arity %d, depth %d, %d in flight%n",
                nodes.path("coordinator").asText(),
                nodes.path("arity").asInt(),
                nodes.path("depth").asInt(),
                nodes.path("in_flight").asInt());
        return 0;
    }
}
