package org.slmcluster.evaluators.seqeval;

/**
 * A chunk: its sentence, type and token span. In the default (conlleval-like) mode spans index the
 * flattened corpus with an inclusive end, as seqeval's {@code get_entities}; in strict mode they index
 * the sentence with an exclusive end, as seqeval's {@code Entity}.
 */
public record Entity(int sentence, String type, int start, int end) {}
