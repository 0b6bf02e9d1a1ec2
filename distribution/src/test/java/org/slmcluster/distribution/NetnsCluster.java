package org.slmcluster.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.slmcluster.testing.RepoFiles;

/**
 * The seven-member cluster of {@code nodes/netns-cluster.sh} (one network namespace per member, started from
 * the unpacked archive) as a test drives it: the harness's commands, the coordinator's HTTP API across the
 * bridge, the members' pids and logs. {@link #close()} tears down whatever {@link #up} created.
 */
final class NetnsCluster implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path script;
    private final Map<String, String> env = new HashMap<>();
    private final String subnet;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private boolean up;

    private NetnsCluster(Path dir, String prefix, String subnet) {
        this.dir = dir;
        this.subnet = subnet;
        this.script = RepoFiles.root().resolve("nodes/netns-cluster.sh");
        this.token = UUID.randomUUID().toString();
        env.put("SLM_NETNS_PREFIX", prefix);
        env.put("SLM_NETNS_SUBNET", subnet);
        env.put("SLM_NETNS_STATE", state().toString());
        env.put("SLM_TOKEN", token);
        env.put("SLM_MODEL_PATH", DistributionTest.modelPath().toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
    }

    /**
     * Unpacks the archive into {@code dir} and brings the seven members up with {@code javaOptions} (system
     * properties such as failure detection settings included). Skips (with the reason) only where the kernel or
     * sandbox refuses network namespaces.
     */
    static NetnsCluster up(Path dir, String javaOptions) throws IOException, InterruptedException {
        // NetnsClusterTest uses 200-249 in the second octet, NetnsModelLifecycleTest 100-149
        return up(dir, javaOptions, "p", 150);
    }

    /**
     * As {@link #up(Path, String)}, with namespaces named {@code PREFIX<pid>} on the subnet
     * {@code 10.<secondOctetBase + pid % 50>.<pid / 50 % 250>}: a prefix and subnet of this test's own.
     */
    static NetnsCluster up(Path dir, String javaOptions, String prefix, int secondOctetBase)
            throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        NetnsCluster cluster = new NetnsCluster(
                dir, prefix + pid % 1_000_000, "10." + (secondOctetBase + pid % 50) + "." + (pid / 50 % 250));
        cluster.probeNamespaces();
        UnpackedDistribution slm = UnpackedDistribution.unpack(dir);
        cluster.env.put("SLM_DIST", slm.home().toString());
        cluster.env.put("SLM_JAVA_OPTS", javaOptions);
        cluster.up = true; // from here on, close() tears down whatever 'up' created
        try {
            cluster.harness(Duration.ofMinutes(6), "up");
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            // the caller never gets the cluster to close: tear down the namespaces and members here
            try {
                cluster.close();
            } catch (IOException | RuntimeException | AssertionError teardown) {
                e.addSuppressed(teardown);
            }
            throw e;
        }
        return cluster;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (up) {
            up = false;
            harness(Duration.ofMinutes(2), "down");
        }
    }

    /** The first three octets of the private /24: the bridge is .1, the members .10 (root) to .16. */
    String subnet() {
        return subnet;
    }

    /** The harness's logs, pids and the members' data directories ({@code data-LABEL}). */
    Path state() {
        return dir.resolve("state");
    }

    /** The pid of the member's launcher (its process group), if it runs. */
    Optional<ProcessHandle> process(String label) throws IOException {
        Path pidFile = state().resolve(label + ".pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                .filter(ProcessHandle::isAlive);
    }

    String log(String label) throws IOException {
        return Files.readString(state().resolve(label + ".log"));
    }

    /** Runs {@code nodes/netns-cluster.sh ARGS}; its output goes to the test's output, a failure shows the logs. */
    void harness(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        System.out.print(output);
        if (!finished) {
            process.destroyForcibly();
            throw new AssertionError("netns-cluster.sh " + String.join(" ", args) + " did not finish in " + timeout);
        }
        assertThat(process.exitValue())
                .as("netns-cluster.sh " + String.join(" ", args) + ":\n" + output + logs())
                .isZero();
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(api(path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(20))
                .GET()
                .build();
        return parse(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(api(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return parse(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static JsonNode parse(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
        return JSON.readTree(response.body());
    }

    private URI api(String path) {
        return URI.create("http://" + subnet + ".10:8080" + path);
    }

    /** The last lines of every member's log, for a failure's message. */
    String logs() {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(state())) {
            for (Path log :
                    files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                out.append("\n--- ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 15), lines.size())
                        .forEach(line -> out.append(line).append('\n'));
            }
        } catch (IOException e) {
            out.append("(no logs: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    private void probeNamespaces() throws IOException, InterruptedException {
        String probe = env.get("SLM_NETNS_PREFIX") + "-probe";
        Process add = new ProcessBuilder("ip", "netns", "add", probe)
                .redirectErrorStream(true)
                .start();
        String output = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        add.waitFor();
        Assumptions.assumeTrue(
                add.exitValue() == 0,
                "network namespaces are refused here ('ip netns add' said: " + output.strip()
                        + "); the multi-host tests need root and a kernel that allows them");
        new ProcessBuilder("ip", "netns", "del", probe).start().waitFor();
    }
}
