package org.slmcluster.runtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.ledger.LedgerDatabase;

/**
 * Both job journals keep the same things: a record written is read back as written and replaced by the next
 * write, ids come oldest first, a manifest is read back and also copied under the data directory, an unknown
 * job is an error naming it. The database journal runs on an in-memory H2 here (PostgreSQL in
 * StandbyCoordinatorTest).
 */
class JobJournalTest {

    @TempDir
    Path dataDir;

    @Test
    void theFileJournalKeepsRecordsAndManifests() {
        behavesAsAJournal(JobJournal.files(dataDir));
    }

    @Test
    void theDatabaseJournalKeepsRecordsAndManifestsAndCopiesManifestsToTheDataDir() {
        LedgerDatabase database =
                new LedgerDatabase("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        JobJournal journal = JobJournal.database(database, dataDir);
        behavesAsAJournal(journal);
        assertThat(Files.isRegularFile(dataDir.resolve("jobs/20260101-000000-0001/manifest.json")))
                .isTrue();
        assertThat(Files.exists(dataDir.resolve("jobs/20260101-000000-0001/job.json")))
                .as("records live in the database only")
                .isFalse();
        // a second journal on the same database (a standby's) sees what the first wrote
        JobJournal standby = JobJournal.database(database, dataDir.resolve("standby"));
        assertThat(standby.ids()).containsExactly("20260101-000000-0001", "20260102-000000-0002");
        assertThat(standby.read("20260102-000000-0002").state()).isEqualTo(JobState.COMPLETED);
    }

    private static void behavesAsAJournal(JobJournal journal) {
        assertThat(journal.ids()).isEmpty();
        JobRecord later = record("20260102-000000-0002", JobState.RUNNING);
        JobRecord earlier = record("20260101-000000-0001", JobState.RUNNING);
        journal.write(later);
        journal.write(earlier);
        journal.write(later.withState(JobState.COMPLETED, "2026-01-02T01:00:00Z"));
        assertThat(journal.ids()).containsExactly(earlier.id(), later.id());
        assertThat(journal.read(earlier.id())).isEqualTo(earlier);
        assertThat(journal.read(later.id()).state()).isEqualTo(JobState.COMPLETED);
        assertThat(journal.manifest(earlier.id())).isEmpty();
        RunManifest manifest = manifest(earlier.id());
        journal.writeManifest(manifest);
        assertThat(journal.manifest(earlier.id())).contains(manifest);
        assertThatThrownBy(() -> journal.read("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no job 'nope'");
    }

    private static JobRecord record(String id, JobState state) {
        return new JobRecord(
                id,
                "/suites/smoke",
                "smoke",
                "abc",
                List.of("stories260k"),
                List.of(1L),
                Map.of("summary", List.of(1L)),
                Map.of("stories260k", Map.of("summary", 3)),
                state,
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z",
                "schedule s1 (every)");
    }

    private static RunManifest manifest(String id) {
        return new RunManifest(
                id,
                "smoke",
                "abc",
                Map.of("suite.conf", "def"),
                Map.of("summary", Map.of("items.jsonl", "123")),
                Map.of("stories260k", new RunManifest.ModelEntry("llama-cpp", "stories260K.gguf", "456", null, null)),
                List.of(1L),
                "789",
                Map.of("summary", Map.of("max-tokens", 48)),
                "dev",
                new RunManifest.Topology(2, 2, "root"),
                "2026-01-01T00:00:00Z",
                null,
                "RUNNING");
    }
}
