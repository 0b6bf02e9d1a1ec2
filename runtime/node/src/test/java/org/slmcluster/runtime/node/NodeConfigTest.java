package org.slmcluster.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.testing.RepoFiles;
import org.slmcluster.topology.Node;
import org.slmcluster.topology.Topology;

class NodeConfigTest {

    static final List<String> NODE_FILES = List.of("coordinator", "pi-01", "pi-02", "pi-03", "pi-04", "pi-05", "pi-06");

    @TempDir
    Path dir;

    @Test
    void theShippedNodeFilesCoverTheDefaultTopologyOnceEachWithDistinctPorts() {
        List<NodeConfig> nodes =
                NODE_FILES.stream().map(n -> NodeConfig.load(RepoFiles.node(n))).toList();

        Topology topology = Topology.of(2, 2);
        assertThat(nodes)
                .extracting(NodeConfig::label)
                .containsExactlyInAnyOrderElementsOf(
                        topology.nodes().stream().map(Node::label).toList());
        assertThat(nodes).extracting(NodeConfig::name).containsExactlyElementsOf(NODE_FILES);
        Set<Integer> ports = new HashSet<>();
        for (NodeConfig node : nodes) {
            assertThat(ports.add(node.port())).as("artery port of " + node).isTrue();
            assertThat(ports.add(node.httpPort())).as("http port of " + node).isTrue();
            assertThat(ports.add(node.managementPort()))
                    .as("management port of " + node)
                    .isTrue();
        }
        NodeConfig coordinator = nodes.get(0);
        assertThat(coordinator.label()).isEqualTo("root");
        assertThat(coordinator.roles()).containsExactly("coordinator");
        assertThat(coordinator.port()).isEqualTo(25520);
        assertThat(coordinator.seeds().get(0)).isEqualTo("127.0.0.1:25520");
    }

    @Test
    void modelsComeFromTheIncludedClusterConfAndSitOnLeavesTwoHopsFromTheRoot() {
        NodeConfig pi03 = NodeConfig.load(RepoFiles.node("pi-03"));

        assertThat(pi03.label()).isEqualTo("00");
        assertThat(pi03.models()).containsExactly("stories260k");
        assertThat(pi03.hostedModels().get(0).file()).isEqualTo("stories260K.gguf");
        assertThat(pi03.hostedModels().get(0).sha256()).startsWith("270cba1b");
        assertThat(pi03.topology().route("root", pi03.label()).hops()).isEqualTo(2);

        List<String> hosting = new ArrayList<>();
        for (String name : NODE_FILES) {
            NodeConfig node = NodeConfig.load(RepoFiles.node(name));
            if (!node.models().isEmpty()) {
                hosting.add(node.label() + "=" + node.models());
            }
        }
        assertThat(hosting)
                .containsExactlyInAnyOrder(
                        "00=[stories260k]", "01=[llama-2-tiny-random]", "10=[llama-2-tiny-random]", "11=[stories260k]");
        List<String> embeddedDefault = EmbeddedCluster.DEFAULT_PLACEMENT.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList();
        assertThat(embeddedDefault).containsExactlyInAnyOrderElementsOf(hosting);
    }

    @Test
    void aMemberOnASeparateHostAdvertisesOneAddressBindsAnotherAndJoinsThroughTheCoordinator() {
        NodeConfig pi03 = NodeConfig.load(
                RepoFiles.node("pi-03"),
                NodeOverrides.NONE
                        .withHost("192.168.1.13")
                        .withSeeds(List.of("192.168.1.10:25520"))
                        .withSettings(ConfigFactory.parseString(
                                "slm.node.bind-host = \"0.0.0.0\"\nslm.cluster.join-timeout = 20s")));

        var config = pi03.config();
        assertThat(pi03.bindHost()).isEqualTo("0.0.0.0");
        assertThat(config.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("192.168.1.13");
        assertThat(config.getString("pekko.remote.artery.bind.hostname")).isEqualTo("0.0.0.0");
        assertThat(config.getStringList("pekko.cluster.seed-nodes")).containsExactly("pekko://slm@192.168.1.10:25520");
        assertThat(config.getDuration("pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes"))
                .isEqualTo(java.time.Duration.ofSeconds(20));
    }

    @Test
    void withoutABindHostTheMemberBindsWhereItIsReachedAndGivesUpJoiningAfterAMinute() {
        NodeConfig pi01 = NodeConfig.load(RepoFiles.node("pi-01"));

        assertThat(pi01.bindHost()).isEqualTo("127.0.0.1");
        assertThat(pi01.config().getString("pekko.remote.artery.bind.hostname")).isEqualTo("127.0.0.1");
        assertThat(pi01.joinTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
    }

    @Test
    void aJoinTimeoutOfZeroIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> NodeConfig.load(
                        RepoFiles.node("pi-01"),
                        NodeOverrides.NONE.withSettings(ConfigFactory.parseString("slm.cluster.join-timeout = 0s"))))
                .isInstanceOf(NodeConfigException.class)
                .hasMessageEndingWith("pi-01.conf: slm.cluster.join-timeout: must be longer than 0 (e.g. 60s)");
    }

