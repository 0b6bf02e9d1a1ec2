package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.http.ApiServer;
import org.slmcluster.runtime.http.ApiSettings;
import org.slmcluster.runtime.node.FreePorts;
import org.slmcluster.runtime.node.MemberTls;
import org.slmcluster.runtime.node.NodeConfig;
import org.slmcluster.runtime.node.NodeOverrides;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.runtime.server.NodeEndpoints;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.FastClusterSettings;
import org.slmcluster.testing.IntegrationTest;

/**
 * {@code slm certs init} material on a real cluster: a coordinator (this JVM) and a member JVM with
 * certificates of the cluster's CA form a cluster over Artery TLS; a member JVM whose certificate comes from
 * another CA never joins (the coordinator sees no new member; the intruder gives up and exits); a TLS client
 * without a certificate is refused by Artery; the API answers HTTPS to a client trusting the CA, and neither
 * plain HTTP nor a client trusting another CA gets an answer.
 */
@IntegrationTest
class ClusterTlsTest {

    @TempDir
    Path dir;

    @Test
    void onlyMembersWithACertificateOfTheClusterCaJoinAndTheApiSpeaksHttps() throws Exception {
        Path clusterCerts = dir.resolve("certs");
        Path foreignCerts = dir.resolve("foreign");
        assertThat(SlmCli.run("certs", "init", "--dir", clusterCerts.toString(), "--members", "coordinator,worker-0"))
                .isZero();
        assertThat(SlmCli.run("certs", "init", "--dir", foreignCerts.toString(), "--members", "intruder"))
                .isZero();
        assertThat(Files.readString(clusterCerts.resolve("ca.pem"))).contains("BEGIN CERTIFICATE");

        List<Integer> ports = FreePorts.pick(3);
        String seed = "127.0.0.1:" + ports.get(0);
        NodeRuntime coordinator = null;
        NodeEndpoints endpoints = null;
        NodeProcess worker = null;
        NodeProcess intruder = null;
        try {
            NodeConfig coordinatorConfig = NodeConfig.load(
                    nodeFile("coordinator", "root", clusterCerts, ""),
                    NodeOverrides.NONE
                            .withPort(ports.get(0))
                            .withSeeds(List.of(seed))
                            .withSettings(ConfigFactory.parseMap(FastClusterSettings.JOINING)));
            assertThat(coordinatorConfig.tls()).isPresent();
            assertThat(coordinatorConfig.config().getString("pekko.remote.artery.transport"))
                    .isEqualTo("tls-tcp");
            coordinator = NodeRuntime.start(coordinatorConfig);
            endpoints = NodeEndpoints.serve(coordinator, ApiSettings.defaults().withPort(0), true, null);

            worker = NodeProcess.start(
                    "worker-0",
                    nodeFile("worker-0", "0", clusterCerts, ""),
                    NodeOverrides.NONE
                            .withHost("127.0.0.1")
                            .withPort(ports.get(1))
                            .withSeeds(List.of(seed)),
                    FastClusterSettings.JOINING,
                    dir.resolve("work"));
            worker.awaitOutput(NodeProcess.UP, Duration.ofSeconds(120));
            TestNodes.awaitUpMembers(coordinator, 2, Duration.ofSeconds(60));

            // a member whose certificate another CA signed: the handshake fails both ways, it never joins
            intruder = NodeProcess.start(
                    "intruder",
                    nodeFile("intruder", "1", foreignCerts, "slm.cluster.join-timeout = 20s\n"),
                    NodeOverrides.NONE
                            .withHost("127.0.0.1")
                            .withPort(ports.get(2))
                            .withSeeds(List.of(seed)),
                    FastClusterSettings.JOINING,
                    dir.resolve("work"));
            intruder.awaitListening(Duration.ofSeconds(120));
            NodeRuntime root = coordinator;
            long watchUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (intruder.isAlive() && System.nanoTime() < watchUntil) {
                assertThat(TestNodes.members(root))
                        .as("members while the intruder tries")
                        .hasSize(2);
                // sampling the membership while the intruder tries, not waiting for a condition
                Thread.sleep(250);
            }
            assertThat(intruder.waitFor(Duration.ofSeconds(30)))
                    .as("the intruder gives up: " + intruder.output())
                    .contains(CliFailure.FAILED);
            assertThat(intruder.output()).contains("could not join").doesNotContain(NodeProcess.UP);
            assertThat(TestNodes.members(coordinator)).hasSize(2);

            // a TLS client without a certificate: Artery asks for one and ends the connection
            SSLContext trustOnly = trusting(clusterCerts);
            assertThatThrownBy(() -> talkTo(trustOnly, ports.get(0)))
                    .isInstanceOfAny(SSLException.class, EOFException.class, java.net.SocketException.class)
                    .isNotInstanceOf(SocketTimeoutException.class);

            // the API over HTTPS with the cluster's certificate
            NodeEndpoints served = endpoints;
            ApiServer api = Eventually.eventually(
                    Duration.ofSeconds(60), () -> served.api().orElseThrow());
            assertThat(api.baseUri().getScheme()).isEqualTo("https");
            URI nodes = api.baseUri().resolve("/api/v1/nodes");
            HttpResponse<String> answer = HttpClient.newBuilder()
                    .sslContext(trustOnly)
                    .build()
                    .send(HttpRequest.newBuilder(nodes).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"label\":\"0\"");
            // plain HTTP to the HTTPS port, and a client trusting another CA: no answer
            URI plain = URI.create("http://127.0.0.1:" + api.address().getPort() + "/api/v1/nodes");
            assertThatThrownBy(() -> HttpClient.newHttpClient()
                            .send(HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> HttpClient.newBuilder()
                            .sslContext(trusting(foreignCerts))
                            .build()
                            .send(HttpRequest.newBuilder(nodes).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLException.class);
        } finally {
            if (intruder != null) {
                intruder.close();
            }
            if (worker != null) {
                worker.close();
            }
            if (endpoints != null) {
                endpoints.close();
            }
            if (coordinator != null) {
                coordinator.stop(Duration.ofSeconds(10));
            }
        }
    }

    private Path nodeFile(String name, String label, Path certs, String settings) throws IOException {
        return TestNodes.nodeFile(
                dir, name, label, List.of(), "slm.tls { mode = on, dir = \"" + certs + "\" }\n" + settings);
    }

    /** Trusts the CA of {@code certs} and presents no certificate of its own. */
    private static SSLContext trusting(Path certs) throws Exception {
        Path store = certs.resolve(MemberTls.TRUST_STORE);
        KeyStore trusted = MemberTls.load(store, MemberTls.passwordOf(store));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Handshakes with the Artery port and tries to read what it sends. */
    private static void talkTo(SSLContext context, int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.startHandshake();
            socket.getOutputStream().write(new byte[] {'A', 'K', 'K', 'A', 0, 0, 0, 0});
            socket.getOutputStream().flush();
            if (socket.getInputStream().read() < 0) {
                throw new EOFException("connection closed by the member");
            }
        }
    }
}
