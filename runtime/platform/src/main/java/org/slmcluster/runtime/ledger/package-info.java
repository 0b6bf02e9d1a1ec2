/**
 * Per-model score ledgers: event-sourced ({@link org.slmcluster.runtime.ledger.ModelLedger}, Pekko
 * Persistence Typed on pekko-persistence-jdbc; embedded H2 file by default, PostgreSQL by configuration,
 * see {@code slm-persistence.conf}), keyed by task id so that a repeated delivery counts once, with views
 * ({@link org.slmcluster.runtime.ledger.LedgerViews}) per model, task and metric.
 */
package org.slmcluster.runtime.ledger;
