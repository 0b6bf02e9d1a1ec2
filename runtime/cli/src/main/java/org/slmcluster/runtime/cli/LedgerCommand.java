package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.client.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slm ledger [MODEL]}: the evaluation ledgers of the cluster's coordinator. */
@Command(
        name = "ledger",
        mixinStandardHelpOptions = true,
        description = {
            "Without MODEL: the models with results. With MODEL: its scores per task and metric "
                    + "(mean, 95%% bootstrap interval), latency and throughput.",
            "Exit codes: 0 ok, 1 server failure, 2 bad input (also no ledger for MODEL), 3 cannot connect."
        })
public final class LedgerCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(arity = "0..1", paramLabel = "MODEL", description = "A model with recorded results.")
    String model;

    @Override
    public Integer call() {
        if (model == null) {
            JsonNode ledgers = ClientOptions.call(() -> client.platform().ledgers());
            if (client.json()) {
                ClientOptions.printJson(ledgers);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode ledger : ledgers.path("ledgers")) {
                List<String> tasks = new ArrayList<>();
                ledger.path("tasks").forEach(t -> tasks.add(t.asText()));
                rows.add(List.of(
                        ledger.path("model").asText(), ledger.path("items").asText(), String.join(",", tasks)));
            }
            if (rows.isEmpty()) {
                System.out.println("no ledgers yet: run an evaluation job first");
                return 0;
            }
            System.out.print(Tables.render(List.of("MODEL", "ITEMS", "TASKS"), rows));
            return 0;
        }
        JsonNode ledger = ClientOptions.call(() -> client.platform().ledger(model));
        if (client.json()) {
            ClientOptions.printJson(ledger);
            return 0;
        }
        System.out.println(model + ": " + ledger.path("items").asInt() + " items");
        System.out.print(Tables.render(
                List.of("TASK", "KIND", "N", "METRIC", "MEAN", "95% CI", "P50 MS", "TOKENS/S"),
                taskRows(ledger.path("tasks"))));
        return 0;
    }

    /** One row per task and metric (corpus scores marked as such); JobsCommand shows partial scores the same way. */
    static List<List<String>> taskRows(JsonNode tasks) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode task : tasks) {
            String latency = Tables.number(task.path("latency_p50_ms").asDouble(), 1);
            String speed = Tables.number(task.path("tokens_per_second").asDouble(), 1);
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            task.path("metrics").properties().iterator();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> metric = it.next();
                JsonNode m = metric.getValue();
                rows.add(List.of(
                        first ? task.path("task").asText() : "",
                        first ? task.path("kind").asText() : "",
                        first ? task.path("count").asText() : "",
                        metric.getKey(),
                        Tables.number(m.path("mean").asDouble(), 4),
                        Tables.number(m.path("ci_low").asDouble(), 4) + ".."
                                + Tables.number(m.path("ci_high").asDouble(), 4),
                        first ? latency : "",
                        first ? speed : ""));
                first = false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            task.path("corpus").properties().iterator();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> metric = it.next();
                rows.add(List.of(
                        first ? task.path("task").asText() : "",
                        first ? task.path("kind").asText() : "",
                        first ? task.path("count").asText() : "",
                        metric.getKey() + " (corpus)",
                        Tables.number(metric.getValue().asDouble(), 4),
                        "",
                        first ? latency : "",
                        first ? speed : ""));
                first = false;
            }
            if (first) {
                rows.add(List.of(
                        task.path("task").asText(),
                        task.path("kind").asText(),
                        task.path("count").asText(),
                        "-",
                        "",
                        "",
                        latency,
                        speed));
            }
        }
        return rows;
    }
}
