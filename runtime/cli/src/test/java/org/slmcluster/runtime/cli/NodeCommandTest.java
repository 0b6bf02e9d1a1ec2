package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.node.FreePorts;
import org.slmcluster.runtime.node.NodeOverrides;
import org.slmcluster.testing.IntegrationTest;
import org.slmcluster.testing.RepoFiles;

/** {@code slm node start} refusing to start: bad node files and missing or corrupt model files. */
@IntegrationTest
class NodeCommandTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {}

    private static Run slm(String... args) {
        CliRun run = CliRun.of(args);
        return new Run(run.exitCode(), run.out(), run.err());
    }

    @Test
    void aMissingModelFileFailsAtStartUpNamingTheModelAndThePath() throws IOException {
        Path file = nodeFile(
                "ghost-host.conf", "ghost", "slm.models.ghost { engine = llama-cpp, file = \"ghost-model.gguf\" }");

        Run run = slm("node", "start", "--config", file.toString(), "--port", String.valueOf(FreePorts.pick()));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("model 'ghost'")
                .contains("ghost-model.gguf")
                .contains("not found")
                .contains("tried ");
        assertThat(run.err().lines().count()).isEqualTo(1);
        assertThat(run.out()).doesNotContain(NodeProcess.LISTENING);
    }

    @Test
    void aCorruptModelFileStopsTheNodeJvmWithANonZeroExit() throws IOException {
        Path models = RepoFiles.root().resolveSibling("shared").resolve("models");
        Path original =
                Path.of(System.getProperty("slm.model.path", models.toString()).split(":")[0], "stories260K.gguf");
        Path corrupt = dir.resolve("stories260K-corrupt.gguf");
        byte[] bytes = Files.readAllBytes(original);
        Files.write(corrupt, Arrays.copyOf(bytes, bytes.length / 2));
        Path file = nodeFile(
                "corrupt-host.conf",
                "damaged",
                "slm.models.damaged { engine = llama-cpp, file = \"" + corrupt
                        + "\", sha256 = \"270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d\" }");

        try (NodeProcess process = NodeProcess.start(
                "corrupt", file, NodeOverrides.NONE.withPort(FreePorts.pick()), Map.of(), dir.resolve("work"))) {
            assertThat(process.waitFor(Duration.ofSeconds(90))).contains(2);
            assertThat(process.output())
                    .contains("model 'damaged'")
                    .contains(corrupt.toString())
                    .contains("corrupt")
                    .doesNotContain(NodeProcess.LISTENING);
        }
    }

    @Test
    void aBadNodeFileIsRefusedWithExitTwoNamingFileAndKey() throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(
                file, "include file(\"" + RepoFiles.clusterConf() + "\")\nslm.node { name = x, label = \"7\" }\n");

        Run run = slm("node", "start", "--config", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains(file.toString())
                .contains("slm.node.label")
                .contains("'7' is not a node");
    }

    @Test
    void aMissingNodeFileAndAMissingSubcommandAreBadInput() {
        Run missing =
                slm("node", "start", "--config", dir.resolve("absent.conf").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("absent.conf: node config file not found");

        Run bare = slm("node");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("Missing command");
    }

    private Path nodeFile(String name, String model, String modelDefinition) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(
                file,
                "include file(\"" + RepoFiles.clusterConf() + "\")\n"
                        + modelDefinition + "\n"
                        + "slm.node { name = " + name.replace(".conf", "")
                        + ", label = \"00\", roles = [worker], models = [" + model + "] }\n"
                        + "slm.http.port = 0\nslm.management.port = 0\n");
        return file;
    }
}
