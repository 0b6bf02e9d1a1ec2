package org.slmcluster.runtime.jobs;

import java.nio.file.Path;
import java.util.List;

/**
 * A job: one suite on several models, optionally repeated with several seeds (empty: the suite's seed).
 *
 * @param suiteDirectory the suite folder (validated by {@code SuiteLoader} before any work starts)
 * @param models         model names the cluster hosts (at least one, no repeats)
 * @param seeds          repetitions; each replaces the suite's generation seed
 */
public record JobSpec(Path suiteDirectory, List<String> models, List<Long> seeds) {

    public JobSpec {
        if (suiteDirectory == null) {
            throw new IllegalArgumentException("a job needs a suite folder");
        }
        models = List.copyOf(models);
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one model");
        }
        if (models.stream().distinct().count() != models.size()) {
            throw new IllegalArgumentException("a model is listed twice: " + models);
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("a seed is listed twice: " + seeds);
        }
    }

    public static JobSpec of(Path suiteDirectory, String... models) {
        return new JobSpec(suiteDirectory, List.of(models), List.of());
    }

    public JobSpec withSeeds(List<Long> value) {
        return new JobSpec(suiteDirectory, models, value);
    }
}
