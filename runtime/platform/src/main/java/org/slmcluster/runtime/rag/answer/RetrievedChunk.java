package org.slmcluster.runtime.rag.answer;

import org.slmcluster.runtime.rag.SearchHit;

/** A chunk put into a RAG prompt: its id, text, rank (from 1) and the retriever's score. */
public record RetrievedChunk(String id, String text, int rank, double score) {

    static RetrievedChunk of(SearchHit hit, int rank) {
        return new RetrievedChunk(hit.id(), hit.chunk().text(), rank, hit.score());
    }
}
