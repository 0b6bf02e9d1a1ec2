package org.slmcluster.runtime.suite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders the exact prompt of an item: the task's system prompt and its template filled with the item.
 * A pure function of (task, item, retrieved context), identical for every model.
 *
 * <p>Placeholders per kind (required ones first):
 * <ul>
 *   <li>translation: {@code source}, {@code target_lang}; {@code source_lang}, {@code source_lang_code},
 *       {@code target_lang_code} (names are English, e.g. "German"; codes as in the item)</li>
 *   <li>summarization: {@code document}</li>
 *   <li>ner: {@code text}, {@code entity_types} (comma-separated)</li>
 *   <li>classification: {@code text}, {@code classes} (one "- name: description" line per class);
 *       {@code class_names} (comma-separated)</li>
 *   <li>rag: {@code question}, {@code context} (one "[id] text" block per chunk); {@code top_k}</li>
 *   <li>generation: {@code prompt}</li>
 * </ul>
 */
public final class PromptBuilder {

    private PromptBuilder() {}

    /** Placeholders a template of {@code kind} must use, so that the model sees the item. */
    public static Set<String> requiredPlaceholders(TaskKind kind) {
        return switch (kind) {
            case TRANSLATION -> Set.of("source", "target_lang");
            case SUMMARIZATION -> Set.of("document");
            case NER -> Set.of("text", "entity_types");
            case CLASSIFICATION -> Set.of("text", "classes");
            case RAG -> Set.of("question", "context");
            case GENERATION -> Set.of("prompt");
        };
    }

    /** Every placeholder a template of {@code kind} may use. */
    public static Set<String> allowedPlaceholders(TaskKind kind) {
        return switch (kind) {
            case TRANSLATION -> Set.of("source", "target_lang", "source_lang", "source_lang_code", "target_lang_code");
            case SUMMARIZATION -> Set.of("document");
            case NER -> Set.of("text", "entity_types");
            case CLASSIFICATION -> Set.of("text", "classes", "class_names");
            case RAG -> Set.of("question", "context", "top_k");
            case GENERATION -> Set.of("prompt");
        };
    }

    /** The prompt of a non-RAG item (RAG items need their retrieved context: use the other overload). */
    public static RenderedPrompt build(TaskDefinition task, TaskItem item) {
        if (item instanceof RagItem) {
            throw new IllegalArgumentException(
                    "a RAG prompt needs the retrieved context: call build(task, item, context)");
        }
        return render(task, item, List.of());
    }

    /** The prompt of a RAG item with the chunks retrieved for it, in retrieval order. */
    public static RenderedPrompt build(TaskDefinition task, RagItem item, List<ContextChunk> context) {
        return render(task, item, context);
    }

    /** The gold chunks of a RAG item (an oracle context: for tests, or a run without retrieval). */
    public static List<ContextChunk> goldContext(TaskDefinition task, RagItem item) {
        RagCollection collection = task.ragCollection()
                .orElseThrow(() -> new IllegalArgumentException("task " + task.id() + " has no collection"));
        Map<String, RagChunk> chunks = collection.byId();
        return item.goldChunkIds().stream()
                .map(id -> ContextChunk.of(chunks.get(id)))
                .toList();
    }

    private static RenderedPrompt render(TaskDefinition task, TaskItem item, List<ContextChunk> context) {
        if (!kindOf(item).equals(task.kind())) {
            throw new IllegalArgumentException(
                    "item " + item.id() + " is not a " + task.kind().configName() + " item");
        }
        return new RenderedPrompt(
                task.generation().systemPrompt(), task.template().render(values(task, item, context)));
    }

    static Map<String, String> values(TaskDefinition task, TaskItem item, List<ContextChunk> context) {
        Map<String, String> values = new LinkedHashMap<>();
        if (item instanceof TranslationItem t) {
            values.put("source", t.source());
            values.put("source_lang", LanguageNames.englishName(t.sourceLang()).orElse(t.sourceLang()));
            values.put("target_lang", LanguageNames.englishName(t.targetLang()).orElse(t.targetLang()));
            values.put("source_lang_code", t.sourceLang());
            values.put("target_lang_code", t.targetLang());
        } else if (item instanceof SummarizationItem s) {
            values.put("document", s.document());
        } else if (item instanceof NerItem n) {
            values.put("text", n.text());
            values.put("entity_types", String.join(", ", task.entityTypes()));
        } else if (item instanceof ClassificationItem c) {
            values.put("text", c.text());
            values.put(
                    "classes",
                    task.classes().stream()
                            .map(definition -> "- " + definition.name() + ": " + definition.description())
                            .collect(Collectors.joining("\n")));
            values.put("class_names", String.join(", ", task.classNames()));
        } else if (item instanceof RagItem r) {
            values.put("question", r.question());
            values.put(
                    "context",
                    context.stream()
                            .map(chunk -> "[" + chunk.id() + "] " + chunk.text())
                            .collect(Collectors.joining("\n\n")));
            values.put("top_k", Integer.toString(task.topK()));
        } else if (item instanceof GenerationItem g) {
            values.put("prompt", g.prompt());
        }
        return values;
    }

    static TaskKind kindOf(TaskItem item) {
        if (item instanceof TranslationItem) {
            return TaskKind.TRANSLATION;
        } else if (item instanceof SummarizationItem) {
            return TaskKind.SUMMARIZATION;
        } else if (item instanceof NerItem) {
            return TaskKind.NER;
        } else if (item instanceof ClassificationItem) {
            return TaskKind.CLASSIFICATION;
        } else if (item instanceof RagItem) {
            return TaskKind.RAG;
        }
        return TaskKind.GENERATION;
    }
}
