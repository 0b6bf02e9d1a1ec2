package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.client.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slm models add|store|remove|deploy|undeploy|status}: the coordinator's model store and where its
 * models are placed (issue 15), all over the coordinator's HTTP API.
 */
final class ModelLifecycleCommands {

    private ModelLifecycleCommands() {}

    static String[] nameAndVersion(String value) {
        int at = value.indexOf('@');
        return at < 0 ? new String[] {value, null} : new String[] {value.substring(0, at), value.substring(at + 1)};
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Copies a GGUF file into the coordinator's model store (content-addressed by sha256). The "
                    + "coordinator reads FILE itself, so run this on the coordinator's host.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "FILE", description = "The model file (GGUF).")
        Path file;

        @Option(
                names = "--name",
                required = true,
                paramLabel = "NAME[@VERSION]",
                description = "Name, optionally with a version (default: the digest's first 12 characters).")
        String name;

        @Option(names = "--licence", paramLabel = "TEXT", description = "A licence note kept with the model.")
        String licence;

        @Option(names = "--context-size", paramLabel = "N", description = "Context size members run it with (2048).")
        Integer contextSize;

        @Option(names = "--chat-template", paramLabel = "NAME", description = "Chat template to record with it.")
        String chatTemplate;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw CliFailure.badInput("no such file: " + file);
            }
            String[] model = nameAndVersion(name);
            JsonNode stored = ClientOptions.call(() -> client.platform()
                    .addToStore(
                            file.toAbsolutePath().toString(), model[0], model[1], licence, contextSize, chatTemplate));
            if (client.json()) {
                ClientOptions.printJson(stored);
            } else {
                System.out.println("stored " + stored.path("name").asText() + "@"
                        + stored.path("version").asText() + " sha256 "
                        + stored.path("digest").asText() + " ("
                        + stored.path("size").asLong() + " bytes)");
            }
            return 0;
        }
    }

    @Command(name = "store", mixinStandardHelpOptions = true, description = "Lists the coordinator's model store.")
    static final class Store implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            JsonNode store = ClientOptions.call(() -> client.platform().store());
            if (client.json()) {
                ClientOptions.printJson(store);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode m : store.path("models")) {
                rows.add(List.of(
                        m.path("name").asText(),
                        m.path("version").asText(),
                        m.path("digest").asText().substring(0, 12),
                        m.path("size").asText(),
                        m.path("format").asText(),
                        m.path("context_size").asText(),
                        m.path("licence").asText("-")));
            }
            if (rows.isEmpty()) {
                System.out.println("the store is empty (add a model with 'slm models add FILE --name NAME')");
                return 0;
            }
            System.out.print(
                    Tables.render(List.of("NAME", "VERSION", "SHA256", "BYTES", "FORMAT", "CONTEXT", "LICENCE"), rows));
            return 0;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Removes a version from the store; refused while it is placed on a member.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME@VERSION")
        String model;

        @Override
        public Integer call() {
            String[] parts = nameAndVersion(model);
            if (parts[1] == null) {
                throw CliFailure.badInput("say which version: NAME@VERSION (see 'slm models store')");
            }
            JsonNode removed = ClientOptions.call(() -> client.platform().removeFromStore(parts[0], parts[1]));
            System.out.println("removed " + removed.path("name").asText() + "@"
                    + removed.path("version").asText());
            return 0;
        }
    }

    @Command(
            name = "deploy",
            mixinStandardHelpOptions = true,
            description = "Places a stored model on members (desired state; they fetch it through their tree parents).")
    static final class Deploy implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME[@VERSION]", description = "Without a version: the one added last.")
        String model;

        @Option(names = "--to", split = ",", paramLabel = "LABELS", description = "Topology labels, e.g. 00,01.")
        List<String> labels = new ArrayList<>();

        @Option(names = "--replicas", paramLabel = "N", description = "Or: this many reporting members, deepest first.")
        int replicas;

        @Override
        public Integer call() {
            if (labels.isEmpty() == (replicas <= 0)) {
                throw CliFailure.badInput("give either --to LABELS or --replicas N");
            }
            JsonNode placed = ClientOptions.call(() -> client.platform().deploy(model, labels, replicas));
            System.out.println("deploying " + model + " to " + placed.path("labels"));
            return 0;
        }
    }

    @Command(
            name = "undeploy",
            mixinStandardHelpOptions = true,
            description = "Takes a model off members: they drain its worker (in-flight work finishes) and delete it.")
    static final class Undeploy implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME")
        String model;

        @Option(names = "--from", split = ",", paramLabel = "LABELS", description = "Default: every member.")
        List<String> labels = new ArrayList<>();

        @Override
        public Integer call() {
            JsonNode removed = ClientOptions.call(() -> client.platform().undeploy(model, labels));
            System.out.println("undeploying " + model + " from " + removed.path("labels"));
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "Per member and model: absent, transferring (%%), verifying, loading, ready, draining, failed.")
    static final class Status implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Option(names = "--transfers", description = "Also print the transfer log (each hop).")
        boolean transfers;

        @Override
        public Integer call() {
            JsonNode placements = ClientOptions.call(() -> client.platform().placements());
            if (client.json()) {
                ClientOptions.printJson(placements);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode m : placements.path("members")) {
                String phase = m.path("phase").asText();
                if ("transferring".equals(phase)) {
                    phase += " " + m.path("percent").asInt() + "%";
                }
                if (!m.path("reason").isNull() && !m.path("reason").asText().isEmpty()) {
                    phase += ": " + m.path("reason").asText();
                }
                rows.add(List.of(
                        m.path("label").asText(),
                        m.path("model").asText(),
                        m.path("desired_version").isNull()
                                ? "(remove)"
                                : m.path("desired_version").asText(),
                        m.path("version").asText(""),
                        phase));
            }
            if (rows.isEmpty()) {
                System.out.println("nothing placed from the store");
            } else {
                System.out.print(Tables.render(List.of("MEMBER", "MODEL", "DESIRED", "VERSION", "STATE"), rows));
            }
            if (transfers) {
                placements.path("transfers").forEach(line -> System.out.println(line.asText()));
            }
            return 0;
        }
    }
}
