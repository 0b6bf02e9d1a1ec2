package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slmcluster.runtime.jobs.JobProgress;
import org.slmcluster.runtime.jobs.JobState;

/** A job's notes (e.g. an optional judge that is not placed) reach its status JSON; none, no field. */
class JobProgressJsonTest {

    private static JobProgress progress(List<String> notes) {
        return new JobProgress(
                "job-1",
                JobState.COMPLETED,
                2,
                2,
                0,
                0,
                Map.of(),
                Instant.parse("2026-12-03T15:00:00Z"),
                Duration.ofSeconds(3),
                Optional.empty(),
                Map.of(),
                Optional.empty(),
                notes);
    }

    @Test
    void notesAreListedInTheStatus() {
        String note = "task rag: judge model phi-3.5-mini-q4 is not placed: correct not computed";
        JsonNode json = JobsApi.progressJson(progress(List.of(note)));
        assertThat(json.path("notes").isArray()).isTrue();
        assertThat(json.path("notes")).hasSize(1);
        assertThat(json.path("notes").get(0).asText()).isEqualTo(note);
    }

    @Test
    void aJobWithoutNotesHasNoNotesField() {
        assertThat(JobsApi.progressJson(progress(List.of())).has("notes")).isFalse();
    }
}
