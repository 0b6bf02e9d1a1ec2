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
}
