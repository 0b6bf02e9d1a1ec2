package org.slmcluster.runtime.ledger;

/**
 * Summary of one score over the items of a task: the sample standard deviation (n - 1; 0 for one item)
 * and a seeded percentile-bootstrap 95% interval of the mean (equal to the mean for one item).
 */
public record MetricSummary(String metric, int count, double mean, double stdDev, double ciLow, double ciHigh) {}
