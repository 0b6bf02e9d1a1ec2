package org.slmcluster.runtime.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.slmcluster.runtime.ledger.LedgerJson;

/**
 * The durable state of a job, {@code <data>/jobs/<id>/job.json}: what to run, the suite's hash when it
 * started (a resume refuses a changed suite), the task totals, and the state. What is done is not kept
 * here: the ledgers are the record of that.
 *
 * @param seeds     the job's seeds as given (empty: each task's own)
 * @param taskSeeds task id -> the seeds it runs with
 * @param totals    model -> task id -> tasks (items x seeds)
 * @param startedBy what started the job when not a user, e.g. {@code schedule s1 (every)}; null otherwise
 */
public record JobRecord(
        String id,
        String suiteDirectory,
        String suiteName,
        String suiteHash,
        List<String> models,
        List<Long> seeds,
        Map<String, List<Long>> taskSeeds,
        Map<String, Map<String, Integer>> totals,
        JobState state,
        String createdAt,
        String updatedAt,
        String startedBy) {

    static final String FILE = "job.json";

    JobRecord withState(JobState value, String at) {
        return new JobRecord(
                id,
                suiteDirectory,
                suiteName,
                suiteHash,
                models,
                seeds,
                taskSeeds,
                totals,
                value,
                createdAt,
                at,
                startedBy);
    }

    static Path directory(Path dataDir, String id) {
        return dataDir.resolve("jobs").resolve(id);
    }

    void write(Path dataDir) {
        writeJson(directory(dataDir, id).resolve(FILE), this);
    }

    static JobRecord read(Path dataDir, String id) {
        Path file = directory(dataDir, id).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no job '" + id + "' under " + dataDir.resolve("jobs"));
        }
        try {
            return LedgerJson.mapper().readValue(file.toFile(), JobRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes through a temporary file and a move, so a crash never leaves half a file. */
    static void writeJson(Path file, Object value) {
        ObjectMapper json = LedgerJson.mapper();
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), value);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                // a full disk leaves part of a temporary file; the previous version of the file stays as it was
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write's own failure is the one to report
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
