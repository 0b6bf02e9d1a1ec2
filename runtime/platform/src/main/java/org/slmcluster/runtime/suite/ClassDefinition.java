package org.slmcluster.runtime.suite;

/** A user-defined class of a classification task: its name (the expected answer) and what it means. */
public record ClassDefinition(String name, String description) {}
