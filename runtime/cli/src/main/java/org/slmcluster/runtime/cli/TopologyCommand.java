package org.slmcluster.runtime.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slmcluster.topology.Topology;
import org.slmcluster.topology.TopologyExport;
import org.slmcluster.topology.TopologyFigures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slm topology}: the overlay's figures next to the plain tree's, or the whole graph as JSON or DOT. */
@Command(
        name = "topology",
        mixinStandardHelpOptions = true,
        description = {
            "Show the tree + De Bruijn topology: its figures next to the plain tree's, or the graph as JSON or DOT.",
            "Diameter and average path length are exact up to about 16,000 nodes (more for small depths); above, they are sampled and say so."
        },
        subcommands = TopologyRouteCommand.class)
public final class TopologyCommand implements Callable<Integer> {

    @Option(names = "--arity", paramLabel = "D", description = "Digits per label position, 2..10.")
    Integer arity;

    @Option(names = "--depth", paramLabel = "H", description = "Levels below the root, at least 1.")
    Integer depth;

    @Option(names = "--json", description = "Print nodes, links and figures as JSON.")
    boolean json;

    @Option(
            names = "--dot",
            description = "Print the graph in Graphviz DOT (tree links solid, De Bruijn links dashed/dotted).")
    boolean dot;

    @Override
    public Integer call() {
        if (json && dot) {
            throw CliFailure.badInput("choose one of --json and --dot");
        }
        Topology topology = build(arity, depth);
        PrintStream out = System.out;
        if (dot) {
            write(out, w -> TopologyExport.writeDot(topology, w));
            return 0;
        }
        TopologyFigures figures = TopologyFigures.of(topology);
        if (json) {
            write(out, w -> {
                TopologyExport.writeJson(topology, figures, w);
                w.append('\n');
            });
        } else {
            out.print(table(figures));
        }
        out.flush();
        return 0;
    }

    /** Checks the options every topology command needs and builds the overlay, or fails with one clear line. */
    static Topology build(Integer arity, Integer depth) {
        if (arity == null) {
            throw CliFailure.badInput("missing --arity D (2.." + Topology.MAX_ARITY + ")");
        }
        if (depth == null) {
            throw CliFailure.badInput("missing --depth H (at least 1)");
        }
        try {
            return Topology.of(arity, depth);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(e.getMessage());
        }
    }

    static String table(TopologyFigures f) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Tree + De Bruijn overlay, arity %d, depth %d%n%n", f.arity(), f.depth()));
        s.append(String.format(Locale.ROOT, "%-22s %12s %12s%n", "", "overlay", "plain tree"));
        s.append(row("nodes", f.nodeCount(), f.nodeCount()));
        s.append(row("links", f.linkCount(), f.tree().linkCount()));
        s.append(row("min degree", f.minDegree(), 1));
        s.append(row("max degree", f.maxDegree(), f.depth() == 1 ? f.arity() : f.arity() + 1));
        s.append(String.format(
                Locale.ROOT,
                "%-22s %12s %12d%n",
                "diameter",
                (f.diameterExact() ? "" : ">= ") + f.diameter(),
                f.tree().diameter()));
        s.append(String.format(
                Locale.ROOT,
                "%-22s %12s %12.4f%n",
                "average path length",
                (f.exact() ? "" : "~ ") + String.format(Locale.ROOT, "%.4f", f.averagePathLength()),
                f.tree().averagePathLength()));
        if (!f.exact()) {
            s.append(String.format(
                    Locale.ROOT,
                    "%nPath figures of the overlay are sampled: BFS from %d of %d nodes (the average is an estimate; %s).%n",
                    f.sampledSources(),
                    f.nodeCount(),
                    f.diameterExact()
                            ? "the diameter is exact, as it reached the depth, its upper bound"
                            : "the diameter is a lower bound"));
        }
        return s.toString();
    }

    private static String row(String name, long overlay, long tree) {
        return String.format(Locale.ROOT, "%-22s %12d %12d%n", name, overlay, tree);
    }

    interface WriterAction {
        void writeTo(Writer writer) throws java.io.IOException;
    }

    /** Streams large exports straight to stdout instead of building one huge string. */
    static void write(PrintStream out, WriterAction action) {
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            action.writeTo(writer);
            writer.flush();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
