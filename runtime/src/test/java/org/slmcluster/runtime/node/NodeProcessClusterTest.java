package org.slmcluster.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members in separate JVMs on 127.0.0.1 with random free ports: the coordinator runs in this JVM (the
 * test talks to its dispatcher), two workers hosting stories260K run as {@code slm node start} processes.
 */
class NodeProcessClusterTest {

    @TempDir
    Path dir;

    @Test
    void workerJvmsJoinAndASigkilledWorkerIsRemoved() throws Exception {
        List<Integer> ports = FreePorts.pick(3);
        String seed = "127.0.0.1:" + ports.get(0);
        List<NodeProcess> processes = new ArrayList<>();
        NodeRuntime coordinator = null;
        try {
            long begun = System.nanoTime();
            coordinator = NodeRuntime.start(NodeConfig.load(nodeFile("coordinator", "root", List.of()),
                    NodeOverrides.NONE.withPort(ports.get(0)).withSeeds(List.of(seed))
                            .withSettings(ConfigFactory.parseMap(FastClusterSettings.PROPERTIES))));
            for (String label : List.of("0", "1")) {
                processes.add(NodeProcess.start("worker-" + label, nodeFile("worker-" + label, label, List.of("stories260k")),
                        NodeOverrides.NONE.withHost("127.0.0.1").withPort(ports.get(1 + Integer.parseInt(label)))
                                .withSeeds(List.of(seed)),
                        FastClusterSettings.PROPERTIES, dir.resolve("work")));
            }
            for (NodeProcess process : processes) {
                process.awaitOutput(NodeProcess.UP, Duration.ofSeconds(90));
            }
            awaitUpMembers(coordinator, 3, Duration.ofSeconds(30));
            System.out.println("coordinator + 2 worker JVMs Up after " + (System.nanoTime() - begun) / 1_000_000 + " ms");
            assertThat(processes.get(0).output()).contains("worker-0 [0] listening on 127.0.0.1:" + ports.get(1))
                    .contains("models: stories260k");

            NodeProcess victim = processes.get(0);
            long killed = System.nanoTime();
            victim.kill();
            assertThat(victim.isAlive()).isFalse();
            awaitUpMembers(coordinator, 2, Duration.ofSeconds(60));
            System.out.println("SIGKILLed worker removed after " + (System.nanoTime() - killed) / 1_000_000 + " ms");
            assertThat(processes.get(1).isAlive()).isTrue();
        } finally {
            for (NodeProcess process : processes) {
                process.close();
            }
            if (coordinator != null) {
                coordinator.stop(Duration.ofSeconds(10));
            }
        }
    }

    private static void awaitUpMembers(NodeRuntime node, int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int up = -1;
        while (System.nanoTime() < deadline) {
            List<Member> members = new ArrayList<>();
            Cluster.get(node.system()).state().getMembers().forEach(members::add);
            up = (int) members.stream().filter(m -> m.status() == MemberStatus.up()).count();
            if (up == expected && members.size() == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + expected + " members Up, saw " + up + " after " + timeout);
    }

    /** A node file like those in nodes/, on a depth-1 overlay (root, 0, 1), including the real cluster.conf. */
    private Path nodeFile(String name, String label, List<String> models) throws IOException {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, "include file(\"" + RepoFiles.clusterConf() + "\")\n"
                + "slm.topology.depth = 1\n"
                + "slm.node { name = " + name + ", label = \"" + label + "\", roles = [" + (models.isEmpty() ? "coordinator" : "worker")
                + "], models = [" + String.join(", ", models) + "] }\n"
                + "slm.http.port = 0\nslm.management.port = 0\n");
        return file;
    }
}
