package org.slmcluster.runtime.rag;

import org.slmcluster.runtime.suite.ContextChunk;

/**
 * One retrieved chunk. {@code score} is the mode's own score: BM25, the cosine similarity of the
 * embeddings, or the reciprocal-rank-fusion sum. {@code bm25Rank} / {@code vectorRank} are the chunk's
 * 1-based ranks in each retriever's candidate list (0: not among that retriever's candidates or not asked).
 */
public record SearchHit(DocumentChunk chunk, double score, int bm25Rank, int vectorRank) {

    public String id() {
        return chunk.id();
    }

    /** The chunk as a RAG prompt shows it ({@code [id] text}). */
    public ContextChunk toContextChunk() {
        return new ContextChunk(chunk.id(), chunk.text());
    }
}
