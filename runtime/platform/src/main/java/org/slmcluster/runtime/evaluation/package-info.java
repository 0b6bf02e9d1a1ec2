/**
 * Scoring of one answer to one suite item with its task's metrics
 * ({@link org.slmcluster.runtime.evaluation.ItemEvaluator}), the adherence flags of the source study, and
 * the record a ledger keeps ({@link org.slmcluster.runtime.evaluation.ScoredItem}).
 */
package org.slmcluster.runtime.evaluation;
