package org.slmcluster.runtime.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.evaluators.bertscore.BertScore;
import org.slmcluster.evaluators.bertscore.BertScoreOptions;
import org.slmcluster.evaluators.encoder.OnnxEncoder;
import org.slmcluster.runtime.suite.Metric;

/** Which metrics the scoring member can compute, and the refusal that names the missing piece. */
class EvaluationOptionsTest {

    @TempDir
    Path dir;

    @Test
    void withoutAnEncoderTheEncoderMetricsAreRefusedAndTheLexicalOnesAreNot() {
        EvaluationOptions none = EvaluationOptions.lexical();
        assertThatThrownBy(() -> none.require("summarization", Metric.BERTSCORE))
                .isInstanceOf(MetricUnavailableException.class)
                .hasMessage("task summarization: metric bertscore cannot be computed: no encoder is configured on "
                        + "this job manager (slm.evaluation.encoder)");
        assertThatThrownBy(() -> none.require("rag", Metric.EMBEDDING_SIMILARITY))
                .hasMessageContaining("metric embedding-similarity cannot be computed");
        assertThatCode(() -> none.require("translation", Metric.CHRF_PLUS_PLUS)).doesNotThrowAnyException();
        assertThat(none.bertScore()).isEmpty();
    }

    @Test
    void skippingIsAnExplicitChoiceThatRefusesNothing() {
        EvaluationOptions skipping = EvaluationOptions.skippingEncoderMetrics();
        assertThatCode(() -> skipping.require("summarization", Metric.BERTSCORE))
                .doesNotThrowAnyException();
        assertThat(skipping.skipsEncoderMetrics()).isTrue();
        assertThat(skipping.bertScore()).isEmpty();
    }

    @Test
    void theSettingChoosesBundledNoneOrADirectory() throws Exception {
        try (EvaluationOptions absent = EvaluationOptions.fromConfig(ConfigFactory.empty());
                EvaluationOptions none =
                        EvaluationOptions.fromConfig(ConfigFactory.parseString("slm.evaluation.encoder = none"))) {
            assertThat(absent.bertScore()).isPresent();
            assertThatThrownBy(() -> none.require("summarization", Metric.BERTSCORE))
                    .hasMessageEndingWith("cannot be computed: slm.evaluation.encoder = none");
        }
        Path empty = Files.createDirectory(dir.resolve("my-encoder"));
        try (EvaluationOptions directory = EvaluationOptions.fromConfig(ConfigFactory.parseString(
                "slm.evaluation.encoder = \"" + empty.toString().replace("\\", "/") + "\""))) {
            assertThatThrownBy(() -> directory.require("summarization", Metric.BERTSCORE))
                    .isInstanceOf(MetricUnavailableException.class)
                    .hasMessageContaining("task summarization: metric bertscore cannot be computed: the encoder in "
                            + empty + " did not load")
                    .hasMessageContaining("has no model.onnx");
        }
    }

    @Test
    void theBundledEncoderLoadsOnceOnRequireAndScoresAsTheCliDoes() {
        try (EvaluationOptions options = EvaluationOptions.withDefaultEncoder();
                OnnxEncoder direct = OnnxEncoder.loadDefault()) {
            options.require("summarization", Metric.BERTSCORE);
            options.require("rag", Metric.EMBEDDING_SIMILARITY);
            List<String> hyps = List.of("The pool closes because repairs cost too much.");
            List<List<String>> refs = List.of(List.of("Millbrook will close its old swimming pool."));
            double viaOptions = options.bertScore()
                    .orElseThrow()
                    .score(hyps, refs)
                    .segments()
                    .get(0)
                    .f1();
            double viaCli = new BertScore(direct, BertScoreOptions.defaults())
                    .score(hyps, refs)
                    .segments()
                    .get(0)
                    .f1();
            assertThat(viaOptions).isEqualTo(viaCli);
        }
    }

    @Test
    void anEncoderDirectoryIsUsedByNameThroughTheSetting() throws Exception {
        // The bundled MiniLM exported into a directory, as a user brings an encoder of their own.
        Path export = Files.createDirectory(dir.resolve("minilm-export"));
        copyResource(OnnxEncoder.DEFAULT_MODEL_RESOURCE, export.resolve("model.onnx"));
        copyResource(OnnxEncoder.DEFAULT_TOKENIZER_RESOURCE, export.resolve("tokenizer.json"));
        String settings = "slm.evaluation.encoders { minilm-export = \""
                + export.toString().replace("\\", "/") + "\" }\nslm.evaluation.encoder = minilm-export\n";
        try (EvaluationOptions options = EvaluationOptions.fromConfig(ConfigFactory.parseString(settings));
                OnnxEncoder bundled = OnnxEncoder.loadDefault()) {
            assertThat(EvaluationOptions.namedEncoders(ConfigFactory.parseString(settings))
                            .get("minilm-export")
                            .path())
                    .isEqualTo(export);
            options.require("summarization", Metric.BERTSCORE);
            List<String> hyps = List.of("A new pool opens next to the school.", "Buses and trains share a ticket.");
            List<List<String>> refs = List.of(List.of(
                    "A new pool is planned next to the secondary school.", "One ticket is valid on buses and trains."));
            var viaDirectory = options.bertScore().orElseThrow().score(hyps, refs);
            var viaBundled = new BertScore(bundled, BertScoreOptions.defaults()).score(hyps, refs);
            assertThat(viaDirectory.segments()).isEqualTo(viaBundled.segments());
            assertThat(options.sentenceEncoder().orElseThrow().embed(hyps.get(0)))
                    .containsExactly(bundled.embed(hyps.get(0)));
        }
        try (EvaluationOptions unknown = EvaluationOptions.fromConfig(
                ConfigFactory.parseString(settings + "slm.evaluation.encoder = no-such-encoder\n"))) {
            assertThatThrownBy(() -> unknown.require("translation", Metric.BERTSCORE))
                    .isInstanceOf(MetricUnavailableException.class)
                    .hasMessageContaining("the encoder in no-such-encoder (not one of [minilm-export]) did not load")
                    .hasMessageContaining("encoder directory not found");
        }
    }

    private static void copyResource(String resource, Path target) throws Exception {
        try (InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the classpath").isNotNull();
            Files.copy(in, target);
        }
    }
}
