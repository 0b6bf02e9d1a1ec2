package org.slmcluster.runtime.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.evaluators.comet.CometModel;
import org.slmcluster.evaluators.comet.SafeTensors;
import org.slmcluster.evaluators.encoder.OnnxEncoder;
import org.slmcluster.runtime.suite.Metric;
import org.slmcluster.runtime.suite.PromptBuilder;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TranslationItem;

/** The {@code comet} suite metric: refused without a COMET model, scored from source, answer and reference. */
class CometMetricTest {

    @TempDir
    Path dir;

    @Test
    void withoutACometModelTheMetricIsRefusedNamingTheSetting() {
        try (EvaluationOptions options = EvaluationOptions.fromConfig(ConfigFactory.empty())) {
            assertThatThrownBy(() -> options.require("translation", Metric.COMET))
                    .isInstanceOf(MetricUnavailableException.class)
                    .hasMessageStartingWith("task translation: metric comet cannot be computed: no COMET model is "
                            + "configured (slm.evaluation.comet");
        }
        Path noHead = dir.resolve("no-head");
        try (EvaluationOptions options = EvaluationOptions.fromConfig(ConfigFactory.parseString(
                "slm.evaluation.comet = \"" + noHead.toString().replace("\\", "/") + "\""))) {
            assertThatThrownBy(() -> options.require("translation", Metric.COMET))
                    .hasMessageContaining("the COMET model in " + noHead + " did not load");
        }
        try (EvaluationOptions skipping = EvaluationOptions.skippingEncoderMetrics()) {
            skipping.require("translation", Metric.COMET);
        }
    }

    @Test
    void aTranslationTaskAskingForCometGetsTheModelsSegmentScore() throws Exception {
        Path model = syntheticModel();
        TaskDefinition smoke = SmokeSuite.load().task("translation").orElseThrow();
        TaskDefinition task = new TaskDefinition(
                smoke.id(),
                smoke.kind(),
                smoke.description(),
                smoke.template(),
                smoke.generation(),
                List.of(Metric.CHRF_PLUS_PLUS, Metric.COMET),
                smoke.items(),
                smoke.datasetHashes(),
                smoke.classes(),
                smoke.entityTypes(),
                smoke.collection(),
                smoke.topK(),
                smoke.judge());
        TranslationItem item = (TranslationItem) task.items().get(0);
        String answer = "Die Bibliothek ist an Wochentagen geöffnet.";

        Evaluation evaluation;
        try (EvaluationOptions options = EvaluationOptions.fromConfig(ConfigFactory.parseString(
                "slm.evaluation.comet = \"" + model.toString().replace("\\", "/") + "\""))) {
            options.require(task.id(), Metric.COMET);
            evaluation =
                    new ItemEvaluator(options).evaluate(task, item, PromptBuilder.build(task, item), List.of(), answer);
        }

        double expected;
        try (CometModel comet = CometModel.loadDirectory(model)) {
            expected = comet.comet()
                    .score(List.of(item.source()), List.of(answer), List.of(item.reference()))
                    .segments()
                    .get(0);
        }
        assertThat(evaluation.scores()).containsKeys(ScoreNames.CHRF_PLUS_PLUS, ScoreNames.COMET);
        assertThat(evaluation.scores().get(ScoreNames.COMET)).isCloseTo(expected, within(1e-12));
        assertThat(evaluation.details()).containsEntry(ItemEvaluator.COMET_MODEL, "synthetic-comet");
    }

    /** The bundled MiniLM as the encoder (one layer) and a random head. */
    private Path syntheticModel() throws Exception {
        Path model = Files.createDirectories(dir.resolve("synthetic-comet"));
        for (String[] file : new String[][] {
            {OnnxEncoder.DEFAULT_MODEL_RESOURCE, "model.onnx"},
            {OnnxEncoder.DEFAULT_TOKENIZER_RESOURCE, "tokenizer.json"}
        }) {
            try (InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(file[0])) {
                assertThat(in).as(file[0]).isNotNull();
                Files.copy(in, model.resolve(file[1]));
            }
        }
        Random random = new Random(9);
        Map<String, SafeTensors.Tensor> head = new LinkedHashMap<>();
        head.put("layerwise_attention.scalar_parameters.0", new SafeTensors.Tensor(new long[] {1}, new float[] {0f}));
        head.put("layerwise_attention.gamma", new SafeTensors.Tensor(new long[] {1}, new float[] {1f}));
        float[] weight = new float[6 * 384];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) random.nextGaussian() / 48f;
        }
        head.put("estimator.ff.0.weight", new SafeTensors.Tensor(new long[] {1, 6 * 384}, weight));
        head.put("estimator.ff.0.bias", new SafeTensors.Tensor(new long[] {1}, new float[] {0.1f}));
        SafeTensors.write(model.resolve(CometModel.ESTIMATOR_FILE), head, Map.of());
        return model;
    }
}
