package org.slmcluster.runtime.models;

/**
 * One downloadable model of the catalogue.
 *
 * @param parameters a label such as {@code 0.49B}
 * @param sha256     published digest, or null when none could be checked
 * @param size       file size in bytes, or -1 when not recorded
 * @param gated      the hosting repository asks users to accept a licence before downloading
 */
public record CatalogueEntry(
        String name,
        String family,
        String quantization,
        String parameters,
        String licence,
        String repository,
        String file,
        String url,
        String sha256,
        long size,
        boolean gated) {

    /** A llama.cpp model spec for this entry with default context size and threads. */
    public ModelSpec toSpec() {
        return ModelSpec.llamaCpp(name, file, sha256);
    }
}
