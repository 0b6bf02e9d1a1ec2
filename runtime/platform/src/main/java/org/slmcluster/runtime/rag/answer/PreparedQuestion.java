package org.slmcluster.runtime.rag.answer;

import java.util.List;
import java.util.Objects;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.runtime.rag.RetrievalMode;
import org.slmcluster.runtime.suite.RenderedPrompt;

/**
 * A question with its retrieved chunks and rendered prompt, ready to generate: for callers that run the
 * generation themselves (the HTTP API's asynchronous task path, a job) and turn the result into a
 * {@link RagAnswer} afterwards.
 *
 * @param parameters the generation parameters of the task (or of the answerer's settings)
 */
public record PreparedQuestion(
        String collection,
        String question,
        List<RetrievedChunk> retrieved,
        RetrievalMode mode,
        RenderedPrompt prompt,
        GenerationParameters parameters) {

    public PreparedQuestion {
        retrieved = List.copyOf(retrieved);
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(parameters, "parameters");
    }

    public List<String> retrievedIds() {
        return retrieved.stream().map(RetrievedChunk::id).toList();
    }

    /** The chat request of the prompt with {@link #parameters()}. */
    public GenerationRequest request() {
        return prompt.toRequest(parameters);
    }

    /** The chat request of the prompt with other parameters (e.g. those of an API call). */
    public GenerationRequest request(GenerationParameters override) {
        return prompt.toRequest(override);
    }

    /** The answer a generation of {@link #request()} gives; {@code node} is "" for a local engine. */
    public RagAnswer answer(String model, GenerationResult result, String node) {
        String text = result.text();
        return new RagAnswer(
                collection,
                question,
                Citations.withoutSources(text),
                text,
                Citations.cited(text, retrievedIds()),
                retrieved,
                mode,
                prompt,
                prompt.sha256(),
                model,
                node == null ? "" : node,
                result.promptTokens(),
                result.outputTokens(),
                result.latencyNanos(),
                result.finishReason());
    }
}
