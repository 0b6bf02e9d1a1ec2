package org.slmcluster.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;

/**
 * OpenAI's {@code /v1/models}, {@code /v1/chat/completions} and {@code /v1/completions}, answered by the
 * cluster. With {@code "stream": true} the answer comes as server-sent events in OpenAI's chunk format while
 * the worker generates it (pieces of about 20 ms of text, the first token alone); a task that fails before
 * its first word gets a plain HTTP error, one that fails after it an {@code error} event.
 */
final class OpenAiApi {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");
    /** OpenAI's documented arguments: those this server does not use are accepted and ignored, others refused. */
    private static final Set<String> COMMON_FIELDS = Set.of(
            "model",
            "frequency_penalty",
            "presence_penalty",
            "logit_bias",
            "logprobs",
            "max_tokens",
            "n",
            "seed",
            "stop",
            "stream",
            "stream_options",
            "temperature",
            "top_p",
            "user",
            "service_tier",
            "metadata",
            "store");

    private static final Set<String> CHAT_FIELDS = union(
            COMMON_FIELDS,
            Set.of(
                    "messages",
                    "max_completion_tokens",
                    "top_logprobs",
                    "response_format",
                    "tools",
                    "tool_choice",
                    "parallel_tool_calls",
                    "functions",
                    "function_call",
                    "modalities",
                    "prediction",
                    "audio",
                    "reasoning_effort",
                    "web_search_options"));
    private static final Set<String> COMPLETION_FIELDS =
            union(COMMON_FIELDS, Set.of("prompt", "best_of", "echo", "suffix"));
    private static final Set<String> MESSAGE_FIELDS =
            Set.of("role", "content", "name", "tool_calls", "tool_call_id", "function_call", "refusal", "audio");

    private final ClusterGateway gateway;
    private final TaskSubmitter submitter;
    private final ApiSettings settings;
    private final long startedEpochSeconds = System.currentTimeMillis() / 1000;

    OpenAiApi(ClusterGateway gateway, TaskSubmitter submitter, ApiSettings settings) {
        this.gateway = gateway;
        this.submitter = submitter;
        this.settings = settings;
    }

    CompletionStage<HttpResponse> models() {
        return gateway.status(PlatformApi.STATUS_TIMEOUT).thenApply(status -> {
            Set<String> names = new TreeSet<>();
            for (ClusterStatus.Member member : status.members()) {
                names.addAll(member.models());
            }
            ObjectNode body = JsonFields.JSON.createObjectNode();
            body.put("object", "list");
            ArrayNode data = body.putArray("data");
            for (String name : names) {
                data.addObject()
                        .put("id", name)
                        .put("object", "model")
                        .put("created", startedEpochSeconds)
                        .put("owned_by", "slm-cluster");
            }
            return Responses.json(200, body);
        });
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    CompletionStage<HttpResponse> chatCompletions(byte[] bytes) {
        JsonFields body = JsonFields.parse(bytes).allowOnly(CHAT_FIELDS);
        String model = body.requiredText("model");
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonFields message : body.objects("messages", true)) {
            String role = message.allowOnly(MESSAGE_FIELDS).requiredText("role");
            if (!ROLES.contains(role)) {
                throw ApiError.badField(
                        message.path("role"), "must be one of system, developer, user, assistant; got '" + role + "'");
            }
            messages.add(new ChatMessage("developer".equals(role) ? "system" : role, content(message)));
        }
        if (messages.isEmpty()) {
            throw ApiError.badField("messages", "must not be empty");
        }
        GenerationParameters parameters = parameters(body);
        return complete(body, model, GenerationRequest.chat(messages, parameters), true);
    }

    CompletionStage<HttpResponse> completions(byte[] bytes) {
        JsonFields body = JsonFields.parse(bytes).allowOnly(COMPLETION_FIELDS);
        String model = body.requiredText("model");
        String prompt;
        JsonNode raw = body.raw("prompt");
        if (raw != null && raw.isArray() && raw.size() == 1 && raw.get(0).isTextual()) {
            prompt = raw.get(0).asText();
        } else if (raw != null && raw.isArray()) {
            throw ApiError.badField("prompt", "must be a string (or an array of exactly one string)");
        } else {
            prompt = body.requiredText("prompt");
        }
        GenerationParameters parameters = parameters(body);
        return complete(body, model, GenerationRequest.completion(prompt, parameters), false);
    }

