package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.node.FreePorts;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.IntegrationTest;
import org.slmcluster.testing.RepoFiles;

/** {@code slm cluster local} in its own JVM: starts every node file's member, prints them, stops on SIGTERM. */
@IntegrationTest
class ClusterLocalCommandTest {

    @TempDir
    Path dir;

    @Test
    void startsEveryMemberOfTheNodeDirectoryAndStopsThemOnSigterm() throws Exception {
        Path nodes = Files.createDirectories(dir.resolve("nodes"));
        List<Integer> ports = FreePorts.pick(3);
        String seed = "127.0.0.1:" + ports.get(0);
        writeNode(nodes, "coordinator", "root", ports.get(0), seed);
        writeNode(nodes, "pi-01", "0", ports.get(1), seed);
        writeNode(nodes, "pi-02", "1", ports.get(2), seed);
        Path log = dir.resolve("cluster.log");

        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-Dde.kherud.llama.tmpdir=" + Files.createDirectories(dir.resolve("llama")),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.slmcluster.runtime.cli.SlmCli",
                        "cluster",
                        "local",
                        "--nodes",
                        nodes.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            awaitOutput(process, log, "cluster Up: 3 members", Duration.ofSeconds(120));
            String output = Files.readString(log);
            assertThat(output)
                    .containsPattern("coordinator +root +pekko://slm@127\\.0\\.0\\.1:" + ports.get(0))
                    .containsPattern("pi-01 +0 +pekko://slm@127\\.0\\.0\\.1:" + ports.get(1))
                    .containsPattern("pi-02 +1 +pekko://slm@127\\.0\\.0\\.1:" + ports.get(2));

            process.destroy(); // SIGTERM, as Ctrl-C
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as(Files.readString(log))
                    .isTrue();
            assertThat(Files.readString(log)).contains("stopping 3 members");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void twoFilesClaimingOneLabelAreRefused() throws IOException {
        Path nodes = Files.createDirectories(dir.resolve("dup"));
        writeNode(nodes, "coordinator", "root", 25620, "127.0.0.1:25620");
        writeNode(nodes, "a", "0", 25621, "127.0.0.1:25620");
        writeNode(nodes, "b", "0", 25622, "127.0.0.1:25620");

        var err = new java.io.ByteArrayOutputStream();
        var original = System.err;
        int code;
        try {
            System.setErr(new java.io.PrintStream(err, true));
            code = org.slmcluster.runtime.cli.SlmCli.run("cluster", "local", "--nodes", nodes.toString());
        } finally {
            System.setErr(original);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("label '0' is claimed by more than one file in " + nodes);
    }

    @Test
    void aMemberThatCannotStartEndsTheLocalClusterWithOneLine() throws IOException {
        Path nodes = Files.createDirectories(dir.resolve("missing-model"));
        List<Integer> ports = FreePorts.pick(2);
        String seed = "127.0.0.1:" + ports.get(0);
        writeNode(nodes, "coordinator", "root", ports.get(0), seed);
        writeNode(nodes, "pi-01", "0", ports.get(1), seed);
        Files.writeString(
                nodes.resolve("pi-01.conf"),
                "slm.models.gone { engine = llama-cpp, file = \"" + dir.resolve("gone.gguf") + "\" }\n"
                        + "slm.node.models = [gone]\n",
                java.nio.file.StandardOpenOption.APPEND);

        CliRun run = CliRun.of("cluster", "local", "--jvm-per-node", "--up-timeout", "90", "--nodes", nodes.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines())
                .singleElement()
                .asString()
                .startsWith("local: member pi-01 [0] did not start: ")
                .contains("gone.gguf");
        assertThat(run.out()).contains("stopping 2 member processes");
    }

    private static void awaitOutput(Process process, Path log, String text, Duration timeout) {
        Eventually.eventually(timeout, () -> {
            String output = Files.exists(log) ? Files.readString(log) : "";
            if (!output.contains(text) && !process.isAlive()) {
                throw new IllegalStateException(
                        "slm cluster local exited with " + process.exitValue() + ":\n" + output);
            }
            assertThat(output).as("output of slm cluster local").contains(text);
        });
    }

    private static void writeNode(Path nodes, String name, String label, int port, String seed) throws IOException {
        Files.writeString(
                nodes.resolve(name + ".conf"),
                "include file(\"" + RepoFiles.clusterConf() + "\")\n"
                        + "slm.topology.depth = 1\n"
                        + "slm.cluster.seeds = [\"" + seed + "\"]\n"
                        + "pekko.cluster.seed-node-timeout = 3s\n"
                        + "slm.node { name = " + name + ", label = \"" + label + "\", port = " + port + " }\n"
                        + "slm.http.port = 0\nslm.management.port = 0\n");
    }
}
