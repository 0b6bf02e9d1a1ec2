package org.slmcluster.runtime.lifecycle;

/**
 * One model version in the coordinator's store.
 *
 * @param digest       sha256 of the file, hex: the file's name in the store and the version's identity
 * @param format       the file format ({@code gguf})
 * @param licence      a free-text licence note, or null
 * @param contextSize  the context size members run it with
 * @param chatTemplate a chat template name to record with the model, or null (the GGUF file's own is used)
 * @param addedAt      ISO-8601 instant
 */
public record StoredModel(
        String name,
        String version,
        String digest,
        long size,
        String format,
        String licence,
        int contextSize,
        String chatTemplate,
        String addedAt) {

    /** {@code name@version}. */
    public String id() {
        return name + "@" + version;
    }
}
