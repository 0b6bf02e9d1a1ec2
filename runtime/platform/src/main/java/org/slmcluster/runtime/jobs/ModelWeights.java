package org.slmcluster.runtime.jobs;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.runtime.digest.Sha256;
import org.slmcluster.runtime.models.EngineKind;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.models.ModelSpec;

/**
 * What identifies a model's weights for cache keys and manifests: the configured sha256, else the digest of
 * its file (computed once), else, for an OpenAI-compatible server, the server and remote model name.
 */
final class ModelWeights {

    private static final Logger log = LoggerFactory.getLogger(ModelWeights.class);

    private final Map<String, ModelSpec> catalogue;
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    ModelWeights(Map<String, ModelSpec> catalogue) {
        // not copied: the catalogue may be a live view (models added to the coordinator's store)
        this.catalogue = Collections.unmodifiableMap(catalogue);
    }

    ModelSpec spec(String model) {
        return catalogue.get(model);
    }

    String hash(String model) {
        return hashes.computeIfAbsent(model, name -> {
            ModelSpec spec = catalogue.get(name);
            if (spec.engine() == EngineKind.OPENAI) {
                return Sha256.hex("openai|" + spec.baseUrl() + "|" + spec.remoteModel());
            }
            if (spec.sha256() != null) {
                return spec.sha256();
            }
            try {
                return ModelFiles.sha256(ModelFiles.resolve(spec));
            } catch (RuntimeException e) {
                // the weights live on the workers only: identify them by name and file
                log.warn(
                        "model {}: weights not found on the coordinator ({}); caching by name and file",
                        name,
                        e.getMessage());
                return Sha256.hex("file|" + name + "|" + spec.file());
            }
        });
    }
}