    @Test
    void aRestartedFirstSeedTriesToRejoinForTwentySecondsAtMostHalfTheJoinTimeout() {
        assertThat(NodeConfig.load(RepoFiles.node("coordinator")).rejoinTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(20));
        assertThat(NodeConfig.load(
                                RepoFiles.node("coordinator"),
                                NodeOverrides.NONE.withSettings(
                                        ConfigFactory.parseString("slm.cluster.join-timeout = 30s")))
                        .rejoinTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(15));
        assertThatThrownBy(() -> NodeConfig.load(
                        RepoFiles.node("coordinator"),
                        NodeOverrides.NONE.withSettings(ConfigFactory.parseString("slm.cluster.rejoin-timeout = 0s"))))
                .isInstanceOf(NodeConfigException.class)
                .hasMessageEndingWith("coordinator.conf: slm.cluster.rejoin-timeout: must be longer than 0 (e.g. 20s)");
    }

    @Test
    void pekkoSettingsAreDerivedFromTheSlmKeys() {
        NodeConfig pi01 = NodeConfig.load(RepoFiles.node("pi-01"));

        var config = pi01.config();
        assertThat(config.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("127.0.0.1");
        assertThat(config.getInt("pekko.remote.artery.canonical.port")).isEqualTo(25521);
        assertThat(config.getStringList("pekko.cluster.seed-nodes")).first().isEqualTo("pekko://slm@127.0.0.1:25520");
        assertThat(config.getStringList("pekko.cluster.roles")).containsExactly("router");
        assertThat(config.getString("pekko.actor.provider")).isEqualTo("cluster");
        assertThat(config.getString("pekko.remote.artery.transport")).isEqualTo("tcp");
        assertThat(config.getBoolean("pekko.actor.allow-java-serialization")).isFalse();
        assertThat(config.getString("pekko.cluster.downing-provider-class")).contains("SplitBrainResolverProvider");
        assertThat(config.getString("pekko.cluster.split-brain-resolver.active-strategy"))
                .isEqualTo("keep-majority");
    }

    @Test
    void overridesReplaceHostPortsSeedsAndAnySetting() {
        NodeConfig node = NodeConfig.load(
                RepoFiles.node("pi-04"),
                NodeOverrides.NONE
                        .withHost("10.0.0.4")
                        .withPort(31000)
                        .withSeeds(List.of("10.0.0.1:31001"))
                        .withHttpPort(31002)
                        .withManagementPort(31003)
                        .withSettings(ConfigFactory.parseString(
                                "pekko.cluster.failure-detector.heartbeat-interval = 200ms")));

        assertThat(node.host()).isEqualTo("10.0.0.4");
        assertThat(node.port()).isEqualTo(31000);
        assertThat(node.httpPort()).isEqualTo(31002);
        assertThat(node.managementPort()).isEqualTo(31003);
        assertThat(node.config().getStringList("pekko.cluster.seed-nodes"))
                .containsExactly("pekko://slm@10.0.0.1:31001");
        assertThat(node.config().getInt("pekko.remote.artery.canonical.port")).isEqualTo(31000);
        assertThat(node.config()
                        .getDuration("pekko.cluster.failure-detector.heartbeat-interval")
                        .toMillis())
                .isEqualTo(200);
        assertThat(node.label()).isEqualTo("01");
    }

    @Test
    void aLabelOutsideTheTopologyIsRefusedNamingFileAndKey() throws IOException {
        Path file = nodeFile("bad-label.conf", "label = \"02\"");

        assertThatThrownBy(() -> NodeConfig.load(file))
                .isInstanceOf(NodeConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("slm.node.label")
                .hasMessageContaining("'02' is not a node of the arity-2, depth-2 topology");
    }

    @Test
    void anUnknownModelIsRefusedNamingTheKnownOnes() throws IOException {
        Path file = nodeFile("bad-model.conf", "models = [gpt-5]");

        assertThatThrownBy(() -> NodeConfig.load(file))
                .isInstanceOf(NodeConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("slm.node.models")
                .hasMessageContaining("'gpt-5' is not defined under slm.models")
                .hasMessageContaining("stories260k");
    }

    @Test
    void invalidOrClashingPortsAreRefused() throws IOException {
        Path tooHigh = nodeFile("port-high.conf", "port = 70000");
        assertThatThrownBy(() -> NodeConfig.load(tooHigh))
                .hasMessageContaining(tooHigh.toString())
                .hasMessageContaining("slm.node.port: 70000 is not a valid port");

        Path clash = nodeFile("port-clash.conf", "port = 8080");
        assertThatThrownBy(() -> NodeConfig.load(clash))
                .hasMessageContaining("slm.node.port: 8080 is also used by slm.http.port");

        Path notANumber = nodeFile("port-text.conf", "port = twelve");
        assertThatThrownBy(() -> NodeConfig.load(notANumber))
                .isInstanceOf(NodeConfigException.class)
                .hasMessageContaining(notANumber.toString())
                .hasMessageContaining("slm.node.port");
    }

    @Test
    void malformedSeedsAndRoutingModesAreRefused() throws IOException {
        Path seeds = nodeFile("bad-seed.conf", "", "slm.cluster.seeds = [\"coordinator\"]");
        assertThatThrownBy(() -> NodeConfig.load(seeds))
                .hasMessage(seeds + ": slm.cluster.seeds[0]: 'coordinator' is not HOST:PORT");
        assertThatThrownBy(() -> NodeConfig.load(
                        RepoFiles.node("pi-01"), NodeOverrides.NONE.withSeeds(List.of("10.0.0.1:99999"))))
                .hasMessageContaining("pi-01.conf: slm.cluster.seeds[0]: '10.0.0.1:99999' has no valid port");

        Path mode = nodeFile("bad-mode.conf", "", "slm.routing.mode = flood");
        assertThatThrownBy(() -> NodeConfig.load(mode))
                .hasMessageContaining("slm.routing.mode: 'flood' is not one of overlay, direct");
    }

    @Test
    void aMissingFileASyntaxErrorAndAMissingIncludeAreReportedWithTheFile() throws IOException {
        Path missing = dir.resolve("nowhere.conf");
        assertThatThrownBy(() -> NodeConfig.load(missing))
                .isInstanceOf(NodeConfigException.class)
                .hasMessage(missing + ": node config file not found");

        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "slm { node { label = \n");
        assertThatThrownBy(() -> NodeConfig.load(broken))
                .isInstanceOf(NodeConfigException.class)
                .hasMessageContaining(broken.toString());

        Path badInclude = dir.resolve("bad-include.conf");
        Files.writeString(
                badInclude, "include required(\"no-such-cluster.conf\")\nslm.node { name = x, label = root }\n");
        assertThatThrownBy(() -> NodeConfig.load(badInclude))
                .isInstanceOf(NodeConfigException.class)
                .hasMessageContaining(badInclude.toString())
                .hasMessageContaining("no-such-cluster.conf");
    }

    @Test
    void aBrokenModelDefinitionIsRefusedUnderSlmModels() throws IOException {
        Path file = nodeFile("bad-spec.conf", "", "slm.models.stories260k.engine = vllm-magic");

        assertThatThrownBy(() -> NodeConfig.load(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("slm.models")
                .hasMessageContaining("unknown engine 'vllm-magic'");
    }

    /** A node file in the temp dir that includes the real cluster.conf, with extra node keys and lines. */
    private Path nodeFile(String name, String nodeKeys, String... extraLines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(
                file,
                "include file(\"" + RepoFiles.clusterConf() + "\")\n"
                        + "slm.node { name = test, label = \"0\", port = 25599\n" + nodeKeys + "\n}\n"
                        + String.join("\n", extraLines) + "\n");
        return file;
    }
}
