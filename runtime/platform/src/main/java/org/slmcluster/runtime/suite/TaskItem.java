package org.slmcluster.runtime.suite;

/** One dataset item; the record type follows the task kind. Ids are unique within a task. */
public sealed interface TaskItem
        permits TranslationItem, SummarizationItem, NerItem, ClassificationItem, RagItem, GenerationItem {

    String id();

    /** The gold answer as text, when the item has one (used by reference-based metrics). */
    String reference();
}
