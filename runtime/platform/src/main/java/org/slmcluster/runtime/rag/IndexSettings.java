package org.slmcluster.runtime.rag;

/** What an index is built with; any change rebuilds it. */
public record IndexSettings(ChunkingOptions chunking, TextAnalysis analysis) {

    public IndexSettings {
        if (chunking == null || analysis == null) {
            throw new IllegalArgumentException("chunking and analysis are required");
        }
    }

    /** Paragraph chunks (suite gold ids apply) and the English analyzer. */
    public static IndexSettings defaults() {
        return new IndexSettings(ChunkingOptions.paragraphs(), TextAnalysis.ENGLISH);
    }

    public IndexSettings withChunking(ChunkingOptions value) {
        return new IndexSettings(value, analysis);
    }

    public IndexSettings withAnalysis(TextAnalysis value) {
        return new IndexSettings(chunking, value);
    }
}
