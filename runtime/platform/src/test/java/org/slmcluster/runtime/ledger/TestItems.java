package org.slmcluster.runtime.ledger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slmcluster.runtime.evaluation.AdherenceFlag;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.evaluation.TaskKey;
import org.slmcluster.runtime.suite.TaskKind;

final class TestItems {

    private TestItems() {}

    static ScoredItem item(
            String model, String task, String id, double score, long latencyMillis, AdherenceFlag... flags) {
        return new ScoredItem(
                new TaskKey("s", task, id, 1),
                model,
                TaskKind.TRANSLATION,
                "hash-" + id,
                "answer " + id,
                Map.of("chrf++", score),
                Set.of(flags),
                Map.of(),
                latencyMillis * 1_000_000,
                10,
                20,
                20_000.0 / latencyMillis,
                "stop",
                "1",
                1,
                false,
                List.of(),
                0L);
    }
}
