package org.slmcluster.evaluators.encoder;

/**
 * The vocabulary ids of a tokenized text and which of them are special tokens, without running the
 * model (enough for idf statistics).
 */
// numeric data on the hot path, never compared with equals: arrays, not boxed lists
@SuppressWarnings("ArrayRecordComponent")
public record TokenIds(long[] ids, boolean[] special) {

    public TokenIds {
        if (ids.length != special.length) {
            throw new IllegalArgumentException("ids and special flags differ in length");
        }
    }
}
