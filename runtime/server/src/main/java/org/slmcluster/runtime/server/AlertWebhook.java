package org.slmcluster.runtime.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each alert as JSON to the URL of {@code slm.alerts.webhook-url}, without waiting: a webhook that
 * fails or is slow is logged and never holds up a job.
 */
final class AlertWebhook {

    static final String CONFIG_KEY = "slm.alerts.webhook-url";

    private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);

    private final URI url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AlertWebhook(URI url) {
        this.url = url;
    }

    void post(JsonNode alert) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alert.toString()))
                .build();
        var unused = http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    if (error != null) {
                        log.warn("alert webhook {} failed: {}", url, error.toString());
                    } else if (response.statusCode() >= 300) {
                        log.warn("alert webhook {} answered {}", url, response.statusCode());
                    }
                });
    }
}
