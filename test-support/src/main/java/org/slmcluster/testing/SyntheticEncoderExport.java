package org.slmcluster.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small encoder with random weights written as an ONNX model with every hidden state as an output
 * ({@code hidden_states.0} = embeddings .. {@code hidden_states.L}, plus {@code last_hidden_state}), the shape
 * of export docs/encoders.md asks users for, and the same network computed directly in Java
 * ({@link #hiddenState}) so tests check what the ONNX path gives against an independent computation.
 *
 * <p>Layer 0: {@code E[id] * attention_mask}; layer k: {@code tanh(h(k-1) W_k)}. The protobuf is written by
 * hand (no ONNX library in Java), with the field numbers of onnx.proto.
 */
public final class SyntheticEncoderExport {

    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final int vocabulary;
    private final int dimension;
    private final float[][] embeddings;
    private final List<float[][]> layers;

    private SyntheticEncoderExport(int vocabulary, int dimension, int layerCount, long seed) {
        this.vocabulary = vocabulary;
        this.dimension = dimension;
        Random random = new Random(seed);
        this.embeddings = randomMatrix(random, vocabulary, dimension, 1.0);
        this.layers = new ArrayList<>();
        for (int k = 0; k < layerCount; k++) {
            layers.add(randomMatrix(random, dimension, dimension, 1.0 / Math.sqrt(dimension)));
        }
    }

    /**
     * Writes {@code model.onnx} and {@code config.json} (with {@code num_hidden_layers} and
     * {@code transformers_version}) into {@code directory}; the caller adds a {@code tokenizer.json} whose ids
     * stay below {@code vocabulary}.
     */
    public static SyntheticEncoderExport write(
            Path directory, int vocabulary, int dimension, int layerCount, long seed, String transformersVersion)
            throws IOException {
        SyntheticEncoderExport export = new SyntheticEncoderExport(vocabulary, dimension, layerCount, seed);
        Files.createDirectories(directory);
        Files.write(directory.resolve("model.onnx"), export.model());
        Files.writeString(
                directory.resolve("config.json"),
                "{\"num_hidden_layers\": " + layerCount + ", \"transformers_version\": \"" + transformersVersion
                        + "\"}\n");
        return export;
    }

    /** hidden_states[layer] of one text, [token][dimension], as the model computes it (mask all ones). */
    public float[][] hiddenState(long[] ids, int layer) {
        float[][] h = new float[ids.length][];
        for (int t = 0; t < ids.length; t++) {
            h[t] = embeddings[(int) ids[t]].clone();
        }
        for (int k = 0; k < layer; k++) {
            float[][] w = layers.get(k);
            float[][] next = new float[ids.length][dimension];
            for (int t = 0; t < ids.length; t++) {
                for (int j = 0; j < dimension; j++) {
                    double s = 0;
                    for (int i = 0; i < dimension; i++) {
                        s += (double) h[t][i] * w[i][j];
                    }
                    next[t][j] = (float) Math.tanh(s);
                }
            }
            h = next;
        }
        return h;
    }

    public int layerCount() {
        return layers.size();
    }

    private static float[][] randomMatrix(Random random, int rows, int columns, double scale) {
        float[][] m = new float[rows][columns];
        for (float[] row : m) {
            for (int c = 0; c < columns; c++) {
                row[c] = (float) (random.nextGaussian() * scale);
            }
        }
        return m;
    }

    private byte[] model() {
        Proto graph = new Proto();
        graph.message(1, node("Cast", List.of("attention_mask"), "mask_float", attributeInt("to", FLOAT)));
        graph.message(1, node("Unsqueeze", List.of("mask_float", "last_axis"), "mask", null));
        graph.message(1, node("Gather", List.of("embeddings", "input_ids"), "embedded", null));
        graph.message(1, node("Mul", List.of("embedded", "mask"), "hidden_states.0", null));
        for (int k = 1; k <= layers.size(); k++) {
            graph.message(1, node("MatMul", List.of("hidden_states." + (k - 1), "w" + k), "linear" + k, null));
            graph.message(1, node("Tanh", List.of("linear" + k), "hidden_states." + k, null));
        }
        graph.message(1, node("Identity", List.of("hidden_states." + layers.size()), "last_hidden_state", null));
        graph.string(2, "synthetic-encoder");
        graph.message(5, floatTensor("embeddings", embeddings));
        for (int k = 1; k <= layers.size(); k++) {
            graph.message(5, floatTensor("w" + k, layers.get(k - 1)));
        }
        graph.message(5, int64Tensor("last_axis", new long[] {2}));
        graph.message(11, valueInfo("input_ids", INT64, false));
        graph.message(11, valueInfo("attention_mask", INT64, false));
        for (int k = 0; k <= layers.size(); k++) {
            graph.message(12, valueInfo("hidden_states." + k, FLOAT, true));
        }
        graph.message(12, valueInfo("last_hidden_state", FLOAT, true));

        Proto opset = new Proto();
        opset.string(1, "");
        opset.varint(2, 13);
        Proto model = new Proto();
        model.varint(1, 8); // ir_version
        model.string(2, "slm-cluster test-support");
        model.message(7, graph);
        model.message(8, opset);
        return model.bytes();
    }

    private static Proto node(String op, List<String> inputs, String output, Proto attribute) {
        Proto node = new Proto();
        for (String input : inputs) {
            node.string(1, input);
        }
        node.string(2, output);
        node.string(3, output + "_" + op);
        node.string(4, op);
        if (attribute != null) {
            node.message(5, attribute);
        }
        return node;
    }

    private static Proto attributeInt(String name, long value) {
        Proto attribute = new Proto();
        attribute.string(1, name);
        attribute.varint(3, value);
        attribute.varint(20, 2); // AttributeType INT
        return attribute;
    }

    private static Proto floatTensor(String name, float[][] values) {
        ByteBuffer raw =
                ByteBuffer.allocate(values.length * values[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : values) {
            for (float v : row) {
                raw.putFloat(v);
            }
        }
        Proto tensor = new Proto();
        tensor.varint(1, values.length);
        tensor.varint(1, values[0].length);
        tensor.varint(2, FLOAT);
        tensor.string(8, name);
        tensor.bytes(9, raw.array());
        return tensor;
    }

    private static Proto int64Tensor(String name, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        Proto tensor = new Proto();
        tensor.varint(1, values.length);
        tensor.varint(2, INT64);
        tensor.string(8, name);
        tensor.bytes(9, raw.array());
        return tensor;
    }

    /** A value of shape [b, s] (inputs) or [b, s, dimension] (hidden states). */
    private Proto valueInfo(String name, int elementType, boolean hidden) {
        Proto shape = new Proto();
        shape.message(1, dimension("b"));
        shape.message(1, dimension("s"));
        if (hidden) {
            Proto fixed = new Proto();
            fixed.varint(1, dimension);
            shape.message(1, fixed);
        }
        Proto tensorType = new Proto();
        tensorType.varint(1, elementType);
        tensorType.message(2, shape);
        Proto type = new Proto();
        type.message(1, tensorType);
        Proto info = new Proto();
        info.string(1, name);
        info.message(2, type);
        return info;
    }

    private static Proto dimension(String parameter) {
        Proto d = new Proto();
        d.string(2, parameter);
        return d;
    }

    /** The vocabulary size the embeddings cover. */
    public int vocabulary() {
        return vocabulary;
    }

    /** Protobuf wire format: varints (type 0) and length-delimited fields (type 2), which is all ONNX needs here. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            writeVarint((long) field << 3);
            writeVarint(value);
        }

        void string(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        void message(int field, Proto message) {
            bytes(field, message.bytes());
        }

        void bytes(int field, byte[] value) {
            writeVarint(((long) field << 3) | 2);
            writeVarint(value.length);
            out.write(value, 0, value.length);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void writeVarint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
