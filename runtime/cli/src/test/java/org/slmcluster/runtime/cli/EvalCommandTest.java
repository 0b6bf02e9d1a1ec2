package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {

    @TempDir
    Path dir;

    @Test
    void localClusterOptionsAreRefusedWithACoordinatorUrl() {
        DemoCommandTest.Result result = DemoCommandTest.run(
                new EvalCommand(),
                "--suite",
                "smoke",
                "--models",
                "a,b",
                "--url",
                "http://127.0.0.1:1",
                "--data-dir",
                dir.toString());

        assertThat(result.code()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(result.err()).contains("not with --url");
    }

    @Test
    void suiteAndModelsAreRequired() {
        DemoCommandTest.Result result = DemoCommandTest.run(new EvalCommand(), "--suite", "smoke");

        assertThat(result.code()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(result.err()).contains("--models");
    }

    @Test
    void aNegativeTokenCapIsBadInput() {
        DemoCommandTest.Result result = DemoCommandTest.run(
                new EvalCommand(),
                "--suite",
                "smoke",
                "--models",
                "a",
                "--max-tokens",
                "-1",
                "--data-dir",
                dir.toString());

        assertThat(result.code()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(result.err()).contains("--max-tokens");
    }
}
