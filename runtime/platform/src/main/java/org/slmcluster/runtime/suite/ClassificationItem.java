package org.slmcluster.runtime.suite;

/** Assign {@code text} to one of the task's classes; {@code label} is the gold class name. */
public record ClassificationItem(String id, String text, String label) implements TaskItem {

    @Override
    public String reference() {
        return label;
    }
}