    private CompletionStage<HttpResponse> complete(
            JsonFields body, String model, GenerationRequest request, boolean chat) {
        body.optionalInt("n", 1, 1, 1);
        for (String unsupported : List.of("tools", "functions", "tool_choice", "function_call")) {
            if (body.has(unsupported)) {
                throw ApiError.badField(unsupported, "is not supported (no tool calling on this server)");
            }
        }
        boolean stream = body.optionalBoolean("stream", false);
        boolean includeUsage = body.object("stream_options").optionalBoolean("include_usage", false);
        String id =
                (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        if (stream) {
            return submitter.stream(id, model, request, settings.requestTimeout())
                    .thenApply(live -> streamed(live, new StreamWriter(id, created, model, chat, includeUsage)));
        }
        return submitter
                .run(id, model, request, settings.requestTimeout())
                .thenApply(done -> Responses.json(200, whole(id, created, model, done, chat))
                        .addHeader(RawHeader.create("X-SLM-Node", done.nodeLabel()))
                        .addHeader(RawHeader.create("X-SLM-Hops", String.valueOf(done.hops()))));
    }

    private static String content(JsonFields message) {
        JsonNode content = message.raw("content");
        if (content == null || content.isNull()) {
            throw ApiError.badField(message.path("content"), "is required");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < content.size(); i++) {
                JsonNode part = content.get(i);
                if (!"text".equals(part.path("type").asText())
                        || !part.path("text").isTextual()) {
                    throw ApiError.badField(
                            message.path("content") + "[" + i + "]",
                            "must be a text part ({\"type\":\"text\",\"text\":...}); other parts are not supported");
                }
                text.append(part.path("text").asText());
            }
            return text.toString();
        }
        throw ApiError.badField(message.path("content"), "must be a string or an array of text parts");
    }

    /** OpenAI's sampling fields; {@code max_completion_tokens} is the newer name of {@code max_tokens}. */
    private static GenerationParameters parameters(JsonFields body) {
        GenerationParameters d = GenerationParameters.DEFAULTS;
        int maxTokens = body.has("max_completion_tokens")
                ? body.optionalInt("max_completion_tokens", d.maxTokens(), 1, 1_000_000)
                : body.optionalInt("max_tokens", d.maxTokens(), 1, 1_000_000);
        List<String> stop = body.stringOrStrings("stop");
        if (stop.size() > 4) {
            throw ApiError.badField("stop", "takes at most 4 sequences");
        }
        return new GenerationParameters(
                maxTokens,
                body.optionalNumber("temperature", d.temperature(), 0, false, 2),
                body.optionalNumber("top_p", d.topP(), 0, true, 1),
                body.optionalLong("seed", d.seed()),
                stop);
    }

    private static ObjectNode whole(String id, long created, String model, TaskResult.Completed done, boolean chat) {
        GenerationResult result = done.result();
        ObjectNode body = JsonFields.JSON.createObjectNode();
        body.put("id", id);
        body.put("object", chat ? "chat.completion" : "text_completion");
        body.put("created", created);
        body.put("model", model);
        if (done.version() != null) {
            // the store version that served (model may be name@version, or leave the version to the cluster)
            body.put("system_fingerprint", done.version());
        }
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        if (chat) {
            choice.putObject("message").put("role", "assistant").put("content", result.text());
        } else {
            choice.put("text", result.text());
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", result.finishReason());
        body.set("usage", usage(result));
        return body;
    }

    private static ObjectNode usage(GenerationResult result) {
        ObjectNode usage = JsonFields.JSON.createObjectNode();
        usage.put("prompt_tokens", result.promptTokens());
        usage.put("completion_tokens", result.outputTokens());
        usage.put("total_tokens", result.promptTokens() + result.outputTokens());
        return usage;
    }

    /** The node and hops are known only at the end, so a streamed answer has no X-SLM-Node / X-SLM-Hops headers. */
    private static HttpResponse streamed(LiveTask live, StreamWriter writer) {
        Source<ByteString, NotUsed> events =
                Source.from(writer.opening()).concat(live.events().mapConcat(writer::write));
        return HttpResponse.create()
                .withEntity(HttpEntities.createChunked(ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM), events))
                .addHeader(RawHeader.create("Cache-Control", "no-cache"));
    }

