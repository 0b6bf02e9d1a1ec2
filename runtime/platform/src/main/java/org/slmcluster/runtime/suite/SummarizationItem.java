package org.slmcluster.runtime.suite;

/** Summarize {@code document}; {@code summary} is the gold summary. */
public record SummarizationItem(String id, String document, String summary) implements TaskItem {

    @Override
    public String reference() {
        return summary;
    }
}
