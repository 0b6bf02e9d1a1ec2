package org.slmcluster.evaluators.comet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors file format (Hugging Face): an 8-byte little-endian header length, a JSON header naming
 * every tensor's dtype, shape and byte range, an optional {@code __metadata__} map of strings, then the raw
 * little-endian data. Tensors of dtype F32, F64, F16 and BF16 are read and widened to {@code float}; that
 * covers the checkpoints COMET heads come in. No Java library for the format is kept up on Maven Central,
 * and the format is this small.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "__metadata__";
    /** Headers are small JSON; a larger length means the file is not safetensors. */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private SafeTensors(Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.tensors = Map.copyOf(tensors);
        this.metadata = Map.copyOf(metadata);
    }

    /**
     * One tensor, row-major.
     *
     * @param shape its dimensions ({@code []} for a scalar)
     * @param data its values, as many as the product of {@code shape}
     */
    // numeric data, never compared with equals: arrays, not boxed lists
    @SuppressWarnings("ArrayRecordComponent")
    public record Tensor(long[] shape, float[] data) {
        public Tensor {
            long size = 1;
            for (long dim : shape) {
                size *= dim;
            }
            if (size != data.length) {
                throw new IllegalArgumentException(
                        "shape " + java.util.Arrays.toString(shape) + " needs " + size + " values, got " + data.length);
            }
        }
    }

    /** Every tensor by name. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} strings (empty when the file has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Reads a whole safetensors file.
     *
     * @throws IOException the file cannot be read, or is not a well-formed safetensors file (the message
     *     says what is wrong)
     */
    public static SafeTensors read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a usable safetensors file: " + e.getMessage(), e);
        }
    }

    static SafeTensors parse(byte[] bytes) {
        if (bytes.length < 8) {
            throw new IllegalArgumentException("shorter than its 8-byte header length");
        }
        long headerLength =
                ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) {
            throw new IllegalArgumentException(
                    "header length " + headerLength + " does not fit a file of " + bytes.length + " bytes");
        }
        int dataStart = 8 + (int) headerLength;
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("header is not JSON: " + e.getMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new IllegalArgumentException("header is not a JSON object");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : header.properties()) {
            if (entry.getKey().equals(METADATA)) {
                for (Map.Entry<String, JsonNode> m : entry.getValue().properties()) {
                    metadata.put(m.getKey(), m.getValue().asText());
                }
                continue;
            }
            tensors.put(entry.getKey(), tensor(entry.getKey(), entry.getValue(), bytes, dataStart));
        }
        return new SafeTensors(tensors, metadata);
    }

    private static Tensor tensor(String name, JsonNode info, byte[] bytes, int dataStart) {
        JsonNode shapeNode = info.get("shape");
        JsonNode offsets = info.get("data_offsets");
        String dtype = info.path("dtype").asText("");
        if (shapeNode == null || !shapeNode.isArray() || offsets == null || offsets.size() != 2) {
            throw new IllegalArgumentException("tensor " + name + " lacks shape or data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative dimension");
            }
            count *= shape[i];
        }
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F64" -> 8;
            case "F16", "BF16" -> 2;
            default ->
                throw new IllegalArgumentException(
                        "tensor " + name + " has dtype " + dtype + " (F32, F64, F16 or BF16 are read)");
        };
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end != begin + count * width || dataStart + end > bytes.length) {
            throw new IllegalArgumentException("tensor " + name + " has data_offsets [" + begin + ", " + end
                    + "] that do not fit its shape or the file");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, dataStart + (int) begin, (int) (end - begin))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[(int) count];
        for (int i = 0; i < data.length; i++) {
            data[i] = switch (dtype) {
                case "F32" -> buffer.getFloat();
                case "F64" -> (float) buffer.getDouble();
                case "F16" -> halfToFloat(buffer.getShort());
                default -> Float.intBitsToFloat((buffer.getShort() & 0xFFFF) << 16);
            };
        }
        return new Tensor(shape, data);
    }

    /** IEEE 754 binary16 to float (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** Writes {@code tensors} as F32, with {@code metadata}, in name order as given. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            ObjectNode info = header.putObject(entry.getKey());
            info.put("dtype", "F32");
            var shape = info.putArray("shape");
            for (long dim : entry.getValue().shape()) {
                shape.add(dim);
            }
            long end = offset + 4L * entry.getValue().data().length;
            info.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + headerBytes.length + offset))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(headerBytes.length);
        out.put(headerBytes);
        for (Tensor tensor : tensors.values()) {
            for (float value : tensor.data()) {
                out.putFloat(value);
            }
        }
        Files.write(file, out.array());
    }
}
