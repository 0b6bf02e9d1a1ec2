package org.slmcluster.runtime.rag;

/**
 * How documents are cut into chunks. {@link Strategy#PARAGRAPHS} is the suites' chunking (one chunk per
 * run of non-blank lines, id {@code <document>#<paragraph>}), so retrieved ids match a suite's gold ids.
 * {@link Strategy#SENTENCES} packs whole sentences into windows of about {@code targetChars} characters;
 * each window starts with the last sentences of the previous one, at most {@code overlapChars}
 * characters of them (id {@code <document>#s<window>}).
 */
public record ChunkingOptions(Strategy strategy, int targetChars, int overlapChars) {

    public enum Strategy {
        PARAGRAPHS,
        SENTENCES
    }

    public static final int DEFAULT_TARGET_CHARS = 500;
    public static final int DEFAULT_OVERLAP_CHARS = 100;

    public ChunkingOptions {
        if (strategy == null) {
            throw new IllegalArgumentException("chunking strategy missing");
        }
        if (strategy == Strategy.PARAGRAPHS) {
            targetChars = 0;
            overlapChars = 0;
        } else {
            if (targetChars < 1) {
                throw new IllegalArgumentException("chunk target size must be positive: " + targetChars);
            }
            if (overlapChars < 0 || overlapChars >= targetChars) {
                throw new IllegalArgumentException("chunk overlap must be in [0, target size): " + overlapChars);
            }
        }
    }

    public static ChunkingOptions paragraphs() {
        return new ChunkingOptions(Strategy.PARAGRAPHS, 0, 0);
    }

    public static ChunkingOptions sentences(int targetChars, int overlapChars) {
        return new ChunkingOptions(Strategy.SENTENCES, targetChars, overlapChars);
    }

    public static ChunkingOptions sentences() {
        return sentences(DEFAULT_TARGET_CHARS, DEFAULT_OVERLAP_CHARS);
    }

    @Override
    public String toString() {
        return strategy == Strategy.PARAGRAPHS
                ? "paragraphs"
                : "sentences(target " + targetChars + ", overlap " + overlapChars + ")";
    }
}
