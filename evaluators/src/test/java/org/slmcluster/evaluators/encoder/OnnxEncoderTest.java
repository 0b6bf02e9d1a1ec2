package org.slmcluster.evaluators.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real all-MiniLM-L6-v2 encoder from the langchain4j artifact, run through ONNX Runtime. */
class OnnxEncoderTest {

    private static OnnxEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = OnnxEncoder.loadDefault();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void tokensCarryIdsOffsetsAndSpecialFlags() {
        EncodedText e = encoder.encode(List.of("Hello, world!")).get(0);

        assertThat(e.tokens()).containsExactly("[CLS]", "hello", ",", "world", "!", "[SEP]");
        assertThat(e.ids()).containsExactly(101, 7592, 1010, 2088, 999, 102);
        assertThat(e.special()).containsExactly(true, false, false, false, false, true);
        assertThat(e.charStarts()).containsExactly(-1, 0, 5, 7, 12, -1);
        assertThat(e.charEnds()).containsExactly(-1, 5, 6, 12, 13, -1);
        assertThat(e.dimension()).isEqualTo(384);
        assertThat(e.vectors().length).isEqualTo(6);
        assertThat(e.truncated()).isFalse();
    }

    @Test
    void anEmptyTextIsJustTheSpecialTokens() {
        EncodedText e = encoder.encode(List.of("")).get(0);
        assertThat(e.tokens()).containsExactly("[CLS]", "[SEP]");
        assertThat(e.hasNoContent()).isTrue();
    }

    @Test
    void textsLongerThanTheDefaultMaximumAreCutAndSaySo() {
        String longText = "word ".repeat(600);
        EncodedText e = encoder.encode(List.of(longText)).get(0);
        assertThat(e.length()).isEqualTo(OnnxEncoder.DEFAULT_MAX_LENGTH);
        assertThat(e.tokens()[e.length() - 1]).isEqualTo("[SEP]");
        assertThat(e.truncated()).isTrue();
    }

    @Test
    void sentenceEmbeddingsMatchLangchain4jsOwnPooling() {
        // langchain4j's model runs the same ONNX file with mean pooling and L2 normalisation.
        AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        for (String text : List.of("The cat sits on the mat.", "Paris is the capital of France.", "x")) {
            float[] expected = reference.embed(text).content().vector();
            float[] actual = encoder.embed(text);
            assertThat(actual).hasSize(384);
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) actual[i]).isCloseTo(expected[i], within(1e-5));
            }
        }
    }

    @Test
    void sentenceEmbeddingsAreUnitLengthAndSemanticallyOrdered() {
        List<float[]> v = encoder.embed(List.of(
                "A man is playing a guitar.", "Someone plays the guitar.", "The stock market fell sharply today."));
        double norm = 0;
        for (float x : v.get(0)) {
            norm += x * x;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
        double paraphrase = SentenceEncoder.cosine(v.get(0), v.get(1));
        double unrelated = SentenceEncoder.cosine(v.get(0), v.get(2));
        assertThat(paraphrase).isGreaterThan(0.6).isGreaterThan(unrelated + 0.3);
    }

    @Test
    void theRestOfTheInputAndOtherThreadsDoNotChangeAnyTextsVectors() throws Exception {
        List<String> texts = List.of(
                "short",
                "a somewhat longer sentence with more tokens in it",
                "mid length text",
                "another one",
                "the last of the lot, with punctuation!");
        List<EncodedText> batched = encoder.encode(texts);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<EncodedText>> singles = new ArrayList<>();
            for (String t : texts) {
                singles.add(pool.submit(() -> encoder.encode(List.of(t)).get(0)));
            }
            for (int i = 0; i < texts.size(); i++) {
                EncodedText single = singles.get(i).get();
                assertThat(single.ids()).containsExactly(batched.get(i).ids());
                for (int t = 0; t < single.length(); t++) {
                    for (int k = 0; k < single.dimension(); k += 37) {
                        assertThat(single.vectors()[t][k])
                                .isEqualTo(batched.get(i).vectors()[t][k]);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDirectoryWithModelAndTokenizerLoadsTheSameModel(@TempDir Path dir) throws Exception {
        copyResource(OnnxEncoder.DEFAULT_MODEL_RESOURCE, dir.resolve("model.onnx"));
        copyResource(OnnxEncoder.DEFAULT_TOKENIZER_RESOURCE, dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 8}");
        try (OnnxEncoder fromDir = OnnxEncoder.loadDirectory(dir)) {
            assertThat(fromDir.maxLength()).isEqualTo(8);
            float[] a = fromDir.embed("The cat sits.");
            float[] b = encoder.embed("The cat sits.");
            assertThat(SentenceEncoder.cosine(a, b)).isCloseTo(1.0, within(1e-6));

            // The tokenizer_config.json limit of 8 tokens applies, [CLS] and [SEP] included.
            List<EncodedText> out = fromDir.encode(List.of("one two three four five six seven eight", "one two"));
            assertThat(out.get(0).tokens())
                    .containsExactly("[CLS]", "one", "two", "three", "four", "five", "six", "[SEP]");
            assertThat(out.get(0).truncated()).isTrue();
            assertThat(out.get(1).truncated()).isFalse();
        }
    }

    @Test
    void missingEncoderFilesAreReportedClearly(@TempDir Path dir) {
        assertThatThrownBy(() -> OnnxEncoder.loadDirectory(dir.resolve("nope")))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("encoder directory not found");
        assertThatThrownBy(() -> OnnxEncoder.loadDirectory(dir))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("has no model.onnx");
    }

    private static void copyResource(String name, Path target) throws Exception {
        try (InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, target);
        }
    }
}
