package org.slmcluster.runtime.rag.answer;

import java.util.List;
import org.slmcluster.runtime.rag.RetrievalMode;
import org.slmcluster.runtime.suite.RenderedPrompt;

/**
 * One answered RAG question and how it came about.
 *
 * @param answer       the generated text without its {@code Sources:} line, trimmed
 * @param rawText      the generated text as the model wrote it
 * @param citedIds     chunk ids the answer cites ({@link Citations})
 * @param retrieved    the chunks in the prompt, in rank order
 * @param prompt       the exact prompt sent
 * @param promptSha256 {@link RenderedPrompt#sha256()} of it (caches, ledgers)
 * @param node         the member that generated ("" for a local engine)
 */
public record RagAnswer(
        String collection,
        String question,
        String answer,
        String rawText,
        List<String> citedIds,
        List<RetrievedChunk> retrieved,
        RetrievalMode mode,
        RenderedPrompt prompt,
        String promptSha256,
        String model,
        String node,
        int promptTokens,
        int outputTokens,
        long latencyNanos,
        String finishReason) {

    public RagAnswer {
        citedIds = List.copyOf(citedIds);
        retrieved = List.copyOf(retrieved);
    }

    public List<String> retrievedIds() {
        return retrieved.stream().map(RetrievedChunk::id).toList();
    }

    /** The chunk texts in rank order: the contexts RAGAS judges. */
    public List<String> contexts() {
        return retrieved.stream().map(RetrievedChunk::text).toList();
    }
}
