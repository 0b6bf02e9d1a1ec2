package org.slmcluster.runtime.suite;

/** A gold entity: its exact text as it appears in the item and its type (e.g. PERSON). */
public record NamedEntity(String text, String type) {}
