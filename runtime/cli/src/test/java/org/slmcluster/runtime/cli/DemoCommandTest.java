package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

    @TempDir
    Path dir;

    /** What a command printed and returned, run like {@link SlmCli#run} runs its subcommands. */
    record Result(int code, String out, String err) {}

    static Result run(Object command, String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(command)
                    .setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
                        if (ex instanceof CliFailure failure) {
                            commandLine.getErr().println(commandLine.getCommandName() + ": " + failure.getMessage());
                            return failure.exitCode();
                        }
                        throw ex;
                    })
                    .execute(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingWeightsAreReportedWithWhatToDoBeforeAnythingStarts() throws Exception {
        Path conf = dir.resolve("cluster.conf");
        Files.writeString(
                conf, "slm.models { ghost { engine = llama-cpp, file = \"ghost-model-that-does-not-exist.gguf\" } }\n");

        Result result = run(
                new DemoCommand(),
                "--config",
                conf.toString(),
                "--models",
                "ghost",
                "--quick",
                "--data-dir",
                dir.resolve("data").toString());

        assertThat(result.code()).isEqualTo(CliFailure.FAILED);
        assertThat(result.err())
                .contains(
                        "model 'ghost'",
                        "ghost-model-that-does-not-exist.gguf",
                        "SLM_MODEL_PATH",
                        "./slm models pull ghost");
        assertThat(result.err()).doesNotContain("starting the embedded cluster");
        assertThat(dir.resolve("data").resolve("jobs")).doesNotExist();
    }

    @Test
    void aCatalogueModelNotPulledYetSaysHowToPullIt() throws Exception {
        Path conf = dir.resolve("cluster.conf");
        Files.writeString(conf, "slm.models { known-one { engine = llama-cpp, file = \"x.gguf\" } }\n");

        Result result = run(
                new DemoCommand(),
                "--config",
                conf.toString(),
                "--models",
                "smollm2-360m-q8",
                "--quick",
                "--data-dir",
                dir.resolve("data").toString());

        assertThat(result.code()).isEqualTo(CliFailure.FAILED);
        assertThat(result.err()).contains("model 'smollm2-360m-q8'", ".gguf", "./slm models pull smollm2-360m-q8");
        assertThat(result.err()).doesNotContain("unknown model");
    }

    @Test
    void anUnknownModelNameListsTheKnownOnes() throws Exception {
        Path conf = dir.resolve("cluster.conf");
        Files.writeString(conf, "slm.models { known-one { engine = llama-cpp, file = \"x.gguf\" } }\n");

        Result result = run(
                new DemoCommand(),
                "--config",
                conf.toString(),
                "--models",
                "nope",
                "--quick",
                "--data-dir",
                dir.resolve("data").toString());

        assertThat(result.code()).isEqualTo(CliFailure.FAILED);
        assertThat(result.err()).contains("unknown model 'nope'", "[known-one]", ".gguf");
    }

    @Test
    void anUnknownSuiteIsBadInput() {
        Result result = run(new DemoCommand(), "--suite", "no-such-suite-anywhere", "--data-dir", dir.toString());

        assertThat(result.code()).isEqualTo(CliFailure.BAD_INPUT);
        assertThat(result.err()).contains("no suite 'no-such-suite-anywhere'");
    }
}
