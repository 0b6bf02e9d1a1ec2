package org.slmcluster.runtime.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.evaluation.ScoredItem;

class RunComparisonTest {

    @TempDir
    Path data;

    private final DriftDetector detector = new DriftDetector(DriftDetector.DEFAULT_THRESHOLD);

    @Test
    void aLowerScoringRunIsSignificantlyWorseAndItsMostChangedItemsComeFirstWithBothAnswers() {
        ScoreHistory history = new ScoreHistory(data);
        List<ScoredItem> good = new ArrayList<>();
        List<ScoredItem> bad = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            good.add(TestItems.item("good", "t", "i" + i, 50 + i, 10));
            bad.add(TestItems.item("bad", "t", "i" + i, 50 + i - (i < 2 ? 40 : 10), 10));
        }
        history.append("job-1", "s", "SUCCEEDED", "good", "v1", good, detector, Instant.EPOCH);
        history.append("job-1", "s", "SUCCEEDED", "bad", "v2", bad, detector, Instant.EPOCH);

        JsonNode result = new RunComparison(history).compare("job-1/good", "job-1/bad");

        assertThat(result.path("comparisons")).hasSize(1);
        JsonNode c = result.path("comparisons").get(0);
        assertThat(c.path("task").asText()).isEqualTo("t");
        assertThat(c.path("metric").asText()).isEqualTo("chrf++");
        assertThat(c.path("shared").asInt()).isEqualTo(12);
        assertThat(c.path("difference").asDouble()).isEqualTo(-15.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.path("ci_high").asDouble()).isLessThan(0);
        assertThat(c.path("significant").asBoolean()).isTrue();
        JsonNode changed = result.path("changed_items");
        assertThat(changed).hasSize(RunComparison.CHANGED_ITEMS);
        assertThat(changed.get(0).path("difference").asDouble()).isEqualTo(-40.0);
        assertThat(changed.get(0).path("a_answer").asText()).startsWith("answer i");
        assertThat(changed.get(0).path("b_answer").asText())
                .isEqualTo(changed.get(0).path("a_answer").asText());
    }

    @Test
    void anUnchangedRunIsNotSignificant() {
        ScoreHistory history = new ScoreHistory(data);
        List<ScoredItem> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(TestItems.item("m", "t", "i" + i, i, 10));
        }
        history.append("job-1", "s", "SUCCEEDED", "m", "v1", items, detector, Instant.EPOCH);
        history.append("job-2", "s", "SUCCEEDED", "m", "v1", items, detector, Instant.EPOCH);

        JsonNode result = new RunComparison(history).compare("job-1", "job-2");

        assertThat(result.path("a").asText()).isEqualTo("job-1/m");
        assertThat(result.path("comparisons").get(0).path("difference").asDouble())
                .isZero();
        assertThat(result.path("comparisons").get(0).path("significant").asBoolean())
                .isFalse();
        assertThat(result.path("changed_items")).isEmpty();
    }

    @Test
    void unknownOrAmbiguousRunsAreNamedInTheError() {
        ScoreHistory history = new ScoreHistory(data);
        history.append(
                "job-1",
                "s",
                "SUCCEEDED",
                "a",
                "v",
                List.of(TestItems.item("a", "t", "i", 1, 10)),
                detector,
                Instant.EPOCH);
        history.append(
                "job-1",
                "s",
                "SUCCEEDED",
                "b",
                "v",
                List.of(TestItems.item("b", "t", "i", 1, 10)),
                detector,
                Instant.EPOCH);
        RunComparison comparison = new RunComparison(history);

        assertThatThrownBy(() -> comparison.compare("job-1", "job-1/a"))
                .isInstanceOf(RunComparison.UnknownRunException.class)
                .hasMessageContaining("ran several models (a, b)");
        assertThatThrownBy(() -> comparison.compare("job-9/a", "job-1/a")).hasMessageContaining("no run 'job-9/a'");
        assertThatThrownBy(() -> comparison.compare("job-7", "job-1/a")).hasMessageContaining("no run of job 'job-7'");
    }
}
