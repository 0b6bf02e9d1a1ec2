package org.slmcluster.evaluators.bertscore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.evaluators.encoder.EncoderException;
import org.slmcluster.evaluators.encoder.OnnxEncoder;
import org.slmcluster.evaluators.encoder.TokenIds;
import org.slmcluster.testing.SyntheticEncoderExport;

/**
 * bert_score's options on an encoder export with every hidden state (a synthetic ONNX model with random
 * weights, tokenized with MiniLM's tokenizer.json): the layer chosen, idf and baseline rescaling from a
 * baseline file in bert_score's format, each checked against bert_score's formulas computed here on hidden
 * states computed directly from the model's weights, and bert_score's hash string.
 */
class BertScoreLayersTest {

    private static final int LAYERS = 3;
    private static final List<String> CANDIDATES =
            List.of("The cat sat on the mat.", "Quarterly revenue fell sharply.", "A new pool opens.");
    private static final List<String> REFERENCES =
            List.of("A cat was sitting on the mat.", "Revenue dropped this quarter.", "The pool opens next week.");

    @TempDir
    static Path dir;

    private static Path export;
    private static SyntheticEncoderExport weights;
    private static OnnxEncoder encoder;

    @BeforeAll
    static void exportEncoder() throws Exception {
        export = dir.resolve("synthetic");
        weights = SyntheticEncoderExport.write(export, 30522, 16, LAYERS, 42L, "4.40.2");
        copyResource(OnnxEncoder.DEFAULT_TOKENIZER_RESOURCE, export.resolve("tokenizer.json"));
        encoder = OnnxEncoder.loadDirectory(export);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void everyHiddenStateIsALayerAndTheLastIsTheDefault() {
        assertThat(encoder.layerOutputs())
                .containsExactly("hidden_states.0", "hidden_states.1", "hidden_states.2", "hidden_states.3");
        assertThat(encoder.lastLayer()).hasValue(LAYERS);
        assertThat(encoder.transformersVersion()).contains("4.40.2");
        long[] ids = encoder.tokenize(List.of(CANDIDATES.get(0))).get(0).ids();
        for (int layer = 0; layer <= LAYERS; layer++) {
            float[][] expected = weights.hiddenState(ids, layer);
            float[][] actual = encoder.atLayer(layer)
                    .encode(List.of(CANDIDATES.get(0)))
                    .get(0)
                    .vectors();
            assertThat(actual.length).isEqualTo(expected.length);
            for (int t = 0; t < expected.length; t++) {
                for (int k = 0; k < expected[t].length; k++) {
                    assertThat(actual[t][k]).isCloseTo(expected[t][k], within(1e-4f));
                }
            }
        }
        assertThat(encoder.encode(List.of(CANDIDATES.get(0))).get(0).vectors())
                .isDeepEqualTo(encoder.atLayer(LAYERS)
                        .encode(List.of(CANDIDATES.get(0)))
                        .get(0)
                        .vectors());
        assertThatThrownBy(() -> encoder.atLayer(LAYERS + 1))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("layer 4 is not in")
                .hasMessageContaining("0..3");
    }

    @Test
    void eachLayerWithIdfAndBaselineMatchesBertScoresFormulas() throws Exception {
        Path baselineFile = Files.writeString(
                dir.resolve("synthetic.tsv"),
                "LAYER,P,R,F\n0,0.10,0.11,0.12\n1,0.20,0.21,0.22\n2,0.30,0.31,0.32\n3,0.40,0.41,0.42\n");
        for (int layer = 0; layer <= LAYERS; layer++) {
            for (boolean idf : new boolean[] {false, true}) {
                BertScoreSetup setup = new BertScoreSetup(
                        "synthetic", idf, OptionalInt.of(layer), Optional.of(baselineFile), Optional.empty());
                BertScoreSetup.Resolved resolved = setup.resolve(encoder);
                BertScoreResult result =
                        new BertScore(encoder, resolved.options()).score(CANDIDATES, List.of(REFERENCES));

                double[] b = {0.10 + layer / 10.0, 0.11 + layer / 10.0, 0.12 + layer / 10.0};
                double meanF = 0;
                for (int i = 0; i < CANDIDATES.size(); i++) {
                    double[] raw = independent(CANDIDATES.get(i), REFERENCES.get(i), layer, idf);
                    double p = (raw[0] - b[0]) / (1 - b[0]);
                    double r = (raw[1] - b[1]) / (1 - b[1]);
                    double f = (raw[2] - b[2]) / (1 - b[2]);
                    PrecisionRecallF1 segment = result.segments().get(i);
                    assertThat(segment.precision())
                            .as("layer %d idf %s P", layer, idf)
                            .isCloseTo(p, within(1e-5));
                    assertThat(segment.recall())
                            .as("layer %d idf %s R", layer, idf)
                            .isCloseTo(r, within(1e-5));
                    assertThat(segment.f1()).as("layer %d idf %s F", layer, idf).isCloseTo(f, within(1e-5));
                    meanF += f / CANDIDATES.size();
                }
                assertThat(result.corpus().f1()).isCloseTo(meanF, within(1e-5));
                // bert_score's own baseline for the model (its file name is the model's): "-rescaled"
                assertThat(resolved.hash())
                        .isEqualTo("synthetic_L" + layer + (idf ? "_idf" : "_no-idf")
                                + "_version=0.3.12(hug_trans=4.40.2)-rescaled");
            }
        }
    }

    @Test
    void layersDifferAndTheHashFollowsBertScoresFormat() throws Exception {
        double f1Layer1 = new BertScore(encoder, BertScoreOptions.defaults().withLayer(OptionalInt.of(1)))
                .score(CANDIDATES, List.of(REFERENCES))
                .corpus()
                .f1();
        double f1Last = new BertScore(encoder, BertScoreOptions.defaults())
                .score(CANDIDATES, List.of(REFERENCES))
                .corpus()
                .f1();
        assertThat(f1Layer1).isNotCloseTo(f1Last, within(1e-6));

        BertScoreSetup noOptions =
                new BertScoreSetup("roberta-large", false, OptionalInt.empty(), Optional.empty(), Optional.empty());
        assertThat(noOptions.resolve(encoder).hash())
                .isEqualTo("roberta-large_L3_no-idf_version=0.3.12(hug_trans=4.40.2)");
        Path custom = Files.writeString(dir.resolve("my-baseline.tsv"), "LAYER,P,R,F\n0,0.1,0.1,0.1\n");
        BertScoreSetup customFile =
                new BertScoreSetup("roberta-large", true, OptionalInt.of(0), Optional.of(custom), Optional.empty());
        assertThat(customFile.resolve(encoder).hash())
                .isEqualTo("roberta-large_L0_idf_version=0.3.12(hug_trans=4.40.2)-custom-rescaled");
        BertScoreSetup values = new BertScoreSetup(
                "roberta-large",
                false,
                OptionalInt.of(2),
                Optional.empty(),
                Optional.of(Baseline.parse("0.5,0.5,0.5")));
        assertThat(values.resolve(encoder).hash())
                .isEqualTo("roberta-large_L2_no-idf_version=0.3.12(hug_trans=4.40.2)-custom-rescaled");
        assertThatThrownBy(() -> new BertScoreSetup(
                                "roberta-large", false, OptionalInt.of(2), Optional.of(custom), Optional.empty())
                        .resolve(encoder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseline file " + custom + " has no row for layer 2");
    }

    @Test
    void anExportWithOnlyItsLastLayerRefusesOtherLayers() throws Exception {
        Path single = Files.createDirectory(dir.resolve("minilm-last-only"));
        copyResource(OnnxEncoder.DEFAULT_MODEL_RESOURCE, single.resolve("model.onnx"));
        copyResource(OnnxEncoder.DEFAULT_TOKENIZER_RESOURCE, single.resolve("tokenizer.json"));
        try (OnnxEncoder lastOnly = OnnxEncoder.loadDirectory(single)) {
            assertThat(lastOnly.layerOutputs()).hasSize(1);
            assertThat(lastOnly.lastLayer()).isEmpty();
            assertThatThrownBy(() ->
                            new BertScore(lastOnly, BertScoreOptions.defaults().withLayer(OptionalInt.of(3))))
                    .isInstanceOf(EncoderException.class)
                    .hasMessageContaining("exports only one hidden state")
                    .hasMessageContaining("hidden_states.0 .. hidden_states.N");
            assertThat(new BertScoreSetup("minilm", false, OptionalInt.empty(), Optional.empty(), Optional.empty())
                            .resolve(lastOnly)
                            .hash())
                    .isEqualTo("minilm_Llast_no-idf_version=0.3.12(hug_trans=unknown)");
        }
        try (OnnxEncoder bundled = OnnxEncoder.loadDefault()) {
            assertThat(bundled.lastLayer()).hasValue(6);
            assertThat(bundled.atLayer(6)).isSameAs(bundled);
        }
    }

    /** bert_score's P, R, F for one pair on hidden_states[layer] computed from the weights. */
    private static double[] independent(String candidate, String reference, int layer, boolean idf) {
        List<TokenIds> tokens = encoder.tokenize(List.of(candidate.strip(), reference.strip()));
        Map<Long, Double> idfs =
                idf(encoder.tokenize(REFERENCES.stream().map(String::strip).toList()));
        int m = REFERENCES.size();
        float[][] c = weights.hiddenState(tokens.get(0).ids(), layer);
        float[][] r = weights.hiddenState(tokens.get(1).ids(), layer);
        double p = greedy(c, tokens.get(0), r, idf ? idfs : null, m);
        double rec = greedy(r, tokens.get(1), c, idf ? idfs : null, m);
        return new double[] {p, rec, 2 * p * rec / (p + rec)};
    }

    /** bert_score's get_idf_dict: ln((M + 1) / (df + 1)), unseen pieces ln(M + 1). */
    private static Map<Long, Double> idf(List<TokenIds> references) {
        Map<Long, Integer> df = new HashMap<>();
        for (TokenIds reference : references) {
            Set<Long> seen = new HashSet<>();
            for (long id : reference.ids()) {
                if (seen.add(id)) {
                    df.merge(id, 1, Integer::sum);
                }
            }
        }
        Map<Long, Double> idf = new HashMap<>();
        df.forEach((id, n) -> idf.put(id, Math.log((references.size() + 1.0) / (n + 1.0))));
        return idf;
    }

    /** Weighted mean over {@code from}'s tokens (specials weigh 0) of the best cosine with a token of {@code to}. */
    private static double greedy(float[][] from, TokenIds fromTokens, float[][] to, Map<Long, Double> idf, int m) {
        double weighted = 0;
        double total = 0;
        for (int i = 0; i < from.length; i++) {
            double w = fromTokens.special()[i]
                    ? 0
                    : idf == null ? 1 : idf.getOrDefault(fromTokens.ids()[i], Math.log(m + 1.0));
            double best = Double.NEGATIVE_INFINITY;
            for (float[] other : to) {
                best = Math.max(best, cosine(from[i], other));
            }
            weighted += w * best;
            total += w;
        }
        return weighted / total;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += (double) a[k] * b[k];
            na += (double) a[k] * a[k];
            nb += (double) b[k] * b[k];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static void copyResource(String resource, Path target) throws Exception {
        try (InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the classpath").isNotNull();
            Files.copy(in, target);
        }
    }
}
