package org.slmcluster.runtime.http;

import java.util.List;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;

/**
 * Turns one {@code POST /api/v1/tasks} body into a generation request. {@code generate} sends the input as a
 * plain completion prompt; the other task types wrap it in a short instruction (chat). Evaluation suites
 * build their own, richer prompts; these are for one-off tasks.
 */
final class TaskPrompts {

    static final List<String> TYPES = List.of("generate", "translate", "summarize", "ner", "classify");

    private TaskPrompts() {}

    static GenerationRequest build(String type, String input, JsonFields options, GenerationParameters parameters) {
        return switch (type) {
            case "generate" -> GenerationRequest.completion(input, parameters);
            case "translate" -> {
                String target = options.requiredText("target_language");
                String source = options.optionalText("source_language", null);
                String from = source == null ? "" : " from " + source;
                yield chat(
                        "You are a careful translator.",
                        "Translate the following text" + from + " to " + target
                                + ". Answer with the translation only.\n\n" + input,
                        parameters);
            }
            case "summarize" ->
                chat(
                        "You write short, faithful summaries.",
                        "Summarize the following text in a few sentences.\n\n" + input,
                        parameters);
            case "ner" ->
                chat(
                        "You extract named entities.",
                        "List the named entities (persons, organizations, "
                                + "locations, dates) in the following text, one per line as TYPE: text.\n\n" + input,
                        parameters);
            case "classify" -> {
                List<String> classes = options.stringOrStrings("classes");
                if (classes.isEmpty()) {
                    throw ApiError.badField(
                            options.path("classes"), "is required for task 'classify' (an array of class names)");
                }
                yield chat(
                        "You classify texts.",
                        "Classify the following text into exactly one of these classes: " + String.join(", ", classes)
                                + ". Answer with the class name only.\n\n" + input,
                        parameters);
            }
            case "rag" ->
                throw ApiError.badField("task", "'rag' is not served by this endpoint yet (use an evaluation suite)");
            default -> throw ApiError.badField("task", "must be one of " + TYPES + ", got '" + type + "'");
        };
    }

    private static GenerationRequest chat(String system, String user, GenerationParameters parameters) {
        return GenerationRequest.chat(List.of(ChatMessage.system(system), ChatMessage.user(user)), parameters);
    }
}
