package org.slmcluster.actors.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slmcluster.actors.FakeEngine;
import org.slmcluster.actors.TestCluster;
import org.slmcluster.actors.node.NodeSettings;
import org.slmcluster.testing.IntegrationTest;
import org.slmcluster.topology.Topology;

/**
 * Five members of the arity-2, depth-2 overlay (labels root, 0, 1, 01, 11; 00 and 10 are not running)
 * in one JVM. The last test crashes member 1 and checks that routes go around it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@IntegrationTest
class OverlayRoutingTest {

    private static final List<String> LABELS = List.of("root", "0", "1", "01", "11");
    private static final Set<String> ABSENT = Set.of("00", "10");
    private static final Topology TOPOLOGY = Topology.of(2, 2);
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster();
        FakeEngine.Counters counters = new FakeEngine.Counters();
        for (String label : LABELS) {
            cluster.start(NodeSettings.of(label, 2, 2, List.of()), model -> new FakeEngine(model, label, counters));
        }
        cluster.awaitUp(new TreeSet<>(LABELS), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ActorRef<DeBruijnRouter.Command> router(String label) {
        return cluster.refs(label).router();
    }

    private static void awaitRouterSees(String label, List<String> memberLabels) {
        TestCluster.await(Duration.ofSeconds(20), "router " + label + " sees " + memberLabels, () -> {
            TestProbe<DeBruijnRouter.View> views = TestProbe.create(cluster.system(label));
            router(label).tell(new DeBruijnRouter.GetView(views.getRef()));
            return views.receiveMessage().memberLabels().equals(memberLabels);
        });
    }

    @Test
    @Order(1)
    void everyMemberIsUpWithItsLabelAndEveryRouterKnowsThem() {
        for (String label : LABELS) {
            assertThat(cluster.upLabels(label)).containsExactlyInAnyOrderElementsOf(LABELS);
            awaitRouterSees(label, List.of("root", "0", "01", "1", "11"));
        }
        TestProbe<DeBruijnRouter.View> views = TestProbe.create(cluster.system("root"));
        router("root").tell(new DeBruijnRouter.GetView(views.getRef()));
        DeBruijnRouter.View view = views.receiveMessage();
        assertThat(view.label()).isEqualTo("root");
        assertThat(view.unavailable()).containsExactly("00", "10");
    }

    @Test
    @Order(2)
    void overlayTraceEqualsTheTopologyRouteForEveryPair() {
        for (String from : LABELS) {
            TestProbe<Delivered> delivered = TestProbe.create(cluster.system(from));
            TestProbe<Undeliverable> failures = TestProbe.create(cluster.system(from));
            for (String to : LABELS) {
                router(from).tell(new DeBruijnRouter.Send(to, new Probe(delivered.getRef()), failures.getRef()));
                Envelope arrived =
                        delivered.receiveMessage(Duration.ofSeconds(5)).envelope();
                List<String> expected = TOPOLOGY.route(from, to, ABSENT).path();
                assertThat(arrived.trace()).as(from + " -> " + to).isEqualTo(expected);
                assertThat(arrived.source()).isEqualTo(from);
                assertThat(arrived.destination()).isEqualTo(to);
                assertThat(arrived.ttl()).isEqualTo(16 - (expected.size() - 1));
            }
            failures.expectNoMessage(Duration.ofMillis(50));
        }
        // a two-hop route, spelled out
        assertThat(TOPOLOGY.route("0", "11", ABSENT).path()).containsExactly("0", "01", "11");
    }

    @Test
    @Order(3)
    void unknownOrAbsentDestinationsComeBackWithTheReason() {
        TestProbe<Delivered> delivered = TestProbe.create(cluster.system("01"));
        TestProbe<Undeliverable> failures = TestProbe.create(cluster.system("01"));
        router("01").tell(new DeBruijnRouter.Send("000", new Probe(delivered.getRef()), failures.getRef()));
        Undeliverable unknown = failures.receiveMessage();
        assertThat(unknown.reason()).contains("unknown destination label '000'");
        assertThat(unknown.atLabel()).isEqualTo("01");

        router("01").tell(new DeBruijnRouter.Send("10", new Probe(delivered.getRef()), failures.getRef()));
        Undeliverable absent = failures.receiveMessage();
        assertThat(absent.reason()).contains("no reachable member holds destination label 10");
        delivered.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    @Order(4)
    void envelopeWhoseTtlRunsOutComesBackFromWhereItStopped() {
        TestProbe<Delivered> delivered = TestProbe.create(cluster.system("root"));
        TestProbe<Undeliverable> failures = TestProbe.create(cluster.system("root"));
        // root -> 1 -> 11 needs two forwards; one is allowed
        router("root")
                .tell(new Envelope(
                        "ttl-test", "root", "11", 1, List.of(), new Probe(delivered.getRef()), failures.getRef()));
        Undeliverable exhausted = failures.receiveMessage(Duration.ofSeconds(5));
        assertThat(exhausted.reason()).contains("TTL exhausted");
        assertThat(exhausted.atLabel()).isEqualTo("1");
        assertThat(exhausted.envelope().trace()).containsExactly("root", "1");
        assertThat(exhausted.envelope().id()).isEqualTo("ttl-test");
        delivered.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    @Order(5)
    void routesGoAroundAMemberThatCrashed() {
        TestProbe<Delivered> delivered = TestProbe.create(cluster.system("root"));
        TestProbe<Undeliverable> failures = TestProbe.create(cluster.system("root"));
        router("root").tell(new DeBruijnRouter.Send("11", new Probe(delivered.getRef()), failures.getRef()));
        assertThat(delivered.receiveMessage().envelope().trace()).containsExactly("root", "1", "11");

        cluster.terminate("1");
        // unreachable first, then removed by the split brain resolver: routes avoid it either way, once the
        // routers on the way know (at 0, 1 and 01 are equally short towards 11: the pair's pick may be 1)
        for (String onTheWay : List.of("root", "0", "01")) {
            awaitRouterSees(onTheWay, List.of("root", "0", "01", "11"));
        }
        Set<String> failed = new TreeSet<>(ABSENT);
        failed.add("1");
        List<String> around = TOPOLOGY.route("root", "11", failed).path();
        assertThat(around).containsExactly("root", "0", "01", "11");
        router("root").tell(new DeBruijnRouter.Send("11", new Probe(delivered.getRef()), failures.getRef()));
        assertThat(delivered.receiveMessage(Duration.ofSeconds(5)).envelope().trace())
                .isEqualTo(around);

        TestCluster.await(Duration.ofSeconds(30), "member 1 removed", () -> cluster.memberCount("root") == 4);
        // probes belong to the sending member's system, as they would on a real device
        TestProbe<Delivered> deliveredAt11 = TestProbe.create(cluster.system("11"));
        TestProbe<Undeliverable> failuresAt11 = TestProbe.create(cluster.system("11"));
        router("11").tell(new DeBruijnRouter.Send("root", new Probe(deliveredAt11.getRef()), failuresAt11.getRef()));
        assertThat(deliveredAt11
                        .receiveMessage(Duration.ofSeconds(5))
                        .envelope()
                        .trace())
                .isEqualTo(TOPOLOGY.route("11", "root", failed).path());
        failures.expectNoMessage(Duration.ofMillis(50));
        failuresAt11.expectNoMessage(Duration.ofMillis(50));
    }
}
