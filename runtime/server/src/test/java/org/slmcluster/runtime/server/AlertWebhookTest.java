package org.slmcluster.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The alert webhook POSTs each alert as JSON to a real HTTP server on 127.0.0.1. */
class AlertWebhookTest {

    @Test
    void postsTheAlertAsJson() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestMethod() + " " + contentType + " " + body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            JsonNode alert = new ObjectMapper()
                    .readTree("{\"kind\":\"score_drift\",\"model\":\"m\",\"task\":\"qa\",\"difference\":-0.4}");
            new AlertWebhook(
                            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"))
                    .post(alert);
            String request = received.poll(10, TimeUnit.SECONDS);
            assertThat(request).isNotNull().startsWith("POST application/json ");
            assertThat(new ObjectMapper().readTree(request.substring("POST application/json ".length())))
                    .isEqualTo(alert);
        } finally {
            server.stop(0);
        }
    }
}
