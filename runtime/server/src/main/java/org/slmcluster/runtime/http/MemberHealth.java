package org.slmcluster.runtime.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLContext;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.runtime.server.metrics.MetricsEndpoints;

/**
 * {@code GET /api/v1/hosts}: each member's host readings (CPU use, 1-minute load, memory, hottest thermal
 * zone, firmware throttling) for the dashboard, read by scraping the member's own {@code /metrics} (the
 * targets {@link PrometheusTargets} lists), so a browser needs to reach the API only. The caller's
 * {@code Authorization} header is passed on, since members guard {@code /metrics} with the same tokens. A
 * member that does not answer is listed with its error instead of readings. Members whose Management speaks
 * HTTPS (cluster TLS) are scraped over HTTPS with the coordinator's TLS context, which trusts the cluster CA.
 */
final class MemberHealth {

    private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(3);

    private final ClusterGateway gateway;
    private final HttpClient http;

    MemberHealth(ClusterGateway gateway, Optional<SSLContext> tls) {
        this.gateway = gateway;
        HttpClient.Builder client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(SCRAPE_TIMEOUT);
        tls.ifPresent(client::sslContext);
        this.http = client.build();
    }

    CompletionStage<HttpResponse> list(Duration timeout, Optional<String> authorization) {
        return MetricsEndpoints.list(gateway.system(), timeout)
                .thenCombine(gateway.status(timeout), (endpoints, status) -> {
                    Map<String, ClusterStatus.Member> byAddress = new HashMap<>();
                    status.members().forEach(m -> byAddress.put(m.address(), m));
                    List<CompletableFuture<ObjectNode>> reads = new ArrayList<>();
                    endpoints.forEach((address, target) -> {
                        ClusterStatus.Member member = byAddress.get(address);
                        if (member != null) {
                            reads.add(read(member, target, authorization));
                        }
                    });
                    return reads;
                })
                .thenCompose(reads -> CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                        .thenApply(ignored -> {
                            ObjectNode body = JsonFields.JSON.createObjectNode();
                            ArrayNode hosts = body.putArray("hosts");
                            reads.forEach(read -> hosts.add(read.join()));
                            return Responses.json(200, body);
                        }));
    }

    private CompletableFuture<ObjectNode> read(
            ClusterStatus.Member member, MetricsEndpoints.Target target, Optional<String> authorization) {
        ObjectNode json = JsonFields.JSON.createObjectNode();
        json.put("label", member.label() == null ? "" : member.label());
        json.put("member", member.address());
        json.put("target", target.authority());
        json.put("scheme", target.scheme());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.metricsUrl()))
                .timeout(SCRAPE_TIMEOUT)
                .GET();
        authorization.ifPresent(value -> request.header("Authorization", value));
        return http.sendAsync(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null) {
                        json.put("error", "no answer from " + target.metricsUrl() + ": " + error.getMessage());
                    } else if (response.statusCode() != 200) {
                        json.put("error", target.metricsUrl() + " answered HTTP " + response.statusCode());
                    } else {
                        HostReadings.of(response.body()).writeTo(json);
                    }
                    return json;
                });
    }
}
