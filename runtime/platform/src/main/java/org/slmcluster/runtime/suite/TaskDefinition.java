package org.slmcluster.runtime.suite;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One task of a suite, validated: its items, the template and settings every model gets, the metrics
 * that score it, and its kind-specific settings (classes for classification, entity types for NER, the
 * collection and top-k for RAG; empty / null / 0 for the other kinds).
 *
 * @param datasetHashes sha256 (hex) of each dataset file, keyed by its path relative to the suite folder
 */
public record TaskDefinition(
        String id,
        TaskKind kind,
        String description,
        PromptTemplate template,
        GenerationSettings generation,
        List<Metric> metrics,
        List<TaskItem> items,
        Map<String, String> datasetHashes,
        List<ClassDefinition> classes,
        List<String> entityTypes,
        RagCollection collection,
        int topK,
        RagJudgeDefinition judge) {

    public TaskDefinition {
        metrics = List.copyOf(metrics);
        items = List.copyOf(items);
        // Sorted by path, so manifests written from it are byte-identical run to run.
        datasetHashes = Collections.unmodifiableSortedMap(new TreeMap<>(datasetHashes));
        classes = List.copyOf(classes);
        entityTypes = List.copyOf(entityTypes);
    }

    /** Without a judge. */
    public TaskDefinition(
            String id,
            TaskKind kind,
            String description,
            PromptTemplate template,
            GenerationSettings generation,
            List<Metric> metrics,
            List<TaskItem> items,
            Map<String, String> datasetHashes,
            List<ClassDefinition> classes,
            List<String> entityTypes,
            RagCollection collection,
            int topK) {
        this(
                id,
                kind,
                description,
                template,
                generation,
                metrics,
                items,
                datasetHashes,
                classes,
                entityTypes,
                collection,
                topK,
                null);
    }

    /** RAG: the judge that scores the RAGAS metrics, when the suite configures one. */
    public Optional<RagJudgeDefinition> ragJudge() {
        return Optional.ofNullable(judge);
    }

    /** This task with no judge: what a job runs when the task's optional judge model is not placed. */
    public TaskDefinition withoutJudge() {
        return new TaskDefinition(
                id,
                kind,
                description,
                template,
                generation,
                metrics,
                items,
                datasetHashes,
                classes,
                entityTypes,
                collection,
                topK,
                null);
    }

    public Optional<RagCollection> ragCollection() {
        return Optional.ofNullable(collection);
    }

    public List<String> classNames() {
        return classes.stream().map(ClassDefinition::name).toList();
    }

    public Optional<TaskItem> item(String itemId) {
        return items.stream().filter(item -> item.id().equals(itemId)).findFirst();
    }
}
