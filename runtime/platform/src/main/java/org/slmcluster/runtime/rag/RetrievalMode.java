package org.slmcluster.runtime.rag;

/** Which retriever answers a query: BM25 over chunk text, MiniLM vectors (HNSW), or both fused by RRF. */
public enum RetrievalMode {
    BM25,
    VECTOR,
    HYBRID
}
