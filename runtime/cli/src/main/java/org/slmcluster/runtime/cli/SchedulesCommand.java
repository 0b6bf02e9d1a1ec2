package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.client.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slm schedules [add|list|remove]}: scheduled and deploy-triggered evaluation on the coordinator. */
@Command(
        name = "schedules",
        mixinStandardHelpOptions = true,
        description = {
            "Scheduled evaluation: each run of a schedule is a normal job (results in the ledgers). Without a "
                    + "subcommand: the schedules and their last runs.",
            "Exit codes: 0 ok, 1 server failure, 2 bad input (unknown suite, model or schedule, bad duration), "
                    + "3 cannot connect."
        },
        subcommands = {SchedulesCommand.Add.class, SchedulesCommand.ListSchedules.class, SchedulesCommand.Remove.class})
public final class SchedulesCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return list(client);
    }

    static int list(ClientOptions client) {
        JsonNode schedules = ClientOptions.call(() -> client.platform().schedules());
        if (client.json()) {
            ClientOptions.printJson(schedules);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode s : schedules.path("schedules")) {
            List<String> models = new ArrayList<>();
            s.path("models").forEach(m -> models.add(m.asText()));
            rows.add(List.of(
                    s.path("id").asText(),
                    s.path("suite").asText(),
                    String.join(",", models),
                    s.path("when").asText(),
                    s.path("runs").asText(),
                    s.path("last_job").asText("-"),
                    s.path("last_error").isNull() ? "-" : s.path("last_error").asText(),
                    s.path("next_due").asText("-")));
        }
        if (rows.isEmpty()) {
            System.out.println("no schedules (add one with 'slm schedules add --suite S --models a,b --every 6h')");
            return 0;
        }
        System.out.print(Tables.render(
                List.of("ID", "SUITE", "MODELS", "WHEN", "RUNS", "LAST JOB", "LAST ERROR", "NEXT DUE"), rows));
        return 0;
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Runs SUITE on the models every period (--every) and/or after every deploy of one of them "
                    + "that reaches ready on its members (--after-deploy). Prints the schedule's id.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Option(names = "--suite", required = true, paramLabel = "SUITE", description = "A suite name or folder.")
        String suite;

        @Option(
                names = "--models",
                required = true,
                split = ",",
                paramLabel = "MODELS",
                description = "Models to evaluate, comma-separated.")
        List<String> models = new ArrayList<>();

        @Option(names = "--every", paramLabel = "PERIOD", description = "e.g. 30s, 15m, 6h, 1d.")
        String every;

        @Option(names = "--after-deploy", description = "Also run after every deploy of one of the models.")
        boolean afterDeploy;

        @Option(
                names = "--seed",
                paramLabel = "N",
                description = "A seed to run with (repeatable; default the suite's).")
        List<Long> seeds = new ArrayList<>();

        @Override
        public Integer call() {
            if (every == null && !afterDeploy) {
                throw CliFailure.badInput("say when: --every PERIOD and/or --after-deploy");
            }
            JsonNode added =
                    ClientOptions.call(() -> client.platform().addSchedule(suite, models, every, afterDeploy, seeds));
            if (client.json()) {
                ClientOptions.printJson(added);
            } else {
                System.out.println(
                        added.path("id").asText() + " (" + added.path("when").asText() + ")");
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The schedules and their last runs.")
    static final class ListSchedules implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            return list(client);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a schedule (its jobs stay).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "A schedule id (see 'slm schedules').")
        String id;

        @Override
        public Integer call() {
            JsonNode removed = ClientOptions.call(() -> client.platform().removeSchedule(id));
            if (client.json()) {
                ClientOptions.printJson(removed);
            } else {
                System.out.println("removed schedule " + removed.path("id").asText());
            }
            return 0;
        }
    }
}
