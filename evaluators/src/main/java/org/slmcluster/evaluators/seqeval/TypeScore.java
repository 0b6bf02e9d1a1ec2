package org.slmcluster.evaluators.seqeval;

/** Precision, recall, F1 and support (number of true chunks) of one entity type or one average. */
public record TypeScore(double precision, double recall, double f1, int support) {}
