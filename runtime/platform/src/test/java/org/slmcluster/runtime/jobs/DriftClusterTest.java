package org.slmcluster.runtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.evaluation.ItemEvaluator;
import org.slmcluster.runtime.evaluation.SmokeSuite;
import org.slmcluster.runtime.generation.GenerationBackend;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.testing.IntegrationTest;

/**
 * Drift on purpose: the model "subject" is first stories260K, then its next version is the random tiny
 * llama (same name, other weights), each run for real on an embedded cluster with llama.cpp. The re-run of
 * the unchanged version raises no alert; the new version raises alerts with their numbers.
 */
@IntegrationTest
class DriftClusterTest {

    static final String SUBJECT = "subject";
    static final String STORIES = "stories260k";
    static final String RANDOM = "llama-2-tiny-random";

    static EmbeddedCluster cluster;

    @TempDir
    Path data;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedCluster.start(
                2,
                1,
                Map.of("0", List.of(STORIES), "1", List.of(RANDOM)),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(
                                SmokeSuite.directory().getParent().getParent().resolve("cluster.conf"))
                        .withSettings(
                                "pekko.cluster.seed-node-timeout = 3s\npekko.cluster.retry-unsuccessful-join-after = 2s\n"
                                        + "slm.models.stories260k.context-size = 1024\n"
                                        + "slm.models.llama-2-tiny-random.context-size = 1024\n"));
        cluster.awaitUp(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    /** A job manager whose "subject" is {@code weights}: its catalogue entry and the model the cluster runs. */
    JobManager manager(Ledgers ledgers, String weights) {
        Map<String, ModelSpec> catalogue = cluster.coordinator().config().catalogue();
        GenerationBackend cluster = DriftClusterTest.cluster.coordinator()::submit;
        GenerationBackend subject = (taskId, model, request, deadline) ->
                cluster.submit(taskId, SUBJECT.equals(model) ? weights : model, request, deadline);
        return new JobManager(
                JobManager.Settings.defaults(data)
                        .withMaxInFlight(4)
                        .withTaskDeadline(Duration.ofSeconds(60))
                        .withTopology(2, 1),
                subject,
                Map.of(SUBJECT, catalogue.get(weights)),
                ledgers,
                new ItemEvaluator(EvaluationOptions.skippingEncoderMetrics()),
                new LexicalRetriever());
    }

    static String run(JobManager manager) throws Exception {
        JobHandle handle = manager.start(new JobSpec(SmokeSuite.directory(), List.of(SUBJECT), List.of(1L)));
        JobProgress done = handle.completion().toCompletableFuture().get(300, TimeUnit.SECONDS);
        assertThat(done.failed()).isZero();
        return handle.id();
    }

    @Test
    void aNewVersionThatAnswersDifferentlyRaisesAlertsAndAnUnchangedRerunNone() throws Exception {
        try (Ledgers ledgers = Ledgers.open(data)) {
            List<JsonNode> posted = new CopyOnWriteArrayList<>();
            String baselineJob;
            try (JobManager stories = manager(ledgers, STORIES)) {
                stories.alerts().listen(posted::add);
                baselineJob = run(stories);
                run(stories);
                assertThat(stories.alerts().list()).as("unchanged re-run").isEmpty();
                List<JsonNode> series = stories.history().series(SUBJECT);
                assertThat(series).hasSize(2);
                assertThat(series.get(0).has("drift"))
                        .as("the baseline itself is compared with nothing")
                        .isFalse();
                JsonNode rerun = series.get(1).path("drift");
                assertThat(rerun.path("baseline_job").asText()).isEqualTo(baselineJob);
                assertThat(rerun.path("comparisons")).isNotEmpty().allSatisfy(c -> {
                    assertThat(c.path("drifted").asBoolean()).isFalse();
                    assertThat(c.path("difference").asDouble()).isZero();
                });
            }
            assertThat(posted).isEmpty();

            try (JobManager random = manager(ledgers, RANDOM)) {
                random.alerts().listen(posted::add);
                String newVersion = run(random);
                List<JsonNode> alerts = random.alerts().list();
                System.out.println("drift alerts: " + alerts);
                assertThat(alerts).isNotEmpty().allSatisfy(alert -> {
                    assertThat(alert.path("model").asText()).isEqualTo(SUBJECT);
                    assertThat(alert.path("job").asText()).isEqualTo(newVersion);
                    assertThat(alert.path("baseline_job").asText()).isEqualTo(baselineJob);
                    assertThat(alert.path("version").asText())
                            .isNotEqualTo(alert.path("baseline_version").asText());
                    assertThat(alert.path("shared").asInt()).isGreaterThanOrEqualTo(2);
                    double difference = alert.path("difference").asDouble();
                    assertThat(Math.abs(difference)).isGreaterThanOrEqualTo(0.01);
                    assertThat(alert.path("run_mean").asDouble()
                                    - alert.path("baseline_mean").asDouble())
                            .isCloseTo(difference, org.assertj.core.data.Offset.offset(1e-9));
                    // the interval lies wholly on the side of the difference
                    assertThat(alert.path("ci_low").asDouble() > 0
                                    || alert.path("ci_high").asDouble() < 0)
                            .isTrue();
                });
                assertThat(posted).hasSameSizeAs(alerts);
            }
        }
    }
}
