package org.slmcluster.runtime.suite;

/** A retrieved passage placed into a RAG prompt: its chunk id (cited by the answer) and its text. */
public record ContextChunk(String id, String text) {

    public static ContextChunk of(RagChunk chunk) {
        return new ContextChunk(chunk.id(), chunk.text());
    }
}
