package org.slmcluster.runtime.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.EngineFactory;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.runtime.engines.Engines;
import org.slmcluster.runtime.engines.host.EngineProcessSettings;
import org.slmcluster.runtime.engines.host.ProcessIsolatedEngine;
import org.slmcluster.runtime.models.EngineIsolation;
import org.slmcluster.runtime.models.EngineKind;
import org.slmcluster.runtime.models.ModelFileException;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.models.ModelSpec;

/**
 * The engines of one member's hosted models: files are found and verified up front (so a missing or
 * corrupt file stops the start with a clear message), engines are created on the workers' demand and
 * all closed when the member stops.
 */
final class HostedEngines implements EngineFactory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostedEngines.class);

    /** Where a member's llama.cpp models run unless a model says otherwise (process | in-process). */
    static final String ISOLATION_KEY = "slm.engine.isolation";

    private final Map<String, ModelSpec> specs;
    private final EngineProcessSettings processSettings;
    private final List<InferenceEngine> created = new ArrayList<>();
    private boolean closed;

    private HostedEngines(Map<String, ModelSpec> specs, EngineProcessSettings processSettings) {
        this.specs = specs;
        this.processSettings = processSettings;
    }

    /** Resolves and checks every hosted model's file; throws naming the node, the model and the path. */
    static HostedEngines prepare(NodeConfig config) {
        EngineIsolation memberDefault;
        EngineProcessSettings processSettings;
        try {
            memberDefault = EngineIsolation.parse(config.config().getString(ISOLATION_KEY));
            processSettings = EngineProcessSettings.fromConfig(config.config());
        } catch (RuntimeException e) {
            throw new NodeConfigException(config.origin() + ": slm.engine: " + e.getMessage(), e);
        }
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        for (ModelSpec spec : config.hostedModels()) {
            if (spec.engine() == EngineKind.LLAMA_CPP) {
                Path file;
                try {
                    file = ModelFiles.resolve(spec);
                } catch (ModelFileException e) {
                    throw new NodeStartException(
                            "node " + config.name() + " [" + config.label() + "] cannot host " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    throw new NodeStartException(
                            "node " + config.name() + " [" + config.label() + "] cannot read model '" + spec.name()
                                    + "' (" + spec.file() + "): " + e.getMessage(),
                            e);
                }
                spec = spec.withFile(file.toString())
                        .withIsolation(spec.isolation() == null ? memberDefault : spec.isolation());
            }
            specs.put(spec.name(), spec);
        }
        return new HostedEngines(specs, processSettings);
    }

    @Override
    public synchronized InferenceEngine create(String modelName) throws EngineException {
        if (closed) {
            throw new EngineException("model '" + modelName + "': the node is stopping", false);
        }
        ModelSpec spec = specs.get(modelName);
        if (spec == null) {
            throw new EngineException(
                    "model '" + modelName + "' is not hosted here (hosted: " + specs.keySet() + ")", false);
        }
        // OpenAI-compatible engines are out of process already; they stay in the member.
        InferenceEngine engine = spec.engine() == EngineKind.LLAMA_CPP && spec.isolation() == EngineIsolation.PROCESS
                ? new ProcessIsolatedEngine(spec, processSettings)
                : Engines.create(spec);
        // a crashed engine is closed and replaced by the worker: keep only the ones still to close
        created.removeIf(previous -> previous.crashReason().isPresent());
        created.add(engine);
        return engine;
    }

    /**
     * The engine factory of a model placed while the member runs: {@code spec} names a file already checked;
     * its engines are closed with the others when the member stops.
     */
    EngineFactory placed(ModelSpec spec) {
        return modelName -> {
            synchronized (this) {
                if (closed) {
                    throw new EngineException("model '" + spec.name() + "': the node is stopping", false);
                }
                InferenceEngine engine = Engines.create(spec);
                created.add(engine);
                return engine;
            }
        };
    }

    /** Closes every engine handed out; idempotent, and later requests are refused. */
    @Override
    public void close() {
        List<InferenceEngine> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(created);
            created.clear();
        }
        for (InferenceEngine engine : toClose) {
            try {
                engine.close();
            } catch (RuntimeException e) {
                log.warn("closing engine {} failed: {}", engine.describe().model(), e.toString());
            }
        }
    }
}
