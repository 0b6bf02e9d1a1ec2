package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command, however deep, answers {@code --help} with its usage: exit 0, nothing on stderr. */
class HelpTest {

    static Stream<List<String>> commands() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new SlmCli()), new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) {
                List<String> deeper = new ArrayList<>(path);
                deeper.add(name);
                collect(sub, deeper, paths);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpPrintsUsageAndNothingElse(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as("slm %s --help", String.join(" ", path)).isZero();
        assertThat(run.out()).as("slm %s --help", String.join(" ", path)).startsWith("Usage: slm");
        assertThat(run.err()).as("slm %s --help", String.join(" ", path)).isEmpty();
    }
}
