package org.slmcluster.evaluators.comet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.evaluators.encoder.EncodedText;
import org.slmcluster.evaluators.encoder.EncoderException;
import org.slmcluster.evaluators.encoder.OnnxEncoder;

/**
 * End to end on the bundled all-MiniLM-L6-v2 as the encoder: its export has only its last hidden state,
 * so the head mixes one layer. The numbers mean nothing (random head); the plumbing is what is checked.
 */
class CometModelTest {

    private static final int MINILM_HIDDEN = 384;

    @Test
    void scoresEverySegmentFromTheEncodersHiddenStates(@TempDir Path dir) throws IOException {
        Path model = minilmCometDirectory(dir, 1);
        List<String> src = List.of("Der Hund schläft.", "Es regnet heute.");
        List<String> hyp = List.of("The dog sleeps.", "It rains today.");
        List<String> ref = List.of("The dog is sleeping.", "Today it is raining.");

        CometResult result;
        try (CometModel comet = CometModel.loadDirectory(model)) {
            result = comet.comet().score(src, hyp, ref);
        }

        CometEstimator head = CometEstimator.load(model.resolve(CometModel.ESTIMATOR_FILE));
        try (OnnxEncoder encoder = OnnxEncoder.loadDirectory(model)) {
            assertThat(encoder.layerCount()).isEqualTo(1);
            for (int i = 0; i < hyp.size(); i++) {
                List<EncodedText> e = encoder.encode(List.of(hyp.get(i), ref.get(i), src.get(i)));
                double expected = head.score(
                        new float[][][] {e.get(0).vectors()},
                        new float[][][] {e.get(1).vectors()},
                        new float[][][] {e.get(2).vectors()});
                assertThat(result.segments().get(i)).isCloseTo(expected, within(1e-12));
            }
        }
        assertThat(result.segments().get(0)).isNotEqualTo(result.segments().get(1));
        assertThat(result.system())
                .isCloseTo((result.segments().get(0) + result.segments().get(1)) / 2, within(1e-15));
    }

    @Test
    void aHeadForMoreLayersThanTheExportGivesIsRefusedWithTheFix(@TempDir Path dir) throws IOException {
        Path model = minilmCometDirectory(dir, 25);
        assertThatThrownBy(() -> CometModel.loadDirectory(model))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("mixes 25 layers but the encoder gives 1")
                .hasMessageContaining("all hidden states");
    }

    @Test
    void aDirectoryWithoutTheHeadIsRefused(@TempDir Path dir) throws IOException {
        Path model = minilmCometDirectory(dir, 1);
        Files.delete(model.resolve(CometModel.ESTIMATOR_FILE));
        assertThatThrownBy(() -> CometModel.loadDirectory(model)).hasMessageContaining("has no estimator.safetensors");
    }

    /** MiniLM's ONNX and tokenizer.json from the bundled jar, plus a random head over {@code layers} layers. */
    static Path minilmCometDirectory(Path parent, int layers) throws IOException {
        Path dir = Files.createDirectories(parent.resolve("minilm-comet"));
        copyResource(OnnxEncoder.DEFAULT_MODEL_RESOURCE, dir.resolve("model.onnx"));
        copyResource(OnnxEncoder.DEFAULT_TOKENIZER_RESOURCE, dir.resolve("tokenizer.json"));
        SafeTensors.write(
                dir.resolve(CometModel.ESTIMATOR_FILE), CometHeads.random(42, layers, MINILM_HIDDEN, 16, 8), Map.of());
        return dir;
    }

    private static void copyResource(String resource, Path target) throws IOException {
        try (InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, target);
        }
    }
}
