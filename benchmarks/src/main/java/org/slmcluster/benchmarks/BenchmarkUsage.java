package org.slmcluster.benchmarks;

import java.io.PrintStream;
import java.util.List;

/**
 * The command line every driver shares beyond {@link BenchmarkReport.Options}: {@code --help} (or {@code -h})
 * prints the driver's usage on stdout and exits 0; an argument the driver does not take is one line on
 * stderr and exit 2, never a stack trace.
 */
public final class BenchmarkUsage {

    /** The options every {@link BenchmarkReport.Options} driver takes, appended to each usage. */
    public static final String COMMON = """
              --quick          smoke run (well under a minute on 2 cores)
              --out FILE       JSON result file (default benchmarks/results/<name>.json)
              -h, --help       print this usage and exit
            """;

    private BenchmarkUsage() {}

    /** True when the command line asks for help (anywhere, as picocli does). */
    public static boolean wantsHelp(String... args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /**
     * Prints {@code usage} and exits 0 when asked for help; otherwise parses the shared options, or prints the
     * one-line reason and exits 2 when they do not parse.
     */
    public static BenchmarkReport.Options parseOrExit(String usage, String... args) {
        exitWithUsageIfAsked(usage, args);
        try {
            return BenchmarkReport.Options.parse(args);
        } catch (IllegalArgumentException e) {
            throw badArguments(e.getMessage());
        }
    }

    /** For drivers with their own parsing: prints {@code usage} and exits 0 when asked for help. */
    public static void exitWithUsageIfAsked(String usage, String... args) {
        if (wantsHelp(args)) {
            print(usage, System.out);
            BenchmarkReport.exit(0);
        }
    }

    /** Prints {@code slm bench: <reason> (--help prints the usage)} and exits 2; never returns. */
    public static IllegalStateException badArguments(String reason) {
        System.err.println("slm bench: " + reason + " (--help prints the usage)");
        BenchmarkReport.exit(2);
        return new IllegalStateException(reason);
    }

    static void print(String usage, PrintStream out) {
        out.print(usage.endsWith("\n") ? usage : usage + "\n");
        out.flush();
    }
}
