package org.slmcluster.evaluators.comet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The head of a COMET regression metric (unbabel-comet's {@code RegressionMetric}, as in wmt22-comet-da):
 * a layer-wise scalar mix of the encoder's hidden states ({@code gamma * sum(w_k * layer_k)}, {@code w} =
 * softmax or sparsemax of the scalar parameters, optionally layer-normalised per layer), average pooling
 * over the tokens, the feature vector {@code [h; r; h*r; |h-r|; h*s; |h-s|]} of hypothesis, reference and
 * source embeddings, and a feed-forward estimator (Linear, activation, ..., Linear to one output).
 *
 * <p>Its weights are read from a safetensors file with unbabel-comet's own parameter names (see {@link
 * #load}); docs/encoders.md shows the export. Arithmetic is in double. Immutable and thread-safe.
 */
public final class CometEstimator {

    static final String MIX_PREFIX = "layerwise_attention.scalar_parameters.";
    static final String GAMMA = "layerwise_attention.gamma";
    static final String FF_PREFIX = "estimator.ff.";
    private static final Pattern FF_NAME = Pattern.compile("estimator\\.ff\\.(\\d+)\\.(weight|bias)");

    /** An element-wise function of the feed-forward head (torch.nn names, as COMET's hparams give them). */
    public enum Activation {
        TANH,
        RELU,
        SIGMOID,
        IDENTITY;

        static Activation parse(String name, String setting) {
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "tanh" -> TANH;
                case "relu" -> RELU;
                case "sigmoid" -> SIGMOID;
                case "", "none", "null", "identity" -> IDENTITY;
                default ->
                    throw new IllegalArgumentException(
                            setting + " = " + name + " is not supported (Tanh, ReLU, Sigmoid or none)");
            };
        }

