package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.client.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code slm models}: without a subcommand, where each model runs in the running cluster; {@code list|pull|verify}
 * work on the model catalogue and local model files.
 */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "Without a subcommand: where each model runs in the cluster (asks the coordinator, see --url).",
            "add, store, remove, deploy, undeploy and status manage the coordinator's model store and where its models"
                    + " run (the members fetch them along the tree); rollout places a new version behind a gate suite"
                    + " and history shows each placement and roll-out decision.",
            "list, pull and verify work on the catalogue (models/catalogue.conf) and local files (searched in "
                    + "SLM_MODEL_PATH, then ~/.slm/models).",
            "Exit codes: 0 ok, 1 server failure, 2 bad input, 3 cannot connect, 4 rollout rolled back."
        },
        subcommands = {
            ModelsListCommand.class,
            ModelsPullCommand.class,
            ModelsVerifyCommand.class,
            ModelLifecycleCommands.Add.class,
            ModelLifecycleCommands.Store.class,
            ModelLifecycleCommands.Remove.class,
            ModelLifecycleCommands.Deploy.class,
            ModelLifecycleCommands.Undeploy.class,
            ModelLifecycleCommands.Status.class,
            ModelRolloutCommands.Rollout.class,
            ModelRolloutCommands.History.class
        })
public final class ModelsCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        JsonNode models = ClientOptions.call(() -> client.platform().models());
        if (client.json()) {
            ClientOptions.printJson(models);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode model : models.path("models")) {
            List<String> nodes = new ArrayList<>();
            model.path("nodes").forEach(n -> nodes.add(n.asText()));
            long queued = 0;
            for (JsonNode host : model.path("hosts")) {
                queued += host.path("queued").asLong();
            }
            rows.add(List.of(
                    model.path("name").asText(),
                    model.path("engine").asText("-"),
                    String.join(",", nodes),
                    Long.toString(queued),
                    model.path("completed").asText(),
                    Tables.number(model.path("tokens_per_second").asDouble(), 1)));
        }
        if (rows.isEmpty()) {
            System.out.println("no node hosts a model yet");
            return 0;
        }
        System.out.print(Tables.render(List.of("MODEL", "ENGINE", "NODES", "QUEUED", "COMPLETED", "TOKENS/S"), rows));
        return 0;
    }
}
