package org.slmcluster.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real 7-member cluster (arity 2, depth 2), every member its own ActorSystem in this JVM. */
class EmbeddedClusterTest {

    static EmbeddedCluster cluster;
    static long formationMillis;

    @BeforeAll
    static void startCluster() {
        long started = System.nanoTime();
        cluster = EmbeddedCluster.start(2, 2, Map.of("11", List.of("stories260k")),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(RepoFiles.clusterConf())
                        .withSettings(FastClusterSettings.hocon()));
        cluster.awaitUp(Duration.ofSeconds(60));
        formationMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("embedded 7-member cluster formed in " + formationMillis + " ms");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            long started = System.nanoTime();
            cluster.stop();
            System.out.println("embedded cluster stopped in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
    }

    @Test
    void everyMemberIsUpWithItsLabelRole() {
        assertThat(cluster.members()).extracting(NodeRuntime::label)
                .containsExactly("root", "0", "1", "00", "01", "10", "11");
        List<Member> members = new ArrayList<>();
        Cluster.get(cluster.coordinator().system()).state().getMembers().forEach(members::add);
        assertThat(members).hasSize(7).allSatisfy(m -> assertThat(m.status()).isEqualTo(MemberStatus.up()));
        for (NodeRuntime node : cluster.members()) {
            var seen = members.stream().filter(m -> m.address().equals(node.address())).findFirst().orElseThrow();
            assertThat(seen.getRoles()).contains("label-" + node.label());
        }
        assertThat(cluster.member("11").config().models()).containsExactly("stories260k");
        assertThat(cluster.coordinator().config().roles()).containsExactly("coordinator");
    }
}
