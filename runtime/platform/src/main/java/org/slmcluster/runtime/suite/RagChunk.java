package org.slmcluster.runtime.suite;

/**
 * One paragraph of a collection document. Its id is {@code <document>#<paragraph>}: the file name
 * without extension, then the 1-based index of the paragraph (a maximal run of non-blank lines).
 * {@code start}/{@code end} are character offsets of the paragraph in the document text.
 */
public record RagChunk(String id, String document, int paragraph, String text, int start, int end) {}
