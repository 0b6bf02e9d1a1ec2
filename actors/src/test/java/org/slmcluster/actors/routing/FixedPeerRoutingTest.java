package org.slmcluster.actors.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.FakeEngine;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.metrics.MemberMetrics;
import org.slmcluster.actors.node.NodeSettings;
import org.slmcluster.actors.worker.ModelWorker;
import org.slmcluster.topology.Node;
import org.slmcluster.topology.Topology;

/**
 * Routers told their peers once ({@link DeBruijnRouter#createWithFixedPeers}), all in one plain (not
 * clustered) ActorSystem: the way the scale simulation runs thousands of them. They must route exactly as
 * cluster routers do: the production route hop by hop, around down labels, straight in direct mode.
 */
class FixedPeerRoutingTest {

    private static final Topology TOPOLOGY = Topology.of(2, 3);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ActorTestKit testKit = ActorTestKit.create();

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    private Map<String, ActorRef<DeBruijnRouter.Command>> startRouters(
            RoutingMode mode, Set<String> down, boolean withWorkers) {
        Map<String, ActorRef<DeBruijnRouter.Command>> routers = new HashMap<>();
        FakeEngine.Counters counters = new FakeEngine.Counters();
        for (Node node : TOPOLOGY.nodes()) {
            String label = node.label();
            NodeSettings settings = NodeSettings.of(label, 2, 3, withWorkers ? List.of("echo") : List.of())
                    .withRoutingMode(mode);
            Map<String, ActorRef<ModelWorker.Command>> workers = new HashMap<>();
            if (withWorkers) {
                workers.put(
                        "echo",
                        testKit.spawn(
                                ModelWorker.create(
                                        label,
                                        "echo",
                                        model -> new FakeEngine(model, label, counters),
                                        settings.worker()),
                                "worker-" + label));
            }
            routers.put(
                    label,
                    testKit.spawn(
                            DeBruijnRouter.createWithFixedPeers(settings.router(), TOPOLOGY, workers),
                            "router-" + label));
        }
        Map<String, ActorRef<DeBruijnRouter.Command>> live = new HashMap<>(routers);
        live.keySet().removeAll(down);
        Map<String, ActorRef<DeBruijnRouter.Command>> shared = Map.copyOf(live);
        routers.values().forEach(router -> router.tell(new DeBruijnRouter.UsePeers(shared)));
        return routers;
    }

    private Delivered probe(ActorRef<DeBruijnRouter.Command> from, String to) {
        TestProbe<Delivered> delivered = testKit.createTestProbe();
        TestProbe<Undeliverable> failed = testKit.createTestProbe();
        from.tell(new DeBruijnRouter.Send(to, new Probe(delivered.getRef()), failed.getRef()));
        Delivered answer = delivered.receiveMessage(WAIT);
        failed.expectNoMessage(Duration.ZERO);
        return answer;
    }

    /** This system's counter values by their labels' values joined with '>'. */
    private Map<String, Double> counters(String name, String... labels) {
        Map<String, Double> values = new HashMap<>();
        for (MetricSnapshot snapshot :
                MemberMetrics.get(testKit.system()).registry().scrape()) {
            if (!snapshot.getMetadata().getName().equals(name)) {
                continue;
            }
            for (DataPointSnapshot point : snapshot.getDataPoints()) {
                List<String> key = new ArrayList<>();
                for (String label : labels) {
                    key.add(point.getLabels().get(label));
                }
                values.put(String.join(">", key), ((CounterSnapshot.CounterDataPointSnapshot) point).getValue());
            }
        }
        return values;
    }

    @Test
    void overlayRoutesFollowTheProductionRouteHopByHopBetweenEveryPair() {
        Map<String, ActorRef<DeBruijnRouter.Command>> routers = startRouters(RoutingMode.OVERLAY, Set.of(), false);
        for (Node from : TOPOLOGY.nodes()) {
            for (Node to : TOPOLOGY.nodes()) {
                Delivered delivered = probe(routers.get(from.label()), to.label());
                assertThat(delivered.envelope().trace())
                        .as("%s -> %s", from.label(), to.label())
                        .isEqualTo(TOPOLOGY.route(from.label(), to.label()).path());
            }
        }
        TestProbe<DeBruijnRouter.View> view = testKit.createTestProbe();
        routers.get("10").tell(new DeBruijnRouter.GetView(view.getRef()));
        DeBruijnRouter.View seen = view.receiveMessage(WAIT);
        assertThat(seen.unavailable()).isEmpty();
        assertThat(seen.memberLabels()).hasSize(TOPOLOGY.size());
    }

