package org.slmcluster.runtime.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.runtime.server.metrics.MetricsEndpoints;

/**
 * {@code GET /api/v1/prometheus/targets}: every member's {@code /metrics} address in Prometheus' HTTP
 * service-discovery format (a list of target groups), one group per member labelled with its overlay
 * label ({@code node}), Pekko address and member status, from the coordinator's membership view. A member
 * whose Management speaks HTTPS (cluster TLS) has {@code __scheme__: https}, which Prometheus scrapes it with.
 */
final class PrometheusTargets {

    private final ClusterGateway gateway;

    PrometheusTargets(ClusterGateway gateway) {
        this.gateway = gateway;
    }

    CompletionStage<HttpResponse> list(Duration timeout) {
        return MetricsEndpoints.list(gateway.system(), timeout)
                .thenCombine(gateway.status(timeout), (endpoints, status) -> {
                    Map<String, ClusterStatus.Member> byAddress = new HashMap<>();
                    status.members().forEach(m -> byAddress.put(m.address(), m));
                    ArrayNode groups = JsonFields.JSON.createArrayNode();
                    endpoints.forEach((address, target) -> {
                        ClusterStatus.Member member = byAddress.get(address);
                        if (member == null) {
                            return; // registered but no longer (or not yet) a member
                        }
                        ObjectNode group = groups.addObject();
                        group.putArray("targets").add(target.authority());
                        ObjectNode labels = group.putObject("labels");
                        if (target.https()) {
                            labels.put("__scheme__", "https");
                        }
                        labels.put("node", member.label() == null ? "" : member.label());
                        labels.put("member", address);
                        labels.put("status", member.status());
                    });
                    return Responses.json(200, groups);
                });
    }
}
