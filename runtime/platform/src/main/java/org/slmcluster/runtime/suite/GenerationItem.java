package org.slmcluster.runtime.suite;

/** Free generation from {@code prompt}; {@code reference} is optional (null when absent). */
public record GenerationItem(String id, String prompt, String reference) implements TaskItem {}
