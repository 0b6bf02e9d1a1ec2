package org.slmcluster.runtime.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskFullTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskDeepInTheCausesIsNamedOnOneLine() {
        Throwable error = new CompletionException(new UncheckedIOException(
                "cannot write /data/jobs/j1/job.json",
                new FileSystemException("/data/jobs/j1/job.json.tmp", null, "No space left on device\n\tat x")));

        assertThat(DiskFull.reason(error))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("disk full: no space left on device (")
                        .contains("/data/jobs/j1/job.json.tmp")
                        .doesNotContain("\n"));
    }

    @Test
    void aQuotaCountsAsAFullDisk() {
        assertThat(DiskFull.reason(new IOException("Disk quota exceeded")))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("disk full: disk quota exceeded"));
    }

    @Test
    void otherFailuresAreNotAFullDisk() {
        assertThat(DiskFull.reason(new IOException("Permission denied"))).isEmpty();
        assertThat(DiskFull.reason(new IllegalStateException((String) null))).isEmpty();
    }

    @Test
    void aDirectoryWithSpaceProbesFineAndKeepsNoProbeFile() throws IOException {
        assertThat(DiskFull.probe(dir)).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
