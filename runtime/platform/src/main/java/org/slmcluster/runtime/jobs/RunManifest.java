package org.slmcluster.runtime.jobs;

import java.util.List;
import java.util.Map;

/**
 * What a job ran, written as {@code <data>/jobs/<id>/manifest.json} when it starts and again when it ends.
 *
 * @param models        model name -> engine and weights identity
 * @param suiteFiles    every suite file -> sha256 ({@code Suite.fileHashes()})
 * @param promptsHash   sha256 of the lines {@code taskKey<TAB>promptSha256\n} of every task, sorted
 * @param generation    task id -> the generation parameters every model got
 * @param codeVersion   implementation version of the runtime jar ("dev" when run from classes)
 * @param topology      arity, depth and coordinator label of the cluster
 * @param endedAt       ISO-8601, null while running
 */
public record RunManifest(
        String jobId,
        String suite,
        String suiteHash,
        Map<String, String> suiteFiles,
        Map<String, Map<String, String>> datasetHashes,
        Map<String, ModelEntry> models,
        List<Long> seeds,
        String promptsHash,
        Map<String, Map<String, Object>> generation,
        String codeVersion,
        Topology topology,
        String startedAt,
        String endedAt,
        String state) {

    public static final String FILE = "manifest.json";

    /** @param fileSha256 sha256 of the weights (llama-cpp) or of {@code engine|base-url|remote-model} (openai) */
    public record ModelEntry(String engine, String file, String fileSha256, String remoteModel, String baseUrl) {}

    public record Topology(int arity, int depth, String coordinator) {}
}