    /**
     * {@code data: {chunk}\n\n} events of one answer: the role first (chat), then the text as it comes, then
     * an empty delta with the finish reason, then (when asked) a usage chunk with no choices, then
     * {@code data: [DONE]}. A failure after text becomes an {@code error} event before {@code [DONE]}.
     */
    private static final class StreamWriter {

        private final String id;
        private final long created;
        private final String model;
        private final boolean chat;
        private final boolean includeUsage;
        private final StringBuilder sent = new StringBuilder();

        StreamWriter(String id, long created, String model, boolean chat, boolean includeUsage) {
            this.id = id;
            this.created = created;
            this.model = model;
            this.chat = chat;
            this.includeUsage = includeUsage;
        }

        List<ByteString> opening() {
            if (!chat) {
                return List.of();
            }
            ObjectNode first = chunk(id, created, model, true);
            ObjectNode choice = ((ArrayNode) first.get("choices")).addObject();
            choice.put("index", 0);
            choice.putObject("delta").put("role", "assistant").put("content", "");
            choice.putNull("logprobs");
            choice.putNull("finish_reason");
            return List.of(event(first));
        }

        List<ByteString> write(LiveTask.Event event) {
            if (event instanceof LiveTask.Text text) {
                sent.append(text.text());
                return List.of(text(text.text()));
            }
            TaskResult result = ((LiveTask.End) event).result();
            List<ByteString> events = new ArrayList<>();
            if (result instanceof TaskResult.Completed completed) {
                GenerationResult generation = completed.result();
                // the result is the authority: text the pieces missed (none, normally) goes out before the end
                if (generation.text().startsWith(sent.toString())
                        && generation.text().length() > sent.length()) {
                    events.add(text(generation.text().substring(sent.length())));
                }
                ObjectNode last = chunk(id, created, model, chat);
                ObjectNode choice = ((ArrayNode) last.get("choices")).addObject();
                choice.put("index", 0);
                if (chat) {
                    choice.putObject("delta");
                } else {
                    choice.put("text", "");
                }
                choice.putNull("logprobs");
                choice.put("finish_reason", generation.finishReason());
                events.add(event(last));
                if (includeUsage) {
                    ObjectNode usage = chunk(id, created, model, chat);
                    usage.set("usage", usage(generation));
                    events.add(event(usage));
                }
            } else {
                TaskResult.Failed failed = (TaskResult.Failed) result;
                ApiError error = ApiError.of(failed.kind(), failed.reason());
                ObjectNode body = JsonFields.JSON.createObjectNode();
                body.putObject("error")
                        .put("message", failed.reason())
                        .put("type", error.type())
                        .put("code", error.status());
                events.add(event(body));
            }
            events.add(ByteString.fromString("data: [DONE]\n\n", StandardCharsets.UTF_8));
            return events;
        }

        private ByteString text(String piece) {
            ObjectNode next = chunk(id, created, model, chat);
            ObjectNode choice = ((ArrayNode) next.get("choices")).addObject();
            choice.put("index", 0);
            if (chat) {
                choice.putObject("delta").put("content", piece);
            } else {
                choice.put("text", piece);
            }
            choice.putNull("logprobs");
            choice.putNull("finish_reason");
            return event(next);
        }
    }

    private static ObjectNode chunk(String id, long created, String model, boolean chat) {
        ObjectNode chunk = JsonFields.JSON.createObjectNode();
        chunk.put("id", id);
        chunk.put("object", chat ? "chat.completion.chunk" : "text_completion");
        chunk.put("created", created);
        chunk.put("model", model);
        chunk.putArray("choices");
        return chunk;
    }

    private static ByteString event(ObjectNode chunk) {
        try {
            return ByteString.fromString(
                    "data: " + JsonFields.JSON.writeValueAsString(chunk) + "\n\n", StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a stream chunk", e);
        }
    }
}
