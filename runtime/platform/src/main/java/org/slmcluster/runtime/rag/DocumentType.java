package org.slmcluster.runtime.rag;

import java.util.Locale;
import java.util.Optional;

/** The file types a collection ingests, by extension. */
public enum DocumentType {
    TEXT,
    MARKDOWN,
    PDF;

    public static Optional<DocumentType> of(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".txt")) {
            return Optional.of(TEXT);
        }
        if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
            return Optional.of(MARKDOWN);
        }
        if (lower.endsWith(".pdf")) {
            return Optional.of(PDF);
        }
        return Optional.empty();
    }
}
