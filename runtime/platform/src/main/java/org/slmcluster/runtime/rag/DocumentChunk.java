package org.slmcluster.runtime.rag;

import java.util.List;

/**
 * A piece of a document that is indexed and retrieved. {@code text} is exactly
 * {@code documentText.substring(start, end)}; {@code ordinal} counts the document's chunks from 1.
 * {@code paragraphIds} are the suite-style paragraph ids ({@code <document>#<n>}) the chunk overlaps, so
 * recall against gold paragraph ids is computable for any chunking (for paragraph chunks: the chunk's id).
 */
public record DocumentChunk(
        String id, String documentId, int ordinal, String text, int start, int end, List<String> paragraphIds) {

    public DocumentChunk {
        paragraphIds = List.copyOf(paragraphIds);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad chunk offsets [" + start + ", " + end + ") of " + id);
        }
    }
}
