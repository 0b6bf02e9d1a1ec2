package org.slmcluster.evaluators.encoder;

import java.util.Arrays;
import java.util.Objects;

/**
 * One text as the encoder saw it: its word pieces (with their vocabulary ids, character offsets in
 * the input and whether they are special tokens such as [CLS] / [SEP]) and one contextual vector per
 * piece, taken from the model's {@code last_hidden_state}.
 *
 * @param text the input text
 * @param tokens the word pieces, special tokens included
 * @param ids vocabulary ids, one per token
 * @param special true where the token is a special token ([CLS], [SEP], ...)
 * @param charStarts start offset of each token in {@code text} (-1 for special tokens)
 * @param charEnds end offset (exclusive) of each token in {@code text} (-1 for special tokens)
 * @param vectors one vector per token, [tokens][hidden size]
 * @param truncated true when the text had more tokens than the encoder's maximum length and its
 *     tail was cut off
 */
// numeric data on the hot path, never compared with equals: arrays, not boxed lists
@SuppressWarnings("ArrayRecordComponent")
public record EncodedText(
        String text,
        String[] tokens,
        long[] ids,
        boolean[] special,
        int[] charStarts,
        int[] charEnds,
        float[][] vectors,
        boolean truncated) {

    public EncodedText {
        Objects.requireNonNull(text, "text");
        int n = ids.length;
        if (tokens.length != n
                || special.length != n
                || charStarts.length != n
                || charEnds.length != n
                || vectors.length != n) {
            throw new IllegalArgumentException("token arrays differ in length: " + n + " ids, " + tokens.length
                    + " tokens, " + special.length + " flags, " + vectors.length + " vectors");
        }
    }

    /**
     * Convenience for tests and callers that have vectors but no tokenizer: every row is a token
     * named by its id, with the flags given.
     */
    public static EncodedText ofVectors(String text, long[] ids, boolean[] special, float[][] vectors) {
        int n = ids.length;
        String[] tokens = new String[n];
        int[] none = new int[n];
        Arrays.fill(none, -1);
        for (int i = 0; i < n; i++) {
            tokens[i] = Long.toString(ids[i]);
        }
        return new EncodedText(text, tokens, ids, special, none, none.clone(), vectors, false);
    }

    public int length() {
        return ids.length;
    }

    public int dimension() {
        return vectors.length == 0 ? 0 : vectors[0].length;
    }

    /** True when every token is special, i.e. the text was empty after tokenization. */
    public boolean hasNoContent() {
        for (boolean s : special) {
            if (!s) {
                return false;
            }
        }
        return true;
    }
}
