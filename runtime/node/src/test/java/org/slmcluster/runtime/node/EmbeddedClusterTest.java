package org.slmcluster.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.runtime.engines.Engines;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.testing.FastClusterSettings;
import org.slmcluster.testing.IntegrationTest;
import org.slmcluster.testing.RepoFiles;

/** A real 7-member cluster (arity 2, depth 2), every member its own ActorSystem in this JVM. */
@IntegrationTest
class EmbeddedClusterTest {

    static EmbeddedCluster cluster;
    static long formationMillis;

    @BeforeAll
    static void startCluster() {
        long started = System.nanoTime();
        cluster = EmbeddedCluster.start(
                2,
                2,
                Map.of("11", List.of("stories260k")),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(RepoFiles.clusterConf())
                        .withSettings(FastClusterSettings.hocon(FastClusterSettings.JOINING)));
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
        assertThat(cluster.members())
                .extracting(NodeRuntime::label)
                .containsExactly("root", "0", "1", "00", "01", "10", "11");
        List<Member> members = new ArrayList<>();
        Cluster.get(cluster.coordinator().system()).state().getMembers().forEach(members::add);
        assertThat(members).hasSize(7).allSatisfy(m -> assertThat(m.status()).isEqualTo(MemberStatus.up()));
        for (NodeRuntime node : cluster.members()) {
            var seen = members.stream()
                    .filter(m -> m.address().equals(node.address()))
                    .findFirst()
                    .orElseThrow();
            assertThat(seen.getRoles()).contains("label-" + node.label());
        }
        assertThat(cluster.member("11").config().models()).containsExactly("stories260k");
        assertThat(cluster.coordinator().config().roles()).containsExactly("coordinator");
    }

    @Test
    void theCoordinatorListsEveryMemberByLabelAndTheHostedModel() throws Exception {
        ClusterStatus status =
                cluster.status(Duration.ofSeconds(20)).toCompletableFuture().get(30, TimeUnit.SECONDS);

        // Label order: root, then lexicographic.
        assertThat(status.members())
                .extracting(ClusterStatus.Member::label)
                .containsExactly("root", "0", "00", "01", "1", "10", "11");
        assertThat(status.members()).allSatisfy(m -> {
            assertThat(m.status()).isEqualTo("Up");
            assertThat(m.reachable()).isTrue();
        });
        assertThat(status.members())
                .filteredOn(m -> !m.models().isEmpty())
                .extracting(m -> m.label() + "=" + m.models())
                .containsExactly("11=[stories260k]");
    }

    @Test
    void stories260kGeneratesOnAWorkerTwoHopsFromTheRoot() throws Exception {
        GenerationRequest request =
                GenerationRequest.completion("Once upon a time", GenerationParameters.DEFAULTS.withMaxTokens(40));

        long begun = System.nanoTime();
        TaskResult result =
                cluster.submit("stories260k", request).toCompletableFuture().get(120, TimeUnit.SECONDS);
        System.out.println(
                "first task through the overlay took " + (System.nanoTime() - begun) / 1_000_000 + " ms: " + result);

        assertThat(result).isInstanceOf(TaskResult.Completed.class);
        TaskResult.Completed done = (TaskResult.Completed) result;
        assertThat(done.nodeLabel()).isEqualTo("11");
        assertThat(done.requestTrace())
                .containsExactly("root", "1", "11")
                .isEqualTo(cluster.topology().route("root", "11").path());
        assertThat(done.hops()).isEqualTo(2);
        assertThat(done.replyTrace()).containsExactly("11", "1", "root");
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.result().outputTokens()).isPositive();

        // The same greedy request on a local engine yields the same text: the cluster ran the real model.
        ModelSpec spec = cluster.member("11").config().hostedModels().get(0);
        try (InferenceEngine local = Engines.create(spec)) {
            local.load();
            assertThat(done.result().text()).isEqualTo(local.generate(request).text());
        }
        assertThat(done.result().text()).containsPattern("[A-Za-z]+ [A-Za-z]+");
    }
}