        double apply(double x) {
            return switch (this) {
                case TANH -> Math.tanh(x);
                case RELU -> Math.max(0, x);
                case SIGMOID -> 1 / (1 + Math.exp(-x));
                case IDENTITY -> x;
            };
        }
    }

    /** How the scalar parameters become layer weights ({@code layer_transformation} in COMET's hparams). */
    public enum LayerTransformation {
        SOFTMAX,
        SPARSEMAX
    }

    /**
     * One linear layer, {@code y = W x + b}.
     *
     * @param weight [out][in]
     * @param bias [out]
     */
    // numeric data, never compared with equals: arrays, not boxed lists
    @SuppressWarnings("ArrayRecordComponent")
    public record Linear(double[][] weight, double[] bias) {
        public Linear {
            if (weight.length != bias.length || weight.length == 0) {
                throw new IllegalArgumentException("a linear layer needs as many bias values as weight rows: "
                        + weight.length + " vs " + bias.length);
            }
        }

        int in() {
            return weight[0].length;
        }

        double[] apply(double[] x) {
            double[] y = new double[weight.length];
            for (int o = 0; o < weight.length; o++) {
                double sum = bias[o];
                double[] row = weight[o];
                for (int i = 0; i < row.length; i++) {
                    sum += row[i] * x[i];
                }
                y[o] = sum;
            }
            return y;
        }
    }

    private final double[] layerWeights;
    private final double gamma;
    private final boolean layerNorm;
    private final List<Linear> layers;
    private final Activation activation;
    private final Activation finalActivation;

    /**
     * @param scalarParameters the mix's raw parameters, one per encoder layer (embeddings first)
     * @param gamma the mix's scale
     * @param transformation softmax or sparsemax of the parameters
     * @param layerNorm whether each layer is layer-normalised before mixing ({@code layer_norm} in hparams)
     * @param layers the feed-forward layers; the first takes 6 x the hidden size, the last gives one value
     * @param activation after every layer but the last
     * @param finalActivation after the last layer ({@code final_activation}; identity when none)
     */
    public CometEstimator(
            double[] scalarParameters,
            double gamma,
            LayerTransformation transformation,
            boolean layerNorm,
            List<Linear> layers,
            Activation activation,
            Activation finalActivation) {
        if (scalarParameters.length == 0 || layers.isEmpty()) {
            throw new IllegalArgumentException("a COMET head needs mix parameters and at least one linear layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).in() != layers.get(i - 1).weight().length) {
                throw new IllegalArgumentException("feed-forward layer " + i + " takes "
                        + layers.get(i).in() + " inputs but the layer before gives "
                        + layers.get(i - 1).weight().length);
            }
        }
        if (layers.get(layers.size() - 1).weight().length != 1) {
            throw new IllegalArgumentException("the last feed-forward layer must give one score, not "
                    + layers.get(layers.size() - 1).weight().length);
        }
        if (layers.get(0).in() % 6 != 0) {
            throw new IllegalArgumentException(
                    "the first feed-forward layer takes " + layers.get(0).in() + " inputs, not 6 x a hidden size");
        }
        this.layerWeights =
                transformation == LayerTransformation.SOFTMAX ? softmax(scalarParameters) : sparsemax(scalarParameters);
        this.gamma = gamma;
        this.layerNorm = layerNorm;
        this.layers = List.copyOf(layers);
        this.activation = activation;
        this.finalActivation = finalActivation;
    }

    /**
     * Reads a head from a safetensors file holding unbabel-comet's parameters
     * {@code layerwise_attention.scalar_parameters.<k>} (k = 0 .. layers-1), {@code layerwise_attention.gamma}
     * and {@code estimator.ff.<i>.weight} / {@code .bias}, and, in {@code __metadata__}, optionally
     * {@code layer_transformation} (softmax, the default, or sparsemax), {@code layer_norm} (false),
     * {@code activations} (Tanh), {@code final_activation} (none) and {@code pool} (only avg).
     *
     * @throws IOException unreadable, or not such a head (the message names what is missing)
     */
    public static CometEstimator load(Path file) throws IOException {
        SafeTensors tensors = SafeTensors.read(file);
        try {
            return fromTensors(tensors);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static CometEstimator fromTensors(SafeTensors file) {
        Map<String, SafeTensors.Tensor> tensors = file.tensors();
        Map<String, String> meta = file.metadata();
        String pool = meta.getOrDefault("pool", "avg");
        if (!pool.equals("avg")) {
            throw new IllegalArgumentException("pool = " + pool + " is not supported (only avg, as wmt22-comet-da)");
        }
        List<Double> mix = new ArrayList<>();
        while (tensors.containsKey(MIX_PREFIX + mix.size())) {
            mix.add(scalar(tensors.get(MIX_PREFIX + mix.size()), MIX_PREFIX + mix.size()));
        }
        if (mix.isEmpty()) {
            throw new IllegalArgumentException(
                    "no " + MIX_PREFIX + "0: only heads with a layer-wise mix (layer: mix) are supported");
        }
        if (!tensors.containsKey(GAMMA)) {
            throw new IllegalArgumentException("no " + GAMMA);
        }
        TreeMap<Integer, double[][]> weights = new TreeMap<>();
        TreeMap<Integer, double[]> biases = new TreeMap<>();
        for (Map.Entry<String, SafeTensors.Tensor> entry : tensors.entrySet()) {
            Matcher m = FF_NAME.matcher(entry.getKey());
            if (!m.matches()) {
                continue;
            }
            int index = Integer.parseInt(m.group(1));
            SafeTensors.Tensor t = entry.getValue();
            if (m.group(2).equals("weight")) {
                if (t.shape().length != 2) {
                    throw new IllegalArgumentException(entry.getKey() + " is not a matrix");
                }
                weights.put(index, matrix(t));
            } else {
                biases.put(index, toDouble(t.data()));
            }
        }
        if (weights.isEmpty() || !weights.keySet().equals(biases.keySet())) {
            throw new IllegalArgumentException(
                    "the " + FF_PREFIX + "<i>.weight / .bias tensors are missing or unpaired: " + weights.keySet()
                            + " weights, " + biases.keySet() + " biases");
        }
        List<Linear> layers = new ArrayList<>();
        weights.forEach((index, w) -> layers.add(new Linear(w, biases.get(index))));
        String transformation = meta.getOrDefault("layer_transformation", "softmax");
        return new CometEstimator(
                mix.stream().mapToDouble(Double::doubleValue).toArray(),
                scalar(tensors.get(GAMMA), GAMMA),
                switch (transformation) {
                    case "softmax" -> LayerTransformation.SOFTMAX;
                    case "sparsemax" -> LayerTransformation.SPARSEMAX;
                    default ->
                        throw new IllegalArgumentException(
                                "layer_transformation = " + transformation + " (softmax or sparsemax)");
                },
                Boolean.parseBoolean(meta.getOrDefault("layer_norm", "false")),
                layers,
                Activation.parse(meta.getOrDefault("activations", "Tanh"), "activations"),
                Activation.parse(meta.getOrDefault("final_activation", "none"), "final_activation"));
    }

    private static double scalar(SafeTensors.Tensor tensor, String name) {
        if (tensor.data().length != 1) {
            throw new IllegalArgumentException(name + " is not a single value");
        }
        return tensor.data()[0];
    }

    private static double[][] matrix(SafeTensors.Tensor t) {
        int rows = (int) t.shape()[0];
        int cols = (int) t.shape()[1];
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = t.data()[r * cols + c];
            }
        }
        return out;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** How many encoder layers the mix takes (hidden states, embeddings output first). */
    public int layerCount() {
        return layerWeights.length;
    }

    /** The hidden size the head expects (its first layer takes six times that). */
    public int hiddenSize() {
        return layers.get(0).in() / 6;
    }

    /** The normalised layer weights (softmax or sparsemax of the scalar parameters), before gamma. */
    public double[] layerWeights() {
        return layerWeights.clone();
    }

    /**
     * The pooled sentence embedding of one text: the mix of its hidden states, averaged over its tokens
     * (every token the attention mask covers, special tokens included, as COMET's {@code average_pooling}).
     *
     * @param hiddenStates [layer][token][hidden] of one unpadded text
     */
    public double[] sentenceEmbedding(float[][][] hiddenStates) {
        if (hiddenStates.length != layerWeights.length) {
            throw new IllegalArgumentException(
                    "the head mixes " + layerWeights.length + " layers but the encoder gave " + hiddenStates.length);
        }
        int tokens = hiddenStates[0].length;
        int dim = tokens == 0 ? 0 : hiddenStates[0][0].length;
        if (dim != hiddenSize()) {
            throw new IllegalArgumentException(
                    "the head expects hidden size " + hiddenSize() + " but the encoder gave " + dim);
        }
        double[] pooled = new double[dim];
        for (int k = 0; k < hiddenStates.length; k++) {
            double shift = 0;
            double scale = 1;
            if (layerNorm) {
                double[] stats = meanAndStd(hiddenStates[k]);
                shift = stats[0];
                scale = 1 / stats[1];
            }
            double weight = gamma * layerWeights[k];
            for (float[] token : hiddenStates[k]) {
                for (int j = 0; j < dim; j++) {
                    pooled[j] += weight * (token[j] - shift) * scale;
                }
            }
        }
        for (int j = 0; j < dim; j++) {
            pooled[j] /= tokens;
        }
        return pooled;
    }

    /** COMET's masked layer norm over all tokens and dimensions of one text: mean and sqrt(var + 1e-12). */
    private static double[] meanAndStd(float[][] layer) {
        double sum = 0;
        long n = 0;
        for (float[] token : layer) {
            for (float v : token) {
                sum += v;
                n++;
            }
        }
        double mean = sum / n;
        double squares = 0;
        for (float[] token : layer) {
            for (float v : token) {
                squares += (v - mean) * (v - mean);
            }
        }
        return new double[] {mean, Math.sqrt(squares / n + 1e-12)};
    }

    /** The estimator's input: {@code [h; r; h*r; |h-r|; h*s; |h-s|]}. */
    public static double[] features(double[] hypothesis, double[] reference, double[] source) {
        int d = hypothesis.length;
        double[] out = new double[6 * d];
        for (int j = 0; j < d; j++) {
            double h = hypothesis[j];
            out[j] = h;
            out[d + j] = reference[j];
            out[2 * d + j] = h * reference[j];
            out[3 * d + j] = Math.abs(h - reference[j]);
            out[4 * d + j] = h * source[j];
            out[5 * d + j] = Math.abs(h - source[j]);
        }
        return out;
    }

    /** The feed-forward head on a feature vector. */
    public double estimate(double[] features) {
        double[] x = features;
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).apply(x);
            Activation after = i < layers.size() - 1 ? activation : finalActivation;
            for (int j = 0; j < x.length; j++) {
                x[j] = after.apply(x[j]);
            }
        }
        return x[0];
    }

    /** The segment score from the hidden states of hypothesis, reference and source. */
    public double score(float[][][] hypothesis, float[][][] reference, float[][][] source) {
        return estimate(
                features(sentenceEmbedding(hypothesis), sentenceEmbedding(reference), sentenceEmbedding(source)));
    }

    static double[] softmax(double[] z) {
        double max = Arrays.stream(z).max().orElse(0);
        double[] out = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            out[i] = Math.exp(z[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < z.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    /** Sparsemax (Martins and Astudillo, 2016), as the {@code entmax} package COMET uses computes it. */
    static double[] sparsemax(double[] z) {
        double[] sorted = z.clone();
        Arrays.sort(sorted);
        double cumulative = 0;
        double tau = 0;
        for (int k = 1; k <= sorted.length; k++) {
            double value = sorted[sorted.length - k];
            cumulative += value;
            if (1 + k * value > cumulative) {
                tau = (cumulative - 1) / k;
            }
        }
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = Math.max(0, z[i] - tau);
        }
        return out;
    }
}
