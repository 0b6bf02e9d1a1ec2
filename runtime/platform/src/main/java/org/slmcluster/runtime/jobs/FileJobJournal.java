package org.slmcluster.runtime.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slmcluster.runtime.ledger.LedgerJson;

/** {@link JobJournal} under {@code <data>/jobs/<id>/}: {@code job.json} and {@code manifest.json}. */
final class FileJobJournal implements JobJournal {

    private final Path dataDir;

    FileJobJournal(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public void write(JobRecord record) {
        record.write(dataDir);
    }

    @Override
    public JobRecord read(String id) {
        return JobRecord.read(dataDir, id);
    }

    @Override
    public List<String> ids() {
        Path root = dataDir.resolve("jobs");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var entries = Files.list(root)) {
            return entries.filter(dir -> Files.isRegularFile(dir.resolve(JobRecord.FILE)))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeManifest(RunManifest manifest) {
        JobRecord.writeJson(JobRecord.directory(dataDir, manifest.jobId()).resolve(RunManifest.FILE), manifest);
    }

    @Override
    public Optional<RunManifest> manifest(String id) {
        Path file = JobRecord.directory(dataDir, id).resolve(RunManifest.FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LedgerJson.mapper().readValue(file.toFile(), RunManifest.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
