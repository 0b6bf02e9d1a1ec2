package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.worker.WorkerStatus;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.IntegrationTest;
import org.slmcluster.testing.RepoFiles;

/**
 * A member whose only model is a file llama.cpp cannot load (no GGUF header, no digest to catch it first)
 * tries the stated number of loads, then reports the model as given up: in the cluster status, to tasks
 * (503, not a 500 for every request) and on its management {@code /ready} (503 naming the model), while
 * {@code /alive} still answers 200. Real llama.cpp, real HTTP.
 */
@IntegrationTest
class UnloadableModelTest {

    @TempDir
    Path dir;

    @Test
    void aModelThatCannotLoadIsGivenUpAfterTheStatedAttemptsAndTheMemberIsNotReady() throws Exception {
        Path broken = dir.resolve("broken.gguf");
        Files.writeString(broken, "not a GGUF file: the download was cut off here");
        try (EmbeddedCluster cluster = EmbeddedCluster.start(
                2,
                1,
                Map.of("1", List.of("broken")),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(RepoFiles.clusterConf())
                        .withSettings("pekko.cluster.seed-node-timeout = 3s\n"
                                + "slm.worker.max-load-attempts = 2\n"
                                + "slm.worker.restart-backoff-min = 200ms\n"
                                + "slm.models.broken { engine = llama-cpp, file = \""
                                + broken.toString().replace("\\", "/") + "\", context-size = 256 }\n"))) {
            cluster.awaitUp(Duration.ofSeconds(60));
            WorkerStatus worker =
                    Eventually.eventually(
                            Duration.ofSeconds(60),
                            () -> cluster
                                    .status(Duration.ofSeconds(5))
                                    .toCompletableFuture()
                                    .get(10, TimeUnit.SECONDS)
                                    .workers()
                                    .stream()
                                    .filter(w -> w.model().equals("broken")
                                            && w.state().equals(LocalModelsReadiness.GAVE_UP))
                                    .findFirst()
                                    .orElseThrow(
                                            () -> new AssertionError("worker of model broken has not given up yet")));
            assertThat(worker.nodeLabel()).isEqualTo("1");
            assertThat(worker.lastError()).contains("could not be loaded").contains("gave up after 2 attempts");
            assertThat(worker.failed() + worker.completed()).isZero();

            TaskResult result = cluster.submit(
                            "broken",
                            GenerationRequest.completion("Once", new GenerationParameters(4, 0, 1, 1L, List.of())),
                            Duration.ofSeconds(20))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertThat(result).isInstanceOf(TaskResult.Failed.class);
            assertThat(((TaskResult.Failed) result).kind()).isEqualTo(FailureKind.UNAVAILABLE);
            assertThat(ApiError.of(FailureKind.UNAVAILABLE, "x").status()).isEqualTo(503);

            try (ManagementServer member =
                            ManagementServer.start(cluster.member("1").system(), ApiSettings.defaults(), 0);
                    ManagementServer coordinator =
                            ManagementServer.start(cluster.coordinator().system(), ApiSettings.defaults(), 0)) {
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> ready = get(http, member.baseUri().resolve("/ready"));
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
                assertThat(ready.body())
                        .contains("not ready")
                        .contains("model broken")
                        .contains("gave up");
                assertThat(get(http, member.baseUri().resolve("/alive")).statusCode())
                        .isEqualTo(200);
                // a member without a given-up model is ready as before
                HttpResponse<String> coordinatorReady =
                        get(http, coordinator.baseUri().resolve("/ready"));
                assertThat(coordinatorReady.statusCode())
                        .as(coordinatorReady.body())
                        .isEqualTo(200);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
