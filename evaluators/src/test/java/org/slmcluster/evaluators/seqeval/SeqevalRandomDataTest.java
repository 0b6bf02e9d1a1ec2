package org.slmcluster.evaluators.seqeval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random tag data made like seqeval's own tests/test_metrics.py test_statistical_tests (random prefixes from
 * BIO, EIO and BIOES, random types, sentence breaks with probability 0.05), scored by seqeval 1.2's
 * default-mode code (get_entities and the precision_recall_fscore_support divisions, run with numpy):
 * micro, macro and weighted precision, recall and F1 at full precision.
 */
class SeqevalRandomDataTest {

    private static List<List<String>> read(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(SeqevalRandomDataTest.class.getResourceAsStream(name))) {
            List<List<String>> sentences = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                sentences.add(Arrays.asList(line.strip().split(" +")));
            }
            return sentences;
        }
    }

    @ParameterizedTest
    @CsvSource({
        "1, 0.1105121293800539, 0.11202185792349727, 0.11126187245590231, 0.1112719550693496, 0.1121574537340573, "
                + "0.11161123819272536, 0.11123819533286987, 0.11202185792349727, 0.11152512073133866",
        "2, 0.12105263157894737, 0.12568306010928962, 0.12332439678284181, 0.12154330013211215, 0.1255438293450174, "
                + "0.123326051012385, 0.12253427660459658, 0.12568306010928962, 0.1238995874638725",
        "3, 0.1570796460176991, 0.15570175438596492, 0.15638766519823788, 0.15808314654978087, 0.15562687937296088, "
                + "0.15660484337548558, 0.15816466139200547, 0.15570175438596492, 0.15667939934139835"
    })
    void defaultModeMatchesSeqeval(
            int seed,
            double microP,
            double microR,
            double microF,
            double macroP,
            double macroR,
            double macroF,
            double weightedP,
            double weightedR,
            double weightedF)
            throws IOException {
        SeqevalReport r = Seqeval.evaluate(
                read("random_gold_" + seed + ".txt"),
                read("random_pred_" + seed + ".txt"),
                SeqevalReport.Mode.DEFAULT,
                null,
                false);
        double eps = 1e-12;
        assertThat(r.micro().precision()).isCloseTo(microP, within(eps));
        assertThat(r.micro().recall()).isCloseTo(microR, within(eps));
        assertThat(r.micro().f1()).isCloseTo(microF, within(eps));
        assertThat(r.macro().precision()).isCloseTo(macroP, within(eps));
        assertThat(r.macro().recall()).isCloseTo(macroR, within(eps));
        assertThat(r.macro().f1()).isCloseTo(macroF, within(eps));
        assertThat(r.weighted().precision()).isCloseTo(weightedP, within(eps));
        assertThat(r.weighted().recall()).isCloseTo(weightedR, within(eps));
        assertThat(r.weighted().f1()).isCloseTo(weightedF, within(eps));
    }
}
