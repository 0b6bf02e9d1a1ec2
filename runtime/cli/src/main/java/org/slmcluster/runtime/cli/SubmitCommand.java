package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slm submit}: one task through the cluster ({@code POST /api/v1/tasks}). The answer goes to standard
 * output alone, so it can be piped; where it ran goes to standard error.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = {
            "Send one task to the cluster and print the answer.",
            "Exit codes: 0 ok, 1 server failure, 2 bad input (also unknown model, missing token), 3 cannot connect."
        })
public final class SubmitCommand implements Callable<Integer> {

    /** Task names as the API knows them. */
    enum Task {
        translate,
        summarize,
        ner,
        classify,
        rag,
        generate
    }

    static final class Input {
        @Option(names = "--input", paramLabel = "TEXT", required = true, description = "The text to work on.")
        String text;

        @Option(
                names = "--file",
                paramLabel = "FILE",
                required = true,
                description = "Read the text from a file (- for stdin).")
        Path file;
    }

    @Mixin
    ClientOptions client;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "MODEL",
            description = "A model the cluster hosts (see 'slm models'); NAME@VERSION for one store version.")
    String model;

    @Option(
            names = "--task",
            paramLabel = "TASK",
            defaultValue = "generate",
            description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Task task;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--target-language", paramLabel = "LANG", description = "translate: the language to translate to.")
    String targetLanguage;

    @Option(names = "--source-language", paramLabel = "LANG", description = "translate: the language of the input.")
    String sourceLanguage;

    @Option(
            names = "--classes",
            paramLabel = "FILE",
            description = "classify: a classes file, one 'name: description' line per class.")
    Path classes;

    @Option(
            names = "--context",
            paramLabel = "FILE",
            description = "rag: a file of context passages, separated by blank lines.")
    Path context;

    @Option(
            names = "--collection",
            paramLabel = "NAME",
            description =
                    "rag: answer from this collection on the coordinator (built with 'slm collections add NAME DIR').")
    String collection;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Most tokens to generate.")
    Integer maxTokens;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature (0 = greedy).")
    Double temperature;

    @Option(names = "--seed", paramLabel = "N", description = "Sampling seed.")
    Long seed;

    @Override
    public Integer call() {
        String text = readInput();
        Map<String, Object> options = new LinkedHashMap<>();
        switch (task) {
            case translate -> {
                if (targetLanguage == null) {
                    throw CliFailure.badInput("--task translate needs --target-language");
                }
                options.put("target_language", targetLanguage);
                if (sourceLanguage != null) {
                    options.put("source_language", sourceLanguage);
                }
            }
            case classify -> {
                if (classes == null) {
                    throw CliFailure.badInput("--task classify needs --classes FILE");
                }
                options.put("classes", classNames(classes));
            }
            case rag -> {
                if (collection != null && context != null) {
                    throw CliFailure.badInput("--task rag takes --collection NAME or --context FILE, not both");
                }
                if (collection != null) {
                    options.put("collection", collection);
                } else if (context != null) {
                    options.put("context", passages(context));
                } else {
                    throw CliFailure.badInput("--task rag needs --collection NAME (or --context FILE)");
                }
            }
            default -> {}
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (maxTokens != null) {
            parameters.put("max_tokens", maxTokens);
        }
        if (temperature != null) {
            parameters.put("temperature", temperature);
        }
        if (seed != null) {
            parameters.put("seed", seed);
        }
        JsonNode result =
                ClientOptions.call(() -> client.platform().submitTask(model, task.name(), text, options, parameters));
        if (client.json()) {
            ClientOptions.printJson(result);
            return 0;
        }
        System.out.println(result.path("output").asText());
        if (result.has("rag")) {
            List<String> retrieved = new ArrayList<>();
            result.path("rag")
                    .path("retrieved")
                    .forEach(chunk -> retrieved.add(chunk.path("id").asText()));
            List<String> cited = new ArrayList<>();
            result.path("rag").path("cited_ids").forEach(id -> cited.add(id.asText()));
            System.err.println("[sources cited: " + cited + ", retrieved: " + retrieved + "]");
        }
        System.err.printf(
                "[%s on node %s, %d hops, %d tokens, %.1f tokens/s, %s]%n",
                model,
                result.path("node").asText(),
                result.path("hops").asInt(),
                result.path("usage").path("completion_tokens").asInt(),
                result.path("tokens_per_second").asDouble(),
                result.path("finish_reason").asText());
        return 0;
    }

    private String readInput() {
        if (input.text != null) {
            return input.text;
        }
        try {
            return input.file.toString().equals("-")
                    ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(input.file);
        } catch (IOException e) {
            throw CliFailure.badInput("cannot read " + input.file + ": " + e.getMessage());
        }
    }

    /** The names of a classes file: the text before ':' of each line that is not blank or a # comment. */
    static List<String> classNames(Path file) {
        List<String> names = new ArrayList<>();
        for (String line : lines(file)) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            int colon = stripped.indexOf(':');
            names.add((colon < 0 ? stripped : stripped.substring(0, colon)).strip());
        }
        if (names.size() < 2) {
            throw CliFailure.badInput(file
                    + ": a classes file needs at least 2 classes ('name: description' lines), found " + names.size());
        }
        return names;
    }

    private static List<String> passages(Path file) {
        List<String> passages = new ArrayList<>();
        for (String block : String.join("\n", lines(file)).split("\\n\\s*\\n")) {
            if (!block.isBlank()) {
                passages.add(block.strip());
            }
        }
        if (passages.isEmpty()) {
            throw CliFailure.badInput(file + " holds no context passage");
        }
        return passages;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw CliFailure.badInput("cannot read " + file + ": " + e.getMessage());
        }
    }
}
