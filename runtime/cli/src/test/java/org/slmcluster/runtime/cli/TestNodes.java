package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.RepoFiles;

/** What the multi-JVM tests of this module share: node files like those in nodes/, and waiting for Up. */
final class TestNodes {

    private TestNodes() {}

    /**
     * Writes {@code dir/name.conf}: the repository's cluster.conf, {@code settings} (the overlay and
     * anything the test needs), the member's name, label, role and models, and free HTTP/management ports.
     */
    static Path nodeFile(Path dir, String name, String label, List<String> models, String settings) throws IOException {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(
                file,
                "include file(\"" + RepoFiles.clusterConf() + "\")\n"
                        + settings
                        + "slm.node { name = " + name + ", label = \"" + label + "\", roles = ["
                        + (label.equals("root") ? "coordinator" : "worker")
                        + "], models = [" + String.join(", ", models) + "] }\n"
                        + "slm.http.port = 0\nslm.management.port = 0\n");
        return file;
    }

    /** The members {@code node} sees now. */
    static List<Member> members(NodeRuntime node) {
        List<Member> members = new ArrayList<>();
        Cluster.get(node.system()).state().getMembers().forEach(members::add);
        return members;
    }

    /** Waits until {@code node} sees exactly {@code expected} members, all Up. */
    static void awaitUpMembers(NodeRuntime node, int expected, Duration timeout) {
        Eventually.eventually(
                timeout,
                () -> assertThat(members(node))
                        .as("cluster members")
                        .hasSize(expected)
                        .allMatch(m -> m.status() == MemberStatus.up()));
    }
}
