package org.slmcluster.runtime.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;

/**
 * Pekko Management's cluster routes on a member's management port (the coordinator's is 8558):
 * members, leave, down. With a token configured on the cluster, leave and down need it.
 */
public final class ManagementClient {

    public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:8558");

    private final JsonHttp http;

    public ManagementClient(URI url, String token) {
        this.http = new JsonHttp(url, token, Duration.ofSeconds(30));
    }

    public URI url() {
        return http.base();
    }

    /** {@code GET /cluster/members}: {@code selfNode}, {@code leader}, {@code members[]} (node, status, roles), {@code unreachable[]}. */
    public JsonNode members() {
        return http.get("/cluster/members");
    }

    /** {@code PUT /cluster/members/{address}} with {@code operation=Leave}: the member leaves gracefully. */
    public JsonNode leave(String address) {
        return http.put("/cluster/members/" + PlatformClient.segment(address), "operation=Leave");
    }

    /** {@code PUT /cluster/members/{address}} with {@code operation=Down}: marks an unreachable member down. */
    public JsonNode down(String address) {
        return http.put("/cluster/members/" + PlatformClient.segment(address), "operation=Down");
    }
}
