package org.slmcluster.evaluators.bertscore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.evaluators.encoder.OnnxEncoder;

/** BERTScore with the real default encoder (all-MiniLM-L6-v2): behaviour, not published numbers. */
class BertScoreEncoderTest {

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
    void identicalSentencesScoreOne() {
        BertScoreResult r = new BertScore(encoder, BertScoreOptions.defaults())
                .score(
                        List.of("The quick brown fox jumps over the lazy dog."),
                        List.of(List.of("The quick brown fox jumps over the lazy dog.")));
        assertThat(r.corpus().precision()).isCloseTo(1.0, within(1e-5));
        assertThat(r.corpus().recall()).isCloseTo(1.0, within(1e-5));
        assertThat(r.corpus().f1()).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void aParaphraseScoresAboveAnUnrelatedSentence() {
        String reference = "The weather is lovely today, so we are going to the beach.";
        BertScore scorer = new BertScore(encoder, BertScoreOptions.defaults());
        BertScoreResult r = scorer.score(
                List.of(
                        "It is a beautiful day, so we will head to the seaside.",
                        "Quarterly revenue declined because of supply chain problems."),
                List.of(List.of(reference, reference)));
        PrecisionRecallF1 paraphrase = r.segments().get(0);
        PrecisionRecallF1 unrelated = r.segments().get(1);
        assertThat(paraphrase.f1()).isGreaterThan(unrelated.f1() + 0.05);
        assertThat(paraphrase.precision()).isGreaterThan(unrelated.precision());
        assertThat(paraphrase.recall()).isGreaterThan(unrelated.recall());
    }

    @Test
    void scoresAreDeterministicAndIdfChangesThem() {
        List<String> cands = List.of("A cat sat on the mat.", "Dogs bark at night.", "I like green tea.");
        List<List<String>> refs = List.of(
                List.of("The cat is sitting on the mat.", "At night the dogs bark.", "Green tea is what I like."));
        BertScoreResult first = new BertScore(encoder, BertScoreOptions.defaults()).score(cands, refs);
        BertScoreResult again = new BertScore(encoder, BertScoreOptions.defaults()).score(cands, refs);
        BertScoreResult idf = new BertScore(encoder, BertScoreOptions.defaults().withIdf(true)).score(cands, refs);
        assertThat(again).isEqualTo(first);
        assertThat(idf.corpus().f1()).isNotEqualTo(first.corpus().f1());
        assertThat(idf.corpus().f1()).isBetween(0.5, 1.0);
    }
}
