package org.slmcluster.runtime.rag.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slmcluster.runtime.generation.TextGenerator;
import org.slmcluster.runtime.rag.CollectionStore;
import org.slmcluster.runtime.rag.RetrievalMode;
import org.slmcluster.runtime.rag.SearchHit;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.GenerationSettings;
import org.slmcluster.runtime.suite.PromptBuilder;
import org.slmcluster.runtime.suite.PromptTemplate;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.RenderedPrompt;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskKind;

/**
 * Answers a question from a collection: retrieves the top-k chunks, puts them with their ids before the
 * question ({@link PromptBuilder}'s RAG layout), generates, and records the answer, the ids it cites,
 * what was retrieved and the prompt. A suite item is answered with its task's template and generation
 * settings; a free question with {@link #DEFAULT_TEMPLATE}, the built-in suite's layout.
 */
public final class RagAnswerer {

    /** The layout of the built-in suite's RAG prompt: instructions, chunks with ids, then the question. */
    public static final PromptTemplate DEFAULT_TEMPLATE = PromptTemplate.of("""
            Answer the question using only the context passages below. Answer briefly.
            Then, on a last line, write "Sources:" followed by the ids of the passages you used, for example "Sources: station-access#2".

            Context:
            {{context}}

            Question: {{question}}

            Answer:""");

    public static final String DEFAULT_SYSTEM_PROMPT =
            "You are a careful assistant. Follow the instructions exactly and answer with the requested output only.";

    /**
     * @param topK       chunks per free question (a suite item uses its task's top-k)
     * @param mode       the retriever
     * @param generation settings of free questions (a suite item uses its task's)
     */
    public record Settings(int topK, RetrievalMode mode, GenerationSettings generation) {

        public Settings {
            if (topK < 1) {
                throw new IllegalArgumentException("top-k must be at least 1, got " + topK);
            }
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(generation, "generation");
        }

        /** Top 3, hybrid retrieval, greedy, 96 tokens, the built-in suite's system prompt. */
        public static Settings defaults() {
            return new Settings(
                    3,
                    RetrievalMode.HYBRID,
                    new GenerationSettings(DEFAULT_SYSTEM_PROMPT, 42L, 0.0, 1.0, 2048, 96, List.of()));
        }

        public Settings withTopK(int value) {
            return new Settings(value, mode, generation);
        }

        public Settings withMode(RetrievalMode value) {
            return new Settings(topK, value, generation);
        }

        public Settings withGeneration(GenerationSettings value) {
            return new Settings(topK, mode, value);
        }
    }

    private final CollectionStore collections;
    private final TextGenerator generator;
    private final String model;
    private final Settings settings;

    /** @param model the name recorded with each answer (the model {@code generator} runs) */
    public RagAnswerer(CollectionStore collections, TextGenerator generator, String model, Settings settings) {
        this.collections = Objects.requireNonNull(collections, "collections");
        this.generator = Objects.requireNonNull(generator, "generator");
        this.model = Objects.requireNonNull(model, "model");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** An answerer that only {@link #prepare}s: the caller generates and calls {@link PreparedQuestion#answer}. */
    public RagAnswerer(CollectionStore collections, Settings settings) {
        this.collections = Objects.requireNonNull(collections, "collections");
        this.generator = null;
        this.model = "";
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Answers a free question from {@code collection} with the default template. */
    public RagAnswer answer(String collection, String question) {
        return generate(prepare(collection, question));
    }

    /** Answers a suite item from {@code collection} with its task's template, top-k and generation settings. */
    public RagAnswer answer(String collection, TaskDefinition task, RagItem item) {
        return generate(prepare(collection, task, item));
    }

    /** Retrieves and renders a free question without generating (the caller generates). */
    public PreparedQuestion prepare(String collection, String question) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("the question is empty");
        }
        return prepare(collection, freeTask(settings), new RagItem("question", question.strip(), "", List.of()));
    }

    /** Retrieves and renders a suite item without generating. */
    public PreparedQuestion prepare(String collection, TaskDefinition task, RagItem item) {
        if (task.kind() != TaskKind.RAG) {
            throw new IllegalArgumentException("task " + task.id() + " is not a rag task");
        }
        List<SearchHit> hits =
                collections.search(collection, item.question(), Math.max(1, task.topK()), settings.mode());
        List<RetrievedChunk> retrieved = new ArrayList<>(hits.size());
        List<ContextChunk> context = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            retrieved.add(RetrievedChunk.of(hits.get(i), i + 1));
            context.add(hits.get(i).toContextChunk());
        }
        RenderedPrompt prompt = PromptBuilder.build(task, item, context);
        return new PreparedQuestion(
                collection,
                item.question(),
                retrieved,
                settings.mode(),
                prompt,
                task.generation().toParameters());
    }

    private RagAnswer generate(PreparedQuestion prepared) {
        if (generator == null) {
            throw new IllegalStateException("this answerer only prepares questions: give it a TextGenerator");
        }
        TextGenerator.Generated generated = generator.generate(prepared.request());
        return prepared.answer(model, generated.result(), generated.node());
    }

    private static TaskDefinition freeTask(Settings settings) {
        return new TaskDefinition(
                "rag",
                TaskKind.RAG,
                "a free question",
                DEFAULT_TEMPLATE,
                settings.generation(),
                List.of(),
                List.of(),
                Map.of(),
                List.of(),
                List.of(),
                null,
                settings.topK());
    }
}