    @Test
    void directModeTakesOneHop() {
        Map<String, ActorRef<DeBruijnRouter.Command>> routers = startRouters(RoutingMode.DIRECT, Set.of(), false);
        assertThat(probe(routers.get("root"), "110").envelope().trace()).containsExactly("root", "110");
        assertThat(probe(routers.get("011"), "1").envelope().trace()).containsExactly("011", "1");
    }

    @Test
    void labelsMissingFromThePeerListAreDownAndRoutedAround() {
        Set<String> down = Set.of("0", "01");
        Map<String, ActorRef<DeBruijnRouter.Command>> routers = startRouters(RoutingMode.OVERLAY, down, false);
        Delivered delivered = probe(routers.get("root"), "010");
        assertThat(delivered.envelope().trace())
                .doesNotContainAnyElementsOf(down)
                .isEqualTo(TOPOLOGY.route("root", "010", down).path());

        TestProbe<Delivered> never = testKit.createTestProbe();
        TestProbe<Undeliverable> failed = testKit.createTestProbe();
        routers.get("root").tell(new DeBruijnRouter.Send("01", new Probe(never.getRef()), failed.getRef()));
        assertThat(failed.receiveMessage(WAIT).reason()).contains("no reachable member holds destination label 01");
        never.expectNoMessage(Duration.ofMillis(100));

        // the metrics: one relay per link of the route taken, and the refusal by its reason
        Map<String, Double> relayed = counters("slm_router_envelopes_relayed", "from", "to");
        List<String> path = TOPOLOGY.route("root", "010", down).path();
        Map<String, Double> expected = new HashMap<>();
        for (int i = 0; i + 1 < path.size(); i++) {
            expected.merge(path.get(i) + ">" + path.get(i + 1), 1.0, Double::sum);
        }
        assertThat(relayed).isEqualTo(expected);
        assertThat(counters("slm_router_undeliverable", "reason"))
                .containsExactly(Map.entry("destination_unreachable", 1.0));

        TestProbe<DeBruijnRouter.View> view = testKit.createTestProbe();
        routers.get("1").tell(new DeBruijnRouter.GetView(view.getRef()));
        DeBruijnRouter.View seen = view.receiveMessage(WAIT);
        assertThat(seen.unavailable()).containsExactly("0", "01");
        assertThat(seen.memberLabels())
                .hasSize(TOPOLOGY.size() - 2)
                .startsWith("root")
                .doesNotContain("0", "01");
    }

    @Test
    void workTravelsToTheWorkerAndItsResultComesBackToTheSourcesDispatcher() {
        Map<String, ActorRef<DeBruijnRouter.Command>> routers = startRouters(RoutingMode.OVERLAY, Set.of(), true);
        TestProbe<WorkResult> dispatcher = testKit.createTestProbe();
        routers.get("101").tell(new DeBruijnRouter.AttachDispatcher(dispatcher.getRef()));
        TestProbe<Undeliverable> failed = testKit.createTestProbe();
        GenerationRequest request = GenerationRequest.completion("hello overlay", GenerationParameters.DEFAULTS);
        routers.get("101")
                .tell(new DeBruijnRouter.Send(
                        "010",
                        new WorkRequest("t1", 1, "echo", request, System.currentTimeMillis() + 10_000),
                        failed.getRef()));

        WorkResult.Generated result = (WorkResult.Generated) dispatcher.receiveMessage(WAIT);
        assertThat(result.nodeLabel()).isEqualTo("010");
        assertThat(result.result().text()).isEqualTo("010:hello overlay");
        assertThat(result.requestTrace()).isEqualTo(TOPOLOGY.route("101", "010").path());
        assertThat(result.replyTrace()).isEqualTo(TOPOLOGY.route("010", "101").path());
        failed.expectNoMessage(Duration.ZERO);
    }

    @Test
    void beforeItIsToldItsPeersARouterKnowsOnlyItself() {
        ActorRef<DeBruijnRouter.Command> lonely = testKit.spawn(DeBruijnRouter.createWithFixedPeers(
                NodeSettings.of("1", 2, 3, List.of()).router(), TOPOLOGY, Map.of()));
        TestProbe<Delivered> delivered = testKit.createTestProbe();
        TestProbe<Undeliverable> failed = testKit.createTestProbe();
        lonely.tell(new DeBruijnRouter.Send("1", new Probe(delivered.getRef()), failed.getRef()));
        assertThat(delivered.receiveMessage(WAIT).envelope().trace()).containsExactly("1");
        lonely.tell(new DeBruijnRouter.Send("11", new Probe(delivered.getRef()), failed.getRef()));
        assertThat(failed.receiveMessage(WAIT).reason()).contains("no reachable member holds destination label 11");
    }

    @Test
    void aTopologyOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> DeBruijnRouter.createWithFixedPeers(
                        NodeSettings.of("1", 2, 3, List.of()).router(), Topology.of(2, 4), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("depth 4")
                .hasMessageContaining("depth 3");
    }
}
