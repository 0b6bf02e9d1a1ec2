package org.slmcluster.runtime.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code slm} command line: one picocli command per concern, each in its own class. */
@Command(
        name = "slm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run and evaluate small language models on a cluster of edge devices.",
        subcommands = {
            DemoCommand.class,
            EvalCommand.class,
            ReportCommand.class,
            TopologyCommand.class,
            ScoreCommand.class,
            NodeCommand.class,
            ClusterCommand.class,
            ModelsCommand.class,
            CollectionsCommand.class,
            CertsCommand.class,
            SubmitCommand.class,
            NodesCommand.class,
            JobsCommand.class,
            SchedulesCommand.class,
            LedgerCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SlmCli implements Runnable {

    @Option(
            names = {"-v", "--verbose"},
            scope = CommandLine.ScopeType.INHERIT,
            description = "More log output (-v info, -vv debug). Quiet (warnings) by default.")
    boolean[] verbose = new boolean[0];

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command; see 'slm --help'.");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        configureLogLevel(args);
        return new CommandLine(new SlmCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
                    if (ex instanceof CliFailure failure) {
                        commandLine.getErr().println(commandLine.getCommandName() + ": " + failure.getMessage());
                        return failure.exitCode();
                    }
                    throw ex;
                })
                .execute(args);
    }

    /** Logback reads its level once, when the first logger is created: set it before anything logs. */
    private static void configureLogLevel(String[] args) {
        long verbosity = Arrays.stream(args)
                .filter(a -> a.matches("-v+") || a.equals("--verbose"))
                .mapToLong(a -> a.equals("--verbose") ? 1 : a.length() - 1)
                .sum();
        if (System.getProperty("slm.log.level") == null && verbosity > 0) {
            System.setProperty("slm.log.level", verbosity > 1 ? "DEBUG" : "INFO");
        }
    }
}
