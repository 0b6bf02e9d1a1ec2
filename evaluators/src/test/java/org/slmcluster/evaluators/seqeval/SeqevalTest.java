package org.slmcluster.evaluators.seqeval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cases from seqeval's own tests (tests/test_metrics.py, tests/test_v1.py, tests/test_scheme.py) and
 * docstrings (seqeval/metrics/sequence_labeling.py, v1.py), expected values copied from them.
 */
class SeqevalTest {

    private static final double EPS = 1e-6;

    private static List<String> tags(String spaceSeparated) {
        return spaceSeparated.isBlank()
                ? List.of()
                : Arrays.asList(spaceSeparated.trim().split(" +"));
    }

    private static String describe(List<Entity> entities) {
        List<String> parts = new ArrayList<>();
        for (Entity e : entities) {
            parts.add(e.type() + "," + e.start() + "," + e.end());
        }
        return String.join(";", parts);
    }

    @Test
    void getEntities() {
        assertThat(describe(EntityExtraction.defaultEntitiesOfSequence(
                        tags("O O O B-MISC I-MISC I-MISC O B-PER I-PER"), false)))
                .isEqualTo("MISC,3,5;PER,7,8");
        assertThat(describe(EntityExtraction.defaultEntitiesOfSequence(
                        tags("O O O MISC-B MISC-I MISC-I O PER-B PER-I"), true)))
                .isEqualTo("MISC,3,5;PER,7,8");
        assertThat(describe(EntityExtraction.defaultEntities(List.of(tags("O O O B I I O"), tags("B I O")), false)))
                .isEqualTo("_,3,5;_,8,9");
        assertThat(describe(EntityExtraction.defaultEntitiesOfSequence(tags("B-PER I-PER O B-LOC"), false)))
                .isEqualTo("PER,0,1;LOC,3,3");
    }

    /** The docstring example of f1_score / precision_score / recall_score / accuracy_score. */
    @Test
    void docstringExampleInDefaultMode() {
        List<List<String>> yTrue = List.of(tags("O O O B-MISC I-MISC I-MISC O"), tags("B-PER I-PER O"));
        List<List<String>> yPred = List.of(tags("O O B-MISC I-MISC I-MISC I-MISC O"), tags("B-PER I-PER O"));
        SeqevalReport report = Seqeval.evaluate(yTrue, yPred, SeqevalReport.Mode.DEFAULT, null, false);
        assertThat(report.micro().f1()).isCloseTo(0.5, within(EPS));
        assertThat(report.micro().precision()).isCloseTo(0.5, within(EPS));
        assertThat(report.micro().recall()).isCloseTo(0.5, within(EPS));
        assertThat(report.accuracy()).isCloseTo(0.8, within(EPS));
        assertThat(report.perType()).containsOnlyKeys("MISC", "PER");
        assertThat(report.perType().get("MISC")).isEqualTo(new TypeScore(0, 0, 0, 1));
        assertThat(report.perType().get("PER")).isEqualTo(new TypeScore(1, 1, 1, 1));
        assertThat(report.macro().f1()).isCloseTo(0.5, within(EPS));
        assertThat(report.weighted().f1()).isCloseTo(0.5, within(EPS));
    }

    /** tests/test_v1.py TestClassificationReport.test_output_dict (strict, scheme auto-detected as IOB2). */
    @Test
    void strictOutputDict() {
        List<List<String>> yTrue = List.of(tags("B-A B-B O B-A"));
        List<List<String>> yPred = List.of(tags("O B-B B-C B-A"));
        SeqevalReport r = Seqeval.evaluate(yTrue, yPred, SeqevalReport.Mode.STRICT, null, false);
        assertThat(r.perType()).containsOnlyKeys("A", "B", "C");
        assertScore(r.perType().get("A"), 1.0, 0.5, 0.6666666666666666, 2);
        assertScore(r.perType().get("B"), 1.0, 1.0, 1.0, 1);
        assertScore(r.perType().get("C"), 0.0, 0.0, 0.0, 0);
        assertScore(r.macro(), 0.6666666666666666, 0.5, 0.5555555555555555, 3);
        assertScore(r.micro(), 0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 3);
        assertScore(r.weighted(), 1.0, 0.6666666666666666, 0.7777777777777777, 3);
        // the same data gives the same numbers in default mode (seqeval's test_scores/test_average_scores)
        SeqevalReport d = Seqeval.evaluate(yTrue, yPred, SeqevalReport.Mode.DEFAULT, null, false);
        assertScore(d.weighted(), 1.0, 0.6666666666666666, 0.7777777777777777, 3);
    }

    private static void assertScore(TypeScore s, double p, double r, double f, int support) {
        assertThat(s.precision()).isCloseTo(p, within(EPS));
        assertThat(s.recall()).isCloseTo(r, within(EPS));
        assertThat(s.f1()).isCloseTo(f, within(EPS));
        assertThat(s.support()).isEqualTo(support);
    }

