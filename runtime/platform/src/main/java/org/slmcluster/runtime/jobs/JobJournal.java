package org.slmcluster.runtime.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slmcluster.runtime.ledger.LedgerDatabase;

/**
 * Where jobs are recorded: each job's {@link JobRecord} (what to run, its state) and {@link RunManifest}.
 * Under the data directory by default ({@code jobs/<id>/job.json}, {@code manifest.json}); in the ledgers'
 * database with {@code slm.jobs.journal = ledger-database}, so that a standby coordinator on another member
 * finds the jobs the active one was running (docs/FAULTS.md). What is done is never kept here: the ledgers
 * are the record of that.
 */
public interface JobJournal {

    /** Stores the record, replacing the job's previous one; durable on return. */
    void write(JobRecord record);

    /**
     * The job's record.
     *
     * @throws IllegalArgumentException no such job
     */
    JobRecord read(String id);

    /** Ids of every recorded job, oldest first. */
    List<String> ids();

    /** Stores the job's manifest (and keeps a copy under the data directory, where reports read it). */
    void writeManifest(RunManifest manifest);

    Optional<RunManifest> manifest(String id);

    /** The journal under {@code dataDir/jobs/}. */
    static JobJournal files(Path dataDir) {
        return new FileJobJournal(dataDir);
    }

    /**
     * The journal in {@code database} (table {@code slm_job}, created when missing), with manifests also
     * copied under {@code dataDir/jobs/}.
     */
    static JobJournal database(LedgerDatabase database, Path dataDir) {
        return new DatabaseJobJournal(database, new FileJobJournal(dataDir));
    }
}
