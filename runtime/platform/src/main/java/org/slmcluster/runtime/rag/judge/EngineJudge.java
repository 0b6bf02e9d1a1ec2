package org.slmcluster.runtime.rag.judge;

import java.util.List;
import java.util.Objects;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.evaluators.rag.Judge;
import org.slmcluster.runtime.generation.GenerationFailedException;
import org.slmcluster.runtime.generation.TextGenerator;

/**
 * A RAGAS judge backed by a model: a bigger local model, an OpenAI-compatible endpoint
 * ({@code OpenAiCompatibleEngine}, as the source study's external judge), or, through
 * {@link TextGenerator#ofCluster}, a model of the cluster (see {@link ClusterJudge}). Generation
 * parameters are fixed by {@link JudgeSettings}. A failed or timed-out call throws
 * {@link JudgeFailedException}, which the metrics count as a judge error.
 */
public class EngineJudge implements Judge {

    private final TextGenerator generator;
    private final String name;
    private final JudgeSettings settings;

    /** Judges with a loaded local engine. */
    public EngineJudge(InferenceEngine engine, JudgeSettings settings) {
        this(TextGenerator.of(engine, settings.timeout()), engine.describe().model(), settings);
    }

    /** @param name the judge model, for messages */
    public EngineJudge(TextGenerator generator, String name, JudgeSettings settings) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public String name() {
        return name;
    }

    public JudgeSettings settings() {
        return settings;
    }

    @Override
    public String complete(String prompt) {
        GenerationRequest request = settings.chat()
                ? GenerationRequest.chat(List.of(ChatMessage.user(prompt)), settings.parameters())
                : GenerationRequest.completion(prompt, settings.parameters());
        try {
            return generator.generate(request).result().text();
        } catch (GenerationFailedException e) {
            throw new JudgeFailedException("judge " + name + ": " + e.getMessage(), e);
        }
    }
}
