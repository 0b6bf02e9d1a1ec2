package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors of {@code slm report}; writing a real job's report again is in {@code DemoFlowTest}. */
class ReportCommandTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownJobIsBadInputNamingWhereItLooked() {
        DemoCommandTest.Result result =
                DemoCommandTest.run(new ReportCommand(), "20990101-000000-abcd", "--data-dir", dir.toString());

        assertThat(result.code()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(result.err())
                .contains("no job '20990101-000000-abcd'", dir.resolve("jobs").toString());
    }

    @Test
    void aPathIsNotAJobId() {
        DemoCommandTest.Result result =
                DemoCommandTest.run(new ReportCommand(), "../etc", "--data-dir", dir.toString());

        assertThat(result.code()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(result.err()).contains("not a job id");
    }

    @Test
    void anUnknownRunToCompareIsBadInputNamingIt() {
        DemoCommandTest.Result result =
                DemoCommandTest.run(new ReportCommand(), "--compare", "job-1/m", "job-2", "--data-dir", dir.toString());

        assertThat(result.code()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(result.err()).contains("no run 'job-1/m'").doesNotContain("Exception");
    }

    @Test
    void aJobAndComparedRunsTogetherAreBadInput() {
        DemoCommandTest.Result result =
                DemoCommandTest.run(new ReportCommand(), "job-1", "--compare", "a", "b", "--data-dir", dir.toString());

        assertThat(result.code()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(result.err()).contains("either JOB or --compare");
    }
}
