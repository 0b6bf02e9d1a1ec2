package org.slmcluster.evaluators.comet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @Test
    void writtenTensorsAndMetadataReadBack(@TempDir Path dir) throws IOException {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", new SafeTensors.Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
        tensors.put("b", new SafeTensors.Tensor(new long[] {1}, new float[] {0.25f}));
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, tensors, Map.of("activations", "Tanh"));

        SafeTensors read = SafeTensors.read(file);

        assertThat(read.tensors().get("a").shape()).containsExactly(2, 3);
        assertThat(read.tensors().get("a").data()).containsExactly(1, 2, 3, 4, 5, -6.5f);
        assertThat(read.tensors().get("b").data()).containsExactly(0.25f);
        assertThat(read.metadata()).containsEntry("activations", "Tanh");
    }

    @Test
    void halfPrecisionTensorsAreWidened() {
        // F16 1.5 = 0x3E00, BF16 -2.0 = 0xC000 (the top half of float -2.0)
        byte[] file = file(
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]},"
                        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[2,4]}}",
                new byte[] {0x00, 0x3E, 0x00, (byte) 0xC0});

        SafeTensors read = SafeTensors.parse(file);

        assertThat(read.tensors().get("h").data()).containsExactly(1.5f);
        assertThat(read.tensors().get("b").data()).containsExactly(-2.0f);
    }

    @Test
    void halfFloatDecodingCoversSubnormalsAndSpecials() {
        assertThat(SafeTensors.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(SafeTensors.halfToFloat((short) 0x8000)).isEqualTo(-0.0f);
        assertThat(SafeTensors.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(SafeTensors.halfToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(SafeTensors.halfToFloat((short) 0x7E00)).isNaN();
    }

    @Test
    void offsetsThatDoNotFitTheShapeAreRefused() {
        byte[] file = file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[8]);
        assertThatThrownBy(() -> SafeTensors.parse(file)).hasMessageContaining("tensor x has data_offsets [0, 4]");
        byte[] int8 = file("{\"x\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
        assertThatThrownBy(() -> SafeTensors.parse(int8)).hasMessageContaining("dtype I8");
    }

    private static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(data);
        return out.array();
    }
}
