package org.slmcluster.evaluators.comet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CometEstimatorTest {

    private static final int LAYERS = 4;
    private static final int HIDDEN = 8;

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "sparsemax"})
    void headAndMixMatchAPlainComputation(String transformation, @TempDir Path dir) throws IOException {
        Map<String, SafeTensors.Tensor> tensors = CometHeads.random(7, LAYERS, HIDDEN, 12, 5);
        Path file = CometHeads.write(
                dir.resolve("head.safetensors"), tensors, Map.of("layer_transformation", transformation));
        CometEstimator estimator = CometEstimator.load(file);
        Random random = new Random(11);
        float[][][] hyp = states(random, 5);
        float[][][] ref = states(random, 3);
        float[][][] src = states(random, 7);

        double expected = independentScore(tensors, transformation, false, hyp, ref, src);

        assertThat(estimator.layerCount()).isEqualTo(LAYERS);
        assertThat(estimator.hiddenSize()).isEqualTo(HIDDEN);
        assertThat(estimator.score(hyp, ref, src)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void layerNormalisedMixMatchesAPlainComputation(@TempDir Path dir) throws IOException {
        Map<String, SafeTensors.Tensor> tensors = CometHeads.random(3, LAYERS, HIDDEN, 6);
        Path file = CometHeads.write(dir.resolve("head.safetensors"), tensors, Map.of("layer_norm", "true"));
        Random random = new Random(5);
        float[][][] hyp = states(random, 4);
        float[][][] ref = states(random, 6);
        float[][][] src = states(random, 2);

        assertThat(CometEstimator.load(file).score(hyp, ref, src))
                .isCloseTo(independentScore(tensors, "softmax", true, hyp, ref, src), within(1e-9));
    }

    @Test
    void sparsemaxGivesKnownWeights() {
        // z = (1, 0.5, -2): the support is {1, 0.5}, tau = (1.5 - 1) / 2 = 0.25
        assertThat(CometEstimator.sparsemax(new double[] {1, 0.5, -2}))
                .containsExactly(new double[] {0.75, 0.25, 0}, within(1e-12));
        assertThat(CometEstimator.sparsemax(new double[] {0, 0, 0}))
                .containsExactly(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, within(1e-12));
        assertThat(CometEstimator.sparsemax(new double[] {3, 0})).containsExactly(new double[] {1, 0}, within(1e-12));
    }

    @Test
    void aHeadWithoutItsMixOrWithUnpairedLayersIsRefusedByName(@TempDir Path dir) throws IOException {
        Map<String, SafeTensors.Tensor> noMix = new LinkedHashMap<>(CometHeads.random(1, 2, HIDDEN, 4));
        noMix.remove(CometEstimator.MIX_PREFIX + "0");
        noMix.remove(CometEstimator.MIX_PREFIX + "1");
        Path a = CometHeads.write(dir.resolve("a.safetensors"), noMix, Map.of());
        assertThatThrownBy(() -> CometEstimator.load(a))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("layerwise_attention.scalar_parameters.0");

        Map<String, SafeTensors.Tensor> unpaired = new LinkedHashMap<>(CometHeads.random(1, 2, HIDDEN, 4));
        unpaired.remove(CometEstimator.FF_PREFIX + "3.bias");
        Path b = CometHeads.write(dir.resolve("b.safetensors"), unpaired, Map.of());
        assertThatThrownBy(() -> CometEstimator.load(b)).hasMessageContaining("unpaired");

        Path c = CometHeads.write(
                dir.resolve("c.safetensors"), CometHeads.random(1, 2, HIDDEN, 4), Map.of("activations", "Mish"));
        assertThatThrownBy(() -> CometEstimator.load(c)).hasMessageContaining("activations = Mish");
    }

    @Test
    void stateCountOrSizeThatDoesNotFitTheHeadIsRefused(@TempDir Path dir) throws IOException {
        CometEstimator estimator = CometEstimator.load(
                CometHeads.write(dir.resolve("h.safetensors"), CometHeads.random(1, LAYERS, HIDDEN, 4), Map.of()));
        Random random = new Random(1);
        float[][][] twoLayers = {states(random, 3)[0], states(random, 3)[1]};
        assertThatThrownBy(() -> estimator.sentenceEmbedding(twoLayers))
                .hasMessageContaining("mixes 4 layers but the encoder gave 2");
    }

    @Test
    void notASafetensorsFileIsRefusedWithTheReason(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.safetensors"), "hello, I am not a tensor file");
        assertThatThrownBy(() -> SafeTensors.read(junk))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a usable safetensors file");
    }

    /** Independent: per-layer weights, mixing, pooling, features and the head, written out as plain loops. */
    private static double independentScore(
            Map<String, SafeTensors.Tensor> t,
            String transformation,
            boolean layerNorm,
            float[][][] hyp,
            float[][][] ref,
            float[][][] src) {
        double[] z = new double[LAYERS];
        for (int k = 0; k < LAYERS; k++) {
            z[k] = t.get("layerwise_attention.scalar_parameters." + k).data()[0];
        }
        double[] w = new double[LAYERS];
        if (transformation.equals("softmax")) {
            double total = 0;
            for (int k = 0; k < LAYERS; k++) {
                total += Math.exp(z[k]);
            }
            for (int k = 0; k < LAYERS; k++) {
                w[k] = Math.exp(z[k]) / total;
            }
        } else {
            // sparsemax by its definition: the tau with sum(max(z - tau, 0)) = 1, found by bisection
            double lo = -10;
            double hi = 10;
            for (int iteration = 0; iteration < 200; iteration++) {
                double tau = (lo + hi) / 2;
                double sum = 0;
                for (double v : z) {
                    sum += Math.max(0, v - tau);
                }
                if (sum > 1) {
                    lo = tau;
                } else {
                    hi = tau;
                }
            }
            for (int k = 0; k < LAYERS; k++) {
                w[k] = Math.max(0, z[k] - lo);
            }
        }
        double gamma = t.get("layerwise_attention.gamma").data()[0];
        double[] h = pool(hyp, w, gamma, layerNorm);
        double[] r = pool(ref, w, gamma, layerNorm);
        double[] s = pool(src, w, gamma, layerNorm);
        double[] x = new double[6 * HIDDEN];
        for (int j = 0; j < HIDDEN; j++) {
            x[j] = h[j];
            x[HIDDEN + j] = r[j];
            x[2 * HIDDEN + j] = h[j] * r[j];
            x[3 * HIDDEN + j] = Math.abs(h[j] - r[j]);
            x[4 * HIDDEN + j] = h[j] * s[j];
            x[5 * HIDDEN + j] = Math.abs(h[j] - s[j]);
        }
        for (int index = 0; t.containsKey("estimator.ff." + index + ".weight"); index += 3) {
            SafeTensors.Tensor weight = t.get("estimator.ff." + index + ".weight");
            float[] bias = t.get("estimator.ff." + index + ".bias").data();
            int out = (int) weight.shape()[0];
            int in = (int) weight.shape()[1];
            double[] y = new double[out];
            for (int o = 0; o < out; o++) {
                y[o] = bias[o];
                for (int i = 0; i < in; i++) {
                    y[o] += weight.data()[o * in + i] * x[i];
                }
            }
            boolean last = !t.containsKey("estimator.ff." + (index + 3) + ".weight");
            if (!last) {
                for (int o = 0; o < out; o++) {
                    y[o] = Math.tanh(y[o]);
                }
            }
            x = y;
        }
        return x[0];
    }

    private static double[] pool(float[][][] layers, double[] w, double gamma, boolean layerNorm) {
        int tokens = layers[0].length;
        double[] pooled = new double[HIDDEN];
        for (int k = 0; k < LAYERS; k++) {
            double mean = 0;
            double std = 1;
            if (layerNorm) {
                for (float[] token : layers[k]) {
                    for (float v : token) {
                        mean += v;
                    }
                }
                mean /= tokens * HIDDEN;
                double var = 0;
                for (float[] token : layers[k]) {
                    for (float v : token) {
                        var += (v - mean) * (v - mean);
                    }
                }
                std = Math.sqrt(var / (tokens * HIDDEN) + 1e-12);
            }
            for (int tok = 0; tok < tokens; tok++) {
                for (int j = 0; j < HIDDEN; j++) {
                    pooled[j] += gamma * w[k] * (layers[k][tok][j] - mean) / std / tokens;
                }
            }
        }
        return pooled;
    }

    private static float[][][] states(Random random, int tokens) {
        float[][][] out = new float[LAYERS][tokens][HIDDEN];
        for (float[][] layer : out) {
            for (float[] token : layer) {
                for (int j = 0; j < HIDDEN; j++) {
                    token[j] = (float) random.nextGaussian();
                }
            }
        }
        return out;
    }
}
