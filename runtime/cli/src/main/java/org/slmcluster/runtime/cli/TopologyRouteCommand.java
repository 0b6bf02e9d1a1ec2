package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slmcluster.topology.NoRouteException;
import org.slmcluster.topology.Route;
import org.slmcluster.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slm topology route}: the shortest (or fault-tolerant, or label-based) route between two nodes. */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        description = {
            "Print the route between two nodes: shortest, around --failed nodes, or label-based.",
            "Among equally short next hops a route takes the one a hash of the (--from, --to) pair picks, as every router does;",
            "--label-based computes the route from the labels alone and reports the shortest hop count too."
        })
public final class TopologyRouteCommand implements Callable<Integer> {

    @Option(names = "--arity", paramLabel = "D", description = "Digits per label position, 2..10.")
    Integer arity;

    @Option(names = "--depth", paramLabel = "H", description = "Levels below the root, at least 1.")
    Integer depth;

    @Option(names = "--from", paramLabel = "LABEL", description = "Source node (root, 0, 01, ...).")
    String from;

    @Option(names = "--to", paramLabel = "LABEL", description = "Destination node.")
    String to;

    @Option(names = "--failed", paramLabel = "X,Y", split = ",", description = "Failed nodes to route around.")
    List<String> failed = new ArrayList<>();

    @Option(
            names = "--label-based",
            description = "Use the table-free label-based route and report the shortest hop count too.")
    boolean labelBased;

    @Option(
            names = "--json",
            description = "Print {\"path\":[...],\"hops\":N} (plus \"shortestHops\" with --label-based).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Topology topology = TopologyCommand.build(arity, depth);
        String source = checkedLabel(topology, from, "--from");
        String destination = checkedLabel(topology, to, "--to");
        Set<String> down = new LinkedHashSet<>();
        for (String label : failed) {
            String trimmed = label.trim();
            if (!trimmed.isEmpty()) {
                down.add(checkedLabel(topology, trimmed, "--failed"));
            }
        }
        if (down.contains(source)) {
            throw CliFailure.badInput("source " + source + " is in --failed");
        }
        if (down.contains(destination)) {
            throw CliFailure.badInput("destination " + destination + " is in --failed");
        }
        if (labelBased && !down.isEmpty()) {
            throw CliFailure.badInput("--label-based routes do not avoid failed nodes; drop --failed or --label-based");
        }
        Route route;
        Integer shortest = null;
        try {
            if (labelBased) {
                route = topology.labelRoute(source, destination);
                shortest = topology.route(source, destination).hops();
            } else {
                route = topology.route(source, destination, down);
            }
        } catch (NoRouteException e) {
            throw CliFailure.failed(e.getMessage());
        }
        if (json) {
            ObjectMapper mapper = CliJson.MAPPER;
            ObjectNode result = mapper.createObjectNode();
            route.path().forEach(result.putArray("path")::add);
            result.put("hops", route.hops());
            if (shortest != null) {
                result.put("shortestHops", shortest);
            }
            System.out.println(mapper.writeValueAsString(result));
        } else {
            StringBuilder line = new StringBuilder(String.join(" -> ", route.path()));
            line.append("  (").append(route.hops()).append(route.hops() == 1 ? " hop" : " hops");
            if (shortest != null) {
                line.append(", label-based; shortest ").append(shortest);
            }
            if (!down.isEmpty()) {
                line.append(", avoiding ").append(String.join(",", down));
            }
            System.out.println(line.append(')'));
        }
        System.out.flush();
        return 0;
    }

    private static String checkedLabel(Topology topology, String label, String option) {
        if (label == null) {
            throw CliFailure.badInput("missing " + option + " LABEL");
        }
        if (!topology.contains(label)) {
            throw CliFailure.badInput("unknown node label '" + label + "' in " + option + " (arity "
                    + topology.arity() + ", depth " + topology.depth() + ": root or 1.." + topology.depth()
                    + " digits 0.." + (topology.arity() - 1) + ")");
        }
        return label;
    }
}
