package org.slmcluster.runtime.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.evaluation.ScoredItem;

class LedgersTest {

    @TempDir
    Path data;

    static RecordOutcome record(Ledgers ledgers, ScoredItem item) throws Exception {
        return ledgers.record(item).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aRepeatedDeliveryIsRecordedOnceAndAChangedOutcomeReplacesIt() throws Exception {
        ScoredItem first = TestItems.item("m1", "t", "a", 0.5, 100);
        try (Ledgers ledgers = Ledgers.open(data)) {
            assertThat(record(ledgers, first)).isEqualTo(RecordOutcome.RECORDED);
            // the same answer delivered again (another node, another latency): not counted again
            ScoredItem again = new ScoredItem(
                    first.key(),
                    "m1",
                    first.kind(),
                    first.promptHash(),
                    first.answer(),
                    first.scores(),
                    first.flags(),
                    first.details(),
                    999,
                    1,
                    1,
                    1,
                    "stop",
                    "0",
                    2,
                    true,
                    first.retrievedIds(),
                    5);
            assertThat(record(ledgers, again)).isEqualTo(RecordOutcome.DUPLICATE);
            assertThat(record(ledgers, first)).isEqualTo(RecordOutcome.DUPLICATE);
            assertThat(ledgers.items("m1")).containsExactly(first);
            assertThat(ledgers.view("m1").task("t").orElseThrow().count()).isEqualTo(1);

            ScoredItem rescored = TestItems.item("m1", "t", "a", 0.7, 100);
            assertThat(record(ledgers, rescored)).isEqualTo(RecordOutcome.REPLACED);
            assertThat(ledgers.items("m1", "t")).containsExactly(rescored);
            assertThat(record(ledgers, TestItems.item("m1", "t", "b", 0.1, 100)))
                    .isEqualTo(RecordOutcome.RECORDED);
            assertThat(ledgers.view("m1")
                            .task("t")
                            .orElseThrow()
                            .metric("chrf++")
                            .orElseThrow()
                            .mean())
                    .isEqualTo((0.7 + 0.1) / 2);
        }
        assertThat(journalRows()).isEqualTo(3); // a, a (replaced), b: the duplicates wrote nothing
    }

    @Test
    void ledgersSurviveARestartAndListTheirModels() throws Exception {
        try (Ledgers ledgers = Ledgers.open(data)) {
            record(ledgers, TestItems.item("m1", "t", "a", 0.5, 100));
            record(ledgers, TestItems.item("m2", "t", "a", 0.25, 100));
            record(ledgers, TestItems.item("m2", "u", "b", 0.75, 100));
        }
        try (Ledgers reopened = Ledgers.open(data)) {
            assertThat(reopened.models()).containsExactly("m1", "m2");
            assertThat(reopened.items("m2")).extracting(ScoredItem::id).containsExactly("s/t/a@1", "s/u/b@1");
            assertThat(reopened.recordedIds("m1")).containsExactly("s/t/a@1");
            assertThat(record(reopened, TestItems.item("m2", "u", "b", 0.75, 100)))
                    .isEqualTo(RecordOutcome.DUPLICATE);
            assertThat(reopened.view("m2").itemCount()).isEqualTo(2);
            assertThat(reopened.views()).extracting(ModelView::model).containsExactly("m1", "m2");
            assertThat(reopened.view("nobody").tasks()).isEmpty();
        }
    }

    private long journalRows() throws Exception {
        String url = "jdbc:h2:file:" + data.toAbsolutePath().toString().replace('\\', '/') + "/ledger/ledger";
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM \"event_journal\"")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
