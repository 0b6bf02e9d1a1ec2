package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.evaluators.comet.CometModel;
import org.slmcluster.evaluators.comet.CometResult;
import org.slmcluster.evaluators.comet.SafeTensors;
import org.slmcluster.evaluators.encoder.OnnxEncoder;

/**
 * {@code slm score comet} on a synthetic COMET model: the bundled MiniLM exported as the encoder (its one
 * output is the one layer the head mixes) and a random head written by the test.
 */
class CometScoreCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsSegmentAndSystemScoresAsCometScoreDoes() throws Exception {
        Path model = syntheticModel();
        Path src = file("src.txt", "Der Hund schläft.\nEs regnet.\nGuten Morgen!\n");
        Path hyps = file("hyps.txt", "The dog sleeps.\nIt rains.\nGood morning!\n");
        Path refs = file("refs.txt", "The dog is asleep.\nIt is raining.\nGood morning!\n");

        CliRun run = CliRun.of(
                "score",
                "comet",
                "--src",
                src.toString(),
                "--hyps",
                hyps.toString(),
                "--refs",
                refs.toString(),
                "--model",
                model.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        CometResult expected;
        try (CometModel comet = CometModel.loadDirectory(model)) {
            expected = comet.comet()
                    .score(
                            List.of("Der Hund schläft.", "Es regnet.", "Guten Morgen!"),
                            List.of("The dog sleeps.", "It rains.", "Good morning!"),
                            List.of("The dog is asleep.", "It is raining.", "Good morning!"));
        }
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(lines.get(i))
                    .isEqualTo(String.format(
                            java.util.Locale.ROOT,
                            "%s\tSegment %d\tscore: %.4f",
                            hyps,
                            i,
                            expected.segments().get(i)));
        }
        assertThat(lines.get(3))
                .isEqualTo(String.format(java.util.Locale.ROOT, "%s\tscore: %.4f", hyps, expected.system()));

        CliRun json = CliRun.of(
                "score",
                "comet",
                "--src",
                src.toString(),
                "--hyps",
                hyps.toString(),
                "--refs",
                refs.toString(),
                "--model",
                model.toString(),
                "--json");
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertThat(node.get("segments")).hasSize(3);
        assertThat(node.get("score").asDouble()).isCloseTo(expected.system(), within(1e-12));
        assertThat(node.get("model").asText()).isEqualTo("synthetic-comet");
    }

    @Test
    void userMistakesGiveOneLineAndExitTwo() throws Exception {
        Path src = file("src.txt", "a\nb\n");
        Path hyps = file("hyps.txt", "a\n");
        Path refs = file("refs.txt", "a\n");

        CliRun missing = CliRun.of(
                "score",
                "comet",
                "--src",
                hyps.toString(),
                "--hyps",
                hyps.toString(),
                "--refs",
                refs.toString(),
                "--model",
                dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err())
                .contains("--model: encoder directory not found")
                .doesNotContain("Exception");

        CliRun uneven = CliRun.of(
                "score",
                "comet",
                "--src",
                src.toString(),
                "--hyps",
                hyps.toString(),
                "--refs",
                refs.toString(),
                "--model",
                syntheticModel().toString());
        assertThat(uneven.exitCode()).isEqualTo(2);
        assertThat(uneven.err()).contains("must have as many lines: 2, 1 and 1");
    }

    private Path syntheticModel() throws Exception {
        Path model = dir.resolve("synthetic-comet");
        if (Files.isDirectory(model)) {
            return model;
        }
        Files.createDirectories(model);
        copyResource(OnnxEncoder.DEFAULT_MODEL_RESOURCE, model.resolve("model.onnx"));
        copyResource(OnnxEncoder.DEFAULT_TOKENIZER_RESOURCE, model.resolve("tokenizer.json"));
        Random random = new Random(3);
        Map<String, SafeTensors.Tensor> head = new LinkedHashMap<>();
        head.put("layerwise_attention.scalar_parameters.0", new SafeTensors.Tensor(new long[] {1}, new float[] {0.3f}));
        head.put("layerwise_attention.gamma", new SafeTensors.Tensor(new long[] {1}, new float[] {1.2f}));
        int[][] layers = {{0, 6 * 384, 8}, {3, 8, 1}};
        for (int[] layer : layers) {
            float[] weight = new float[layer[1] * layer[2]];
            for (int i = 0; i < weight.length; i++) {
                weight[i] = (float) (random.nextGaussian() / Math.sqrt(layer[1]));
            }
            head.put(
                    "estimator.ff." + layer[0] + ".weight",
                    new SafeTensors.Tensor(new long[] {layer[2], layer[1]}, weight));
            head.put(
                    "estimator.ff." + layer[0] + ".bias",
                    new SafeTensors.Tensor(new long[] {layer[2]}, new float[layer[2]]));
        }
        SafeTensors.write(model.resolve(CometModel.ESTIMATOR_FILE), head, Map.of("activations", "Tanh"));
        return model;
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void copyResource(String resource, Path target) throws Exception {
        try (InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, target);
        }
    }
}
