package org.slmcluster.benchmarks.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slmcluster.actors.routing.RoutingMode;
import org.slmcluster.actors.routing.Undeliverable;
import org.slmcluster.actors.routing.WorkResult;
import org.slmcluster.topology.Labels;
import org.slmcluster.topology.Topology;

/**
 * The dispatcher every simulated router hands results to (and the {@code returnTo} of every task): counts
 * the links and relays each request and result really crossed, from the traces the routers wrote, and
 * checks a sample of traces against the production route. One actor, so its counters need no locks.
 */
final class TrafficRecorder {

    /** Ask for the counts so far. */
    record Snapshot(ActorRef<Traffic> replyTo) {}

    /**
     * @param linkMessages   link ("a|b", label order) to the messages that crossed it, both directions
     * @param relayed        label to the messages it forwarded for others
     * @param requestHops    hops of every successful request, in arrival order
     * @param crossings      link crossings of requests and results together
     * @param modelledMillis per successful task: stated generation time + hop cost x its crossings
     * @param roundTripNanos per successful task: real time from the driver's send to the result's arrival
     * @param failures       tasks that came back failed or undeliverable, with their reasons
     * @param traceChecks    traces compared with {@link Topology#route}; {@code traceMismatches} differed
     */
    record Traffic(
            Map<String, Long> linkMessages,
            Map<String, Long> relayed,
            List<Integer> requestHops,
            long crossings,
            List<Double> modelledMillis,
            List<Long> roundTripNanos,
            List<String> failures,
            int traceChecks,
            List<String> traceMismatches) {}

    private TrafficRecorder() {}

    /**
     * @param sentAt      task id to the driver's {@link System#nanoTime()} at send; entries are removed on arrival
     * @param completions released once per finished task (success or failure)
     * @param topology    for the trace check; {@code down} the labels without a router
     * @param checkRoutes how many results' traces to compare with the route the mode prescribes: the
     *                    production route in overlay mode, source then destination in direct mode
     */
    static Behavior<Object> create(
            Map<String, Long> sentAt,
            Semaphore completions,
            Topology topology,
            RoutingMode mode,
            Set<String> down,
            double hopMillis,
            int checkRoutes) {
        return Behaviors.setup(context -> {
            Map<String, Long> links = new HashMap<>();
            Map<String, Long> relays = new HashMap<>();
            List<Integer> requestHops = new ArrayList<>();
            List<Double> modelled = new ArrayList<>();
            List<Long> roundTrips = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            List<String> mismatches = new ArrayList<>();
            long[] crossings = {0};
            int[] checks = {0};
            return Behaviors.receive(Object.class)
                    .onMessage(WorkResult.class, result -> {
                        Long sent = sentAt.remove(result.taskId());
                        if (result instanceof WorkResult.Failed failed) {
                            failures.add(failed.kind() + ": " + failed.reason());
                        } else if (result instanceof WorkResult.Generated generated) {
                            int crossed = count(result.requestTrace(), links, relays)
                                    + count(result.replyTrace(), links, relays);
                            crossings[0] += crossed;
                            requestHops.add(result.requestTrace().size() - 1);
                            modelled.add(generated.result().latencyNanos() / 1e6 + hopMillis * crossed);
                            if (sent != null) {
                                roundTrips.add(System.nanoTime() - sent);
                            }
                            if (checks[0] < checkRoutes) {
                                checks[0]++;
                                check(topology, mode, down, result.requestTrace(), mismatches);
                                check(topology, mode, down, result.replyTrace(), mismatches);
                            }
                        }
                        completions.release();
                        return Behaviors.same();
                    })
                    .onMessage(Undeliverable.class, undeliverable -> {
                        failures.add("undeliverable at " + undeliverable.atLabel() + ": " + undeliverable.reason());
                        completions.release();
                        return Behaviors.same();
                    })
                    .onMessage(Snapshot.class, snapshot -> {
                        snapshot.replyTo()
                                .tell(new Traffic(
                                        Map.copyOf(links),
                                        Map.copyOf(relays),
                                        List.copyOf(requestHops),
                                        crossings[0],
                                        List.copyOf(modelled),
                                        List.copyOf(roundTrips),
                                        List.copyOf(failures),
                                        checks[0],
                                        List.copyOf(mismatches)));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static int count(List<String> trace, Map<String, Long> links, Map<String, Long> relays) {
        for (int i = 1; i < trace.size(); i++) {
            links.merge(link(trace.get(i - 1), trace.get(i)), 1L, Long::sum);
            if (i < trace.size() - 1) {
                relays.merge(trace.get(i), 1L, Long::sum);
            }
        }
        return trace.size() - 1;
    }

    private static void check(
            Topology topology, RoutingMode mode, Set<String> down, List<String> trace, List<String> mismatches) {
        if (trace.size() < 2) {
            mismatches.add("trace " + trace + " has no hop");
            return;
        }
        String from = trace.get(0);
        String to = trace.get(trace.size() - 1);
        List<String> expected = mode == RoutingMode.DIRECT
                ? List.of(from, to)
                : topology.route(from, to, down).path();
        if (!expected.equals(trace)) {
            mismatches.add("routers took " + trace + ", " + mode + " routing prescribes " + expected);
        }
    }

    static String link(String a, String b) {
        return Labels.ORDER.compare(a, b) <= 0 ? a + '|' + b : b + '|' + a;
    }
}
