package org.slmcluster.evaluators.comet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Synthetic COMET heads with random weights, written in unbabel-comet's parameter names. */
final class CometHeads {

    private CometHeads() {}

    /** Random tensors of a head: {@code layers} mix parameters, feed-forward {@code 6*hidden -> sizes... -> 1}. */
    static Map<String, SafeTensors.Tensor> random(long seed, int layers, int hidden, int... sizes) {
        Random random = new Random(seed);
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        for (int k = 0; k < layers; k++) {
            tensors.put(
                    CometEstimator.MIX_PREFIX + k,
                    new SafeTensors.Tensor(new long[] {1}, new float[] {(float) random.nextGaussian()}));
        }
        tensors.put(
                CometEstimator.GAMMA, new SafeTensors.Tensor(new long[] {1}, new float[] {0.5f + random.nextFloat()}));
        int in = 6 * hidden;
        int index = 0;
        int[] outs = new int[sizes.length + 1];
        System.arraycopy(sizes, 0, outs, 0, sizes.length);
        outs[sizes.length] = 1;
        for (int out : outs) {
            float[] weight = new float[out * in];
            for (int i = 0; i < weight.length; i++) {
                weight[i] = (float) (random.nextGaussian() / Math.sqrt(in));
            }
            float[] bias = new float[out];
            for (int i = 0; i < out; i++) {
                bias[i] = (float) (random.nextGaussian() * 0.1);
            }
            tensors.put(
                    CometEstimator.FF_PREFIX + index + ".weight", new SafeTensors.Tensor(new long[] {out, in}, weight));
            tensors.put(CometEstimator.FF_PREFIX + index + ".bias", new SafeTensors.Tensor(new long[] {out}, bias));
            // Linear, Tanh, Dropout: the next Linear is three modules on, as in COMET's FeedForward
            index += 3;
            in = out;
        }
        return tensors;
    }

    static Path write(Path file, Map<String, SafeTensors.Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        SafeTensors.write(file, tensors, metadata);
        return file;
    }
}