    /** tests/test_v1.py test_weighted_true_sum_zero. */
    @Test
    void weightedWithNoTrueEntityIsZero() {
        SeqevalReport r =
                Seqeval.evaluate(List.of(tags("O")), List.of(tags("O")), SeqevalReport.Mode.STRICT, Scheme.IOB2, false);
        assertScore(r.weighted(), 0, 0, 0, 0);
        assertThat(r.macro().f1()).isNaN();
    }

    /** tests/test_v1.py test_length and test_unique_labels. */
    @Test
    void inconsistentLengthsAreRejectedAndLabelsAreTheUnion() {
        assertThatThrownBy(() -> Seqeval.evaluate(
                        List.of(tags("B-PER")),
                        List.of(tags("B-PER O")),
                        SeqevalReport.Mode.STRICT,
                        Scheme.IOB2,
                        false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Seqeval.evaluate(
                                List.of(tags("B-PER")),
                                List.of(tags("B-ORG")),
                                SeqevalReport.Mode.STRICT,
                                Scheme.IOB2,
                                false)
                        .perType())
                .containsOnlyKeys("ORG", "PER");
    }

    @Test
    void strictModeRejectsPrefixesOutsideTheScheme() {
        assertThatThrownBy(() -> EntityExtraction.strictEntities(tags("B-PER E-PER"), Scheme.IOB2, false, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("E-PER");
    }

    /** tests/test_scheme.py test_token_tag. */
    @ParameterizedTest
    @CsvSource({
        "I-MISC,false,MISC",
        "MISC-I,true,MISC",
        "I,false,_",
        "O,false,_",
        "I-ORG-COMPANY,false,ORG-COMPANY",
        "ORG-COMPANY-I,true,ORG-COMPANY",
        "I-組織,false,組織"
    })
    void tokenTag(String token, boolean suffix, String expected) {
        assertThat(Scheme.Token.parse(token, suffix).type()).isEqualTo(expected);
    }

    /**
     * tests/test_scheme.py test_iob1_tokens, test_iob2_tokens, test_ioe1_tokens, test_ioe2_tokens,
     * test_iobes_tokens and their _without_tag variants (entities as type,start,exclusive end). BILOU rows are
     * the IOBES rows with E->L and S->U, the mapping of seqeval's BILOU class to its IOBES class.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "IOB1|B-PER|",
                "IOB1|I-PER|PER,0,1",
                "IOB1|O|",
                "IOB1|O I-PER|PER,1,2",
                "IOB1|O B-PER|",
                "IOB1|I-PER O|PER,0,1",
                "IOB1|I-PER I-PER|PER,0,2",
                "IOB1|I-PER I-ORG|PER,0,1;ORG,1,2",
                "IOB1|I-PER B-PER|PER,0,1;PER,1,2",
                "IOB1|I-PER B-ORG|PER,0,1",
                "IOB1|B-PER O|",
                "IOB1|B-PER I-PER|PER,1,2",
                "IOB1|B-PER I-ORG|ORG,1,2",
                "IOB1|B-PER B-PER|PER,1,2",
                "IOB1|B-PER B-ORG|",
                "IOB1|I B|_,0,1;_,1,2",
                "IOB1|B B|_,1,2",
                "IOB2|B-PER|PER,0,1",
                "IOB2|I-PER|",
                "IOB2|O|",
                "IOB2|O I-PER|",
                "IOB2|O B-PER|PER,1,2",
                "IOB2|I-PER O|",
                "IOB2|I-PER I-PER|",
                "IOB2|I-PER I-ORG|",
                "IOB2|I-PER B-PER|PER,1,2",
                "IOB2|I-PER B-ORG|ORG,1,2",
                "IOB2|B-PER O|PER,0,1",
                "IOB2|B-PER I-PER|PER,0,2",
                "IOB2|B-PER I-ORG|PER,0,1",
                "IOB2|B-PER B-PER|PER,0,1;PER,1,2",
                "IOB2|B-PER B-ORG|PER,0,1;ORG,1,2",
                "IOB2|B I|_,0,2",
                "IOE1|E-PER|",
                "IOE1|I-PER|PER,0,1",
                "IOE1|O|",
                "IOE1|O I-PER|PER,1,2",
                "IOE1|O E-PER|",
                "IOE1|I-PER O|PER,0,1",
                "IOE1|I-PER I-PER|PER,0,2",
                "IOE1|I-PER I-ORG|PER,0,1;ORG,1,2",
                "IOE1|I-PER E-ORG|PER,0,1",
                "IOE1|E-PER O|",
                "IOE1|E-PER I-PER|PER,1,2",
                "IOE1|E-PER I-ORG|ORG,1,2",
                "IOE1|E-PER E-PER|",
                "IOE1|E-PER E-ORG|",
                "IOE2|E-PER|PER,0,1",
                "IOE2|I-PER|",
                "IOE2|O|",
                "IOE2|O I-PER|",
                "IOE2|O E-PER|PER,1,2",
                "IOE2|I-PER O|",
                "IOE2|I-PER I-PER|",
                "IOE2|I-PER I-ORG|",
                "IOE2|I-PER E-PER|PER,0,2",
                "IOE2|I-PER E-ORG|ORG,1,2",
                "IOE2|E-PER O|PER,0,1",
                "IOE2|E-PER I-PER|PER,0,1",
                "IOE2|E-PER I-ORG|PER,0,1",
                "IOE2|E-PER E-PER|PER,0,1;PER,1,2",
                "IOE2|E-PER E-ORG|PER,0,1;ORG,1,2",
                "IOBES|O|",
                "IOBES|I-PER|",
                "IOBES|B-PER|",
                "IOBES|E-PER|",
                "IOBES|S-PER|PER,0,1",
                "IOBES|O O|",
                "IOBES|O I-PER|",
                "IOBES|O B-PER|",
                "IOBES|O E-PER|",
                "IOBES|O S-PER|PER,1,2",
                "IOBES|I-PER O|",
                "IOBES|I-PER I-PER|",
                "IOBES|I-PER I-ORG|",
                "IOBES|I-PER B-PER|",
                "IOBES|I-PER E-PER|",
                "IOBES|I-PER E-ORG|",
                "IOBES|I-PER S-PER|PER,1,2",
                "IOBES|B-PER O|",
                "IOBES|B-PER I-PER|",
                "IOBES|B-PER I-ORG|",
                "IOBES|B-PER B-PER|",
                "IOBES|B-PER E-PER|PER,0,2",
                "IOBES|B-PER E-ORG|",
                "IOBES|B-PER S-PER|PER,1,2",
                "IOBES|E-PER O|",
                "IOBES|E-PER I-PER|",
                "IOBES|E-PER B-PER|",
                "IOBES|E-PER E-PER|",
                "IOBES|E-PER S-PER|PER,1,2",
                "IOBES|S-PER O|PER,0,1",
                "IOBES|S-PER I-PER|PER,0,1",
                "IOBES|S-PER B-PER|PER,0,1",
                "IOBES|S-PER E-PER|PER,0,1",
                "IOBES|S-PER S-PER|PER,0,1;PER,1,2",
                "BILOU|U-PER|PER,0,1",
                "BILOU|B-PER L-PER|PER,0,2",
                "BILOU|B-PER I-PER L-PER|PER,0,3",
                "BILOU|B-PER O|",
                "BILOU|B-PER L-ORG|",
                "BILOU|U-PER U-PER|PER,0,1;PER,1,2",
                "BILOU|L-PER U-PER|PER,1,2",
                "BILOU|U-PER I-PER|PER,0,1",
                "BILOU|O U-PER|PER,1,2",
                "BILOU|B-PER U-PER|PER,1,2"
            })
    void schemeTokens(String scheme, String tokens, String expected) {
        List<Entity> entities = EntityExtraction.strictEntities(tags(tokens), Scheme.parse(scheme), false, 0);
        assertThat(describe(entities)).isEqualTo(expected == null ? "" : expected);
    }

    @Test
    void autoDetect() {
        assertThat(Scheme.autoDetect(List.of(tags("B-PER I-PER O")), false)).isEqualTo(Scheme.IOB2);
        assertThat(Scheme.autoDetect(List.of(tags("I-PER E-PER O")), false)).isEqualTo(Scheme.IOE2);
        assertThat(Scheme.autoDetect(List.of(tags("B-PER E-PER S-LOC O")), false))
                .isEqualTo(Scheme.IOBES);
        assertThatThrownBy(() -> Scheme.autoDetect(List.of(tags("B-PER L-PER")), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<List<List<String>>> taggedSentences() {
        Arbitrary<String> tag = Arbitraries.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "E-ORG", "S-ORG");
        return tag.list().ofMinSize(1).ofMaxSize(8).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 200)
    void identicalTagsScoreOneAndScoresStayInRange(
            @ForAll("taggedSentences") List<List<String>> gold, @ForAll("taggedSentences") List<List<String>> other) {
        SeqevalReport same = Seqeval.evaluate(gold, gold, SeqevalReport.Mode.DEFAULT, null, false);
        if (same.micro().support() > 0) {
            assertThat(same.micro().f1()).isEqualTo(1.0);
        }
        List<List<String>> pred = new ArrayList<>();
        for (List<String> g : gold) {
            List<String> p = new ArrayList<>();
            for (int i = 0; i < g.size(); i++) {
                List<String> o = other.get(Math.min(i % other.size(), other.size() - 1));
                p.add(o.get(i % o.size()));
            }
            pred.add(p);
        }
        SeqevalReport r = Seqeval.evaluate(gold, pred, SeqevalReport.Mode.DEFAULT, null, false);
        for (SeqevalReport.Average a : SeqevalReport.Average.values()) {
            TypeScore s = r.average(a);
            if (!Double.isNaN(s.f1())) {
                assertThat(s.f1()).isBetween(0.0, 1.0);
                assertThat(s.precision()).isBetween(0.0, 1.0);
            }
        }
    }
}
