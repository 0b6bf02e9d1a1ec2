package org.slmcluster.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slmcluster.runtime.jobs.JobProgress;
import org.slmcluster.runtime.jobs.JobState;

class ProgressBarTest {

    private static JobProgress progress(JobState state, int doneA, int doneB, int failed, Optional<Duration> eta) {
        Map<String, Map<String, JobProgress.Counts>> perModel = new LinkedHashMap<>();
        perModel.put("alpha", Map.of("t", new JobProgress.Counts(10, doneA, 0)));
        perModel.put("beta", Map.of("t", new JobProgress.Counts(10, doneB, failed)));
        return new JobProgress(
                "j",
                state,
                20,
                doneA + doneB,
                failed,
                1,
                perModel,
                Instant.EPOCH,
                Duration.ofSeconds(75),
                eta,
                Map.of());
    }

    @Test
    void aLineShowsDoneOfTotalEachModelAndTheEta() {
        String line = ProgressBar.line(progress(JobState.RUNNING, 6, 4, 1, Optional.of(Duration.ofSeconds(125))));
        assertThat(line)
                .isEqualTo("[############............] 10/20  50%  alpha 6/10  beta 4/10  failed 1  cached 1"
                        + "  elapsed 1:15  ETA 2:05");
    }

    @Test
    void withoutATerminalItPrintsPlainLinesOncePerTenthAndTheEnd() {
        AtomicReference<JobProgress> current =
                new AtomicReference<>(progress(JobState.RUNNING, 0, 0, 0, Optional.empty()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = ProgressBar.start(() -> Optional.of(current.get()), out, false);
        current.set(progress(JobState.COMPLETED, 10, 10, 0, Optional.empty()));
        bar.close();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r");
        assertThat(text.lines().toList()).last().asString().startsWith("[########################] 20/20 100%");
        assertThat(text.lines().filter(l -> l.contains("20/20")).count()).isEqualTo(1);
    }
}
