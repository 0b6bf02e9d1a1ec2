package org.slmcluster.actors.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.routing.RoutingMode;

class NodeSettingsTest {

    @Test
    void readsNodeConfigAndFallsBackToReferenceDefaults() {
        Config config = ConfigFactory.parseString(String.join(
                "\n",
                "slm.node.label = \"01\"",
                "slm.node.models = [qwen2.5-0.5b-q8, smollm2-360m]",
                "slm.routing.mode = DIRECT",
                "slm.worker.queue-capacity = 4",
                "slm.dispatch.attempt-timeout = 30s"));
        NodeSettings settings = NodeSettings.fromConfig(config);
        assertThat(settings.label()).isEqualTo("01");
        assertThat(settings.hostedModels()).containsExactly("qwen2.5-0.5b-q8", "smollm2-360m");
        assertThat(settings.routingMode()).isEqualTo(RoutingMode.DIRECT);
        assertThat(settings.workerQueueCapacity()).isEqualTo(4);
        assertThat(settings.attemptTimeout()).isEqualTo(Duration.ofSeconds(30));
        // from reference.conf
        assertThat(settings.arity()).isEqualTo(2);
        assertThat(settings.depth()).isEqualTo(2);
        assertThat(settings.workerConcurrency()).isEqualTo(1);
        assertThat(settings.ttl()).isEqualTo(16);
        assertThat(settings.defaultDeadline()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.isCoordinator()).isFalse();
        assertThat(NodeSettings.fromConfig(ConfigFactory.parseString("slm.node.label = root"))
                        .attemptTimeout())
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void addsTheLabelRoleAndKeepsOtherRoles() {
        Config base = ConfigFactory.parseString("pekko.cluster.roles = [gpu, label-1]");
        Config withRole = NodeSettings.of("11", 2, 2, List.of()).withLabelRole(base);
        assertThat(withRole.getStringList("pekko.cluster.roles")).containsExactly("gpu", "label-11");
        assertThat(NodeSettings.of("root", 2, 2, List.of())
                        .withLabelRole(ConfigFactory.empty())
                        .getStringList("pekko.cluster.roles"))
                .containsExactly("label-root");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> NodeSettings.of("2", 2, 2, List.of()))
                .hasMessageContaining("node label '2' is not a node of the arity 2 depth 2 topology");
        assertThatThrownBy(() -> NodeSettings.of("000", 2, 2, List.of())).hasMessageContaining("'000'");
        assertThatThrownBy(() -> NodeSettings.of("0", 11, 2, List.of())).hasMessageContaining("arity");
        assertThatThrownBy(() -> NodeSettings.of("0", 2, 2, List.of()).withWorkerQueueCapacity(0))
                .hasMessageContaining("queue capacity");
        assertThatThrownBy(() -> NodeSettings.fromConfig(
                        ConfigFactory.parseString("slm.routing.mode = ring\nslm.node.label = root")))
                .hasMessageContaining("routing mode must be overlay or direct, got 'ring'");
        assertThatThrownBy(() -> NodeSettings.fromConfig(ConfigFactory.empty()))
                .hasMessageContaining("slm.node.label is not set");
    }
}
