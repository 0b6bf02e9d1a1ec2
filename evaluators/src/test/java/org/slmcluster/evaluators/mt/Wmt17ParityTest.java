package org.slmcluster.evaluators.mt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Corpus BLEU, chrF, chrF++ and TER of the 16 WMT17 en-de systems (the data of sacreBLEU's
 * test/wmt17_en_de_systems.pkl.bz2), against two sources:
 * <ul>
 * <li>full-precision values from running sacreBLEU 2.6.0 on the same file
 * (src/test/resources/mt/wmt17_en_de_sacrebleu.json, generate_wmt17_expected.py): asserted to 1e-6;</li>
 * <li>the numbers sacreBLEU publishes for these systems in its README and test.sh, asserted to the
 * precision they are published with (noted at each).</li>
 * </ul>
 * TER of all 16 systems runs in the benchmark; here a subset keeps the test fast.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Wmt17ParityTest {

    private static final double TOLERANCE = 1e-6;
    private static final List<String> TER_SYSTEMS = List.of(
            "newstest2017.online-A.0.en-de",
            "newstest2017.C-3MA.4959.en-de",
            "newstest2017.uedin-nmt.4722.en-de",
            "newstest2017.PROMT-Rule-based.4735.en-de");

    private Wmt17Data data;
    private JsonNode expected;
    private BleuReferences bleu;
    private ChrfReferences chrf;
    private ChrfReferences chrfPlusPlus;
    private TerReferences ter;
    private final Map<String, TerScore> terScores = new java.util.HashMap<>();

    @BeforeAll
    void load() throws IOException {
        data = Wmt17Data.load();
        try (InputStream in = getClass().getResourceAsStream("/mt/wmt17_en_de_sacrebleu.json")) {
            expected = new ObjectMapper().readTree(in).get("results");
        }
        List<List<String>> refs = List.of(data.reference);
        bleu = new Bleu().prepare(refs);
        chrf = new Chrf().prepare(refs);
        chrfPlusPlus = new Chrf(ChrfOptions.chrfPlusPlus()).prepare(refs);
        ter = new Ter().prepare(refs);
    }

    private TerScore ter(String system) {
        return terScores.computeIfAbsent(system, s -> ter.corpusScore(data.systems.get(s)));
    }

    Stream<Arguments> systems() {
        return Wmt17Data.load().systems.keySet().stream().map(Arguments::of);
    }

    @Test
    void dataHasSixteenSystemsOf3004Segments() {
        assertThat(data.reference).hasSize(3004);
        assertThat(data.systems)
                .hasSize(16)
                .allSatisfy((name, lines) -> assertThat(lines).hasSize(3004));
        assertThat(expected.size()).isEqualTo(16);
    }

    @ParameterizedTest
    @MethodSource("systems")
    void bleuMatchesSacrebleu(String system) {
        BleuScore score = bleu.corpusScore(data.systems.get(system));
        JsonNode e = expected.get(system).get("bleu");
        assertThat(score.score()).isCloseTo(e.get("score").asDouble(), within(TOLERANCE));
        assertThat(score.bp()).isCloseTo(e.get("bp").asDouble(), within(TOLERANCE));
        assertThat(score.sysLen()).isEqualTo(e.get("sys_len").asLong());
        assertThat(score.refLen()).isEqualTo(e.get("ref_len").asLong());
        for (int k = 0; k < 4; k++) {
            assertThat(score.precisions()[k])
                    .isCloseTo(e.get("precisions").get(k).asDouble(), within(TOLERANCE));
        }
    }

    @ParameterizedTest
    @MethodSource("systems")
    void chrfAndChrfPlusPlusMatchSacrebleu(String system) {
        List<String> hyps = data.systems.get(system);
        assertThat(chrf.corpusScore(hyps).score())
                .isCloseTo(expected.get(system).get("chrf").asDouble(), within(TOLERANCE));
        assertThat(chrfPlusPlus.corpusScore(hyps).score())
                .isCloseTo(expected.get(system).get("chrfpp").asDouble(), within(TOLERANCE));
    }

    Stream<Arguments> terSystems() {
        return TER_SYSTEMS.stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("terSystems")
    void terMatchesSacrebleu(String system) {
        TerScore score = ter(system);
        JsonNode e = expected.get(system).get("ter");
        assertThat(score.numEdits()).isEqualTo(e.get("num_edits").asLong());
        assertThat(score.refLength()).isCloseTo(e.get("ref_length").asDouble(), within(TOLERANCE));
        assertThat(score.score()).isCloseTo(e.get("score").asDouble(), within(TOLERANCE));
    }

    /** sacreBLEU test.sh MTEVAL: mteval-v13a.pl BLEU, 2 decimals, asserted there within 0.01. */
    private static final Map<String, Double> MTEVAL_V13A_BLEU = Map.ofEntries(
            Map.entry("newstest2017.C-3MA.4959.en-de", 22.67),
            Map.entry("newstest2017.FBK.4870.en-de", 26.33),
            Map.entry("newstest2017.KIT.4950.en-de", 26.08),
            Map.entry("newstest2017.LIUM-NMT.4900.en-de", 26.6),
            Map.entry("newstest2017.LMU-nmt-reranked.4934.en-de", 27.11),
            Map.entry("newstest2017.LMU-nmt-single.4893.en-de", 26.56),
            Map.entry("newstest2017.PROMT-Rule-based.4735.en-de", 16.61),
            Map.entry("newstest2017.RWTH-nmt-ensemble.4921.en-de", 26.02),
            Map.entry("newstest2017.SYSTRAN.4847.en-de", 26.71),
            Map.entry("newstest2017.TALP-UPC.4834.en-de", 21.24),
            Map.entry("newstest2017.online-A.0.en-de", 20.8),
            Map.entry("newstest2017.online-B.0.en-de", 26.65),
            Map.entry("newstest2017.online-F.0.en-de", 15.45),
            Map.entry("newstest2017.online-G.0.en-de", 18.16),
            Map.entry("newstest2017.uedin-nmt.4722.en-de", 28.3),
            Map.entry("newstest2017.xmu.4910.en-de", 26.69));

    @ParameterizedTest
    @MethodSource("systems")
    void bleuMatchesPublishedMtevalNumbers(String system) {
        assertThat(bleu.corpusScore(data.systems.get(system)).score())
                .isCloseTo(MTEVAL_V13A_BLEU.get(system), within(0.01));
    }

    @Test
    void publishedReadmeNumbers() {
        // README: "sacrebleu -t wmt17 -l en-de -i output.detok.txt -b -w 4" -> 20.7965 (online-A), and
        // "20.8 54.4/26.6/14.9/8.7 (BP = 1.000 ratio = 1.026 hyp_len = 62880 ref_len = 61287)"
        BleuScore onlineA = bleu.corpusScore(data.systems.get("newstest2017.online-A.0.en-de"));
        assertThat(PythonText.fixed(onlineA.score(), 4)).isEqualTo("20.7965");
        assertThat(onlineA.format(1, ""))
                .isEqualTo("BLEU = 20.8 54.4/26.6/14.9/8.7 (BP = 1.000 ratio = 1.026 hyp_len = 62880 ref_len = 61287)");
        // README multi-metric example on online-A: chrF2 = 52.0, chrF2++ = 49.0 (1 decimal)
        assertThat(PythonText.fixed(
                        chrf.corpusScore(data.systems.get("newstest2017.online-A.0.en-de"))
                                .score(),
                        1))
                .isEqualTo("52.0");
        assertThat(PythonText.fixed(
                        chrfPlusPlus
                                .corpusScore(data.systems.get("newstest2017.online-A.0.en-de"))
                                .score(),
                        1))
                .isEqualTo("49.0");
        // README multi-system table (1 decimal): BLEU / chrF2
        assertOneDecimal("newstest2017.online-B.0.en-de", "26.7", "56.3");
        assertOneDecimal("newstest2017.online-F.0.en-de", "15.5", "49.3");
        assertOneDecimal("newstest2017.online-G.0.en-de", "18.2", "51.6");
        assertOneDecimal("newstest2017.LIUM-NMT.4900.en-de", "26.6", "55.9");
        // README confidence example (3 decimals): BLEU 22.675, chrF2 51.953 for C-3MA
        List<String> c3ma = data.systems.get("newstest2017.C-3MA.4959.en-de");
        assertThat(PythonText.fixed(bleu.corpusScore(c3ma).score(), 3)).isEqualTo("22.675");
        assertThat(PythonText.fixed(chrf.corpusScore(c3ma).score(), 3)).isEqualTo("51.953");
    }

    private void assertOneDecimal(String system, String bleuText, String chrfText) {
        List<String> hyps = data.systems.get(system);
        assertThat(PythonText.fixed(bleu.corpusScore(hyps).score(), 1))
                .as(system)
                .isEqualTo(bleuText);
        assertThat(PythonText.fixed(chrf.corpusScore(hyps).score(), 1))
                .as(system)
                .isEqualTo(chrfText);
    }

    @Test
    void publishedChrfPlusPlusPyNumbersWithEpsSmoothing() {
        // test.sh CHRF / CHRFPP (official chrF++.py, "-w 4" output compared within 1e-6, i.e. 4 decimals)
        List<List<String>> refs = List.of(data.reference);
        ChrfReferences eps = new Chrf(ChrfOptions.chrf().withEpsSmoothing(true)).prepare(refs);
        ChrfReferences epsPlusPlus = new Chrf(ChrfOptions.chrfPlusPlus().withEpsSmoothing(true)).prepare(refs);
        List<String> c3ma = data.systems.get("newstest2017.C-3MA.4959.en-de");
        List<String> fbk = data.systems.get("newstest2017.FBK.4870.en-de");
        assertThat(PythonText.fixed(eps.corpusScore(c3ma).score(), 4)).isEqualTo("51.9533");
        assertThat(PythonText.fixed(eps.corpusScore(fbk).score(), 4)).isEqualTo("54.7152");
        assertThat(PythonText.fixed(epsPlusPlus.corpusScore(c3ma).score(), 4)).isEqualTo("49.1683");
        assertThat(PythonText.fixed(epsPlusPlus.corpusScore(fbk).score(), 4)).isEqualTo("52.2330");
    }

    @Test
    void publishedTercomNumbers() {
        // test.sh TER: tercom 7.25, 3 decimals on a 0-1 scale, asserted there within 0.01; README: TER = 69.0
        // (online-A)
        assertThat(ter("newstest2017.online-A.0.en-de").score() / 100).isCloseTo(0.690, within(0.01));
        assertThat(PythonText.fixed(ter("newstest2017.online-A.0.en-de").score(), 1))
                .isEqualTo("69.0");
        assertThat(ter("newstest2017.C-3MA.4959.en-de").score() / 100).isCloseTo(0.669, within(0.01));
        assertThat(ter("newstest2017.uedin-nmt.4722.en-de").score() / 100).isCloseTo(0.612, within(0.01));
        assertThat(ter("newstest2017.PROMT-Rule-based.4735.en-de").score() / 100)
                .isCloseTo(0.752, within(0.01));
    }
}
