package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slm models rollout|history}: gated roll-outs of store versions and their audit log (issue 15). */
final class ModelRolloutCommands {

    /** Exit code of a roll-out the gate rolled back: the decision was made, but B was not promoted. */
    static final int ROLLED_BACK = 4;

    private static final long POLL_MILLIS = 2000;

    private ModelRolloutCommands() {}

    @Command(
            name = "rollout",
            mixinStandardHelpOptions = true,
            description = {
                "Rolls a stored version out behind a gate: places it on the canary (the running version A stays "
                        + "elsewhere), runs the gate suite on A and B, compares METRIC with a one-sided paired "
                        + "bootstrap on the items both scored, then promotes B member by member if it is not worse "
                        + "than A by more than --max-drop at --confidence, otherwise takes B off the canary.",
                "Exit code 0: promoted; " + ROLLED_BACK + ": rolled back; 1: the roll-out failed."
            })
    static final class Rollout implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME@VERSION", description = "The candidate version (B), already in the store.")
        String model;

        @Option(names = "--canary", required = true, paramLabel = "LABEL", description = "Member that gets B first.")
        String canary;

        @Option(names = "--gate", required = true, paramLabel = "SUITE", description = "Gate suite: name or folder.")
        String gate;

        @Option(
                names = "--metric",
                required = true,
                paramLabel = "M",
                description = "Score compared, as the ledgers name it (e.g. chrf++, exact-match).")
        String metric;

        @Option(
                names = "--max-drop",
                required = true,
                paramLabel = "D",
                description = "Largest tolerated drop of B below A, in the metric's units.")
        double maxDrop;

        @Option(
                names = "--confidence",
                paramLabel = "C",
                defaultValue = "0.95",
                description = "One-sided confidence of the bound (default: ${DEFAULT-VALUE}).")
        double confidence;

        @Option(names = "--no-wait", description = "Print the roll-out id and return at once.")
        boolean noWait;

        @Override
        public Integer call() throws InterruptedException {
            if (!model.contains("@") || model.endsWith("@")) {
                throw CliFailure.badInput("name the candidate as NAME@VERSION, got '" + model + "'");
            }
            JsonNode started = ClientOptions.call(
                    () -> client.platform().rollout(model, canary, gate, metric, maxDrop, confidence));
            String id = started.path("id").asText();
            System.out.println("roll-out " + id + ": " + started.path("model").asText() + " "
                    + started.path("from").asText() + " -> "
                    + started.path("to").asText() + ", canary " + canary);
            if (noWait) {
                return 0;
            }
            String lastStep = "";
            JsonNode progress = started;
            while ("running".equals(progress.path("state").asText())) {
                String step = progress.path("step").asText();
                if (!step.equals(lastStep)) {
                    System.out.println("  " + step);
                    lastStep = step;
                }
                Thread.sleep(POLL_MILLIS);
                progress = ClientOptions.call(() -> client.platform().rolloutProgress(id));
            }
            JsonNode decision = progress.path("decision");
            if (!decision.isMissingNode() && !decision.isNull()) {
                System.out.println("  " + describe(decision));
            }
            String state = progress.path("state").asText();
            System.out.println(id + ": " + state
                    + (progress.path("reason").isTextual()
                            ? " (" + progress.path("reason").asText() + ")"
                            : ""));
            return switch (state) {
                case "promoted" -> 0;
                case "rolled-back" -> ROLLED_BACK;
                default -> CliFailure.FAILED;
            };
        }
    }

    @Command(
            name = "history",
            mixinStandardHelpOptions = true,
            description = "A model's placement events and roll-out decisions with their numbers, oldest first.")
    static final class History implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME")
        String model;

        @Override
        public Integer call() {
            JsonNode history = ClientOptions.call(() -> client.platform().modelHistory(model));
            if (client.json()) {
                ClientOptions.printJson(history);
                return 0;
            }
            if (history.path("events").isEmpty()) {
                System.out.println("no placement or roll-out of " + model + " recorded");
                return 0;
            }
            for (JsonNode entry : history.path("events")) {
                System.out.println(line(entry));
            }
            return 0;
        }
    }

    /** One history entry on one line: time, event, then what it is about. */
    static String line(JsonNode entry) {
        StringBuilder line = new StringBuilder()
                .append(entry.path("at").asText())
                .append("  ")
                .append(entry.path("event").asText());
        if (entry.has("rollout")) {
            line.append("  ").append(entry.path("rollout").asText());
        }
        switch (entry.path("event").asText()) {
            case "deploy" ->
                line.append("  ")
                        .append(entry.path("model").asText())
                        .append('@')
                        .append(entry.path("version").asText())
                        .append(" to ")
                        .append(entry.path("labels"));
            case "undeploy" -> line.append("  from ").append(entry.path("labels"));
            case "started" ->
                line.append(String.format(
                        Locale.ROOT,
                        "  %s -> %s, canary %s, gate %s, %s max drop %s at %s",
                        entry.path("from").asText(),
                        entry.path("to").asText(),
                        entry.path("canary").asText(),
                        entry.path("gate").asText(),
                        entry.path("metric").asText(),
                        entry.path("max_drop").asText(),
                        entry.path("confidence").asText()));
            case "gate-result" -> line.append("  ").append(describe(entry));
            case "promoted-member" ->
                line.append("  on ").append(entry.path("label").asText());
            case "promoted", "rolled-back" ->
                line.append("  now ")
                        .append(entry.path("version").asText())
                        .append(entry.has("labels") ? " on " + entry.path("labels") : "");
            case "failed" ->
                line.append("  ")
                        .append(entry.path("reason").asText())
                        .append(" (during: ")
                        .append(entry.path("during").asText())
                        .append(')');
            default -> {}
        }
        return line.toString();
    }

    /** A gate result: means, difference, its lower bound and the decision. */
    static String describe(JsonNode decision) {
        return String.format(
                Locale.ROOT,
                "gate %s on %d items: A %.4f, B %.4f, B - A %.4f, lower bound %.4f at %.2f (max drop %s) -> %s%s",
                decision.path("metric").asText(),
                decision.path("shared_items").asInt(),
                decision.path("a_mean").asDouble(Double.NaN),
                decision.path("b_mean").asDouble(Double.NaN),
                decision.path("difference").asDouble(Double.NaN),
                decision.path("lower_bound").asDouble(Double.NaN),
                decision.path("confidence").asDouble(),
                decision.path("max_drop").asText(),
                decision.path("decision").asText(),
                decision.has("reason") ? " (" + decision.path("reason").asText() + ")" : "");
    }
}
