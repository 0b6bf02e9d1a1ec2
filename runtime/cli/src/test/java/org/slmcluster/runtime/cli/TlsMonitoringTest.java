package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
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
 * With cluster TLS ({@code slm certs init}) Management speaks HTTPS: the coordinator's dashboard data
 * ({@code /api/v1/hosts}) scrapes it over HTTPS with the coordinator's TLS context and gets the host readings,
 * and the Prometheus targets say {@code __scheme__: https}. A real member with real certificates.
 */
@IntegrationTest
class TlsMonitoringTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void hostsAreScrapedOverHttpsAndTargetsCarryTheScheme() throws Exception {
        Path certs = dir.resolve("certs");
        assertThat(SlmCli.run("certs", "init", "--dir", certs.toString(), "--members", "coordinator"))
                .isZero();
        int port = FreePorts.pick(1).get(0);
        NodeRuntime coordinator = null;
        NodeEndpoints endpoints = null;
        try {
            NodeConfig config = NodeConfig.load(
                    TestNodes.nodeFile(
                            dir, "coordinator", "root", List.of(), "slm.tls { mode = on, dir = \"" + certs + "\" }\n"),
                    NodeOverrides.NONE
                            .withPort(port)
                            .withSeeds(List.of("127.0.0.1:" + port))
                            .withSettings(ConfigFactory.parseMap(FastClusterSettings.JOINING)));
            coordinator = NodeRuntime.start(config);
            endpoints = NodeEndpoints.serve(coordinator, ApiSettings.defaults().withPort(0), true, 0);
            NodeEndpoints served = endpoints;
            ApiServer api = Eventually.eventually(
                    Duration.ofSeconds(60), () -> served.api().orElseThrow());
            assertThat(api.baseUri().getScheme()).isEqualTo("https");
            HttpClient client =
                    HttpClient.newBuilder().sslContext(trusting(certs)).build();

            JsonNode targets = Eventually.eventually(Duration.ofSeconds(30), () -> {
                JsonNode listed = get(client, api, "/api/v1/prometheus/targets");
                assertThat(listed).hasSize(1);
                return listed;
            });
            assertThat(targets.get(0).path("labels").path("__scheme__").asText())
                    .isEqualTo("https");
            assertThat(targets.get(0).path("labels").path("node").asText()).isEqualTo("root");

            JsonNode host = get(client, api, "/api/v1/hosts").path("hosts").get(0);
            assertThat(host.has("error")).as(host.toString()).isFalse();
            assertThat(host.path("scheme").asText()).isEqualTo("https");
            assertThat(host.path("memory_total_bytes").asLong())
                    .as(host.toString())
                    .isPositive();
        } finally {
            if (endpoints != null) {
                endpoints.close();
            }
            if (coordinator != null) {
                coordinator.stop(Duration.ofSeconds(10));
            }
        }
    }

    private static JsonNode get(HttpClient client, ApiServer api, String path) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(api.baseUri().resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
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
}
