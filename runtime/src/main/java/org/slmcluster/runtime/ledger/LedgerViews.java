package org.slmcluster.runtime.ledger;

import java.util.List;
import org.slmcluster.runtime.evaluation.ScoredItem;

/**
 * Pure functions from recorded items to views: what {@link Ledgers#view} uses, public so that reports
 * and tests can summarise any list of items the same way.
 */
public final class LedgerViews {

    /** Bootstrap resamples and seed: fixed, so a view is reproducible. */
    public static final int BOOTSTRAP_RESAMPLES = 1000;
    public static final long BOOTSTRAP_SEED = 20_240_601L;

    private LedgerViews() {
    }

    public static ModelView modelView(String model, List<ScoredItem> items) {
        throw new UnsupportedOperationException("not yet");
    }

    public static TaskView taskView(String model, String task, List<ScoredItem> items) {
        throw new UnsupportedOperationException("not yet");
    }

    public static MetricSummary summarize(String metric, double[] values) {
        throw new UnsupportedOperationException("not yet");
    }
}
