package org.slmcluster.evaluators.bertscore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slmcluster.evaluators.encoder.EncodedText;
import org.slmcluster.evaluators.encoder.TokenEncoder;
import org.slmcluster.evaluators.encoder.TokenIds;

/**
 * BERTScore (Zhang et al., 2020) as the reference {@code bert_score} package computes it, over the
 * token embeddings of any {@link TokenEncoder}: greedy cosine matching ({@link GreedyMatching}),
 * optional idf weights from the references ({@link IdfWeights}), several references per candidate
 * (P, R and F1 each maxed separately, as bert_score does for a list of references), optional
 * baseline rescaling applied after the max.
 *
 * <p>Scores depend on the encoder and its layer: bert_score picks a tuned hidden layer of a large model
 * (e.g. layer 17 of roberta-large, {@link BertScoreOptions#layer}, which needs an export with every hidden
 * state); numbers from the bundled all-MiniLM-L6-v2 are not comparable with published BERTScore figures. Texts are stripped of
 * surrounding whitespace before encoding, as bert_score's {@code sent_encode} does.
 */
public final class BertScore {

    private final TokenEncoder encoder;
    private final BertScoreOptions options;

    /**
     * @throws org.slmcluster.evaluators.encoder.EncoderException the options ask for a layer the encoder
     *     cannot give
     */
    public BertScore(TokenEncoder encoder, BertScoreOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(encoder, "encoder");
        this.encoder =
                options.layer().isPresent() ? encoder.atLayer(options.layer().getAsInt()) : encoder;
    }

    /**
     * @param candidates one candidate per segment
     * @param referenceStreams one or more reference streams, each with one reference per candidate
     */
    public BertScoreResult score(List<String> candidates, List<List<String>> referenceStreams) {
        validate(candidates, referenceStreams);
        TokenWeights weights =
                options.idf() ? IdfWeights.fromReferences(allReferenceIds(referenceStreams)) : TokenWeights.UNIFORM;
        return score(candidates, referenceStreams, weights);
    }

    /**
     * As {@link #score(List, List)} with given token weights, e.g. idf computed once from a whole corpus's
     * references ({@link #weightsFor}) while segments of it are scored one at a time.
     */
    public BertScoreResult score(List<String> candidates, List<List<String>> referenceStreams, TokenWeights weights) {
        validate(candidates, referenceStreams);
        List<PrecisionRecallF1> segments = new ArrayList<>(candidates.size());
        int truncated = 0;
        for (int from = 0; from < candidates.size(); from += options.chunkSize()) {
            int to = Math.min(candidates.size(), from + options.chunkSize());
            List<String> texts = new ArrayList<>(strip(candidates.subList(from, to)));
            for (List<String> stream : referenceStreams) {
                texts.addAll(strip(stream.subList(from, to)));
            }
            List<EncodedText> encoded = encoder.encode(texts);
            for (EncodedText e : encoded) {
                truncated += e.truncated() ? 1 : 0;
            }
            int n = to - from;
            for (int i = 0; i < n; i++) {
                EncodedText candidate = encoded.get(i);
                PrecisionRecallF1 best = null;
                for (int s = 0; s < referenceStreams.size(); s++) {
                    PrecisionRecallF1 one = pair(candidate, encoded.get((s + 1) * n + i), weights);
                    best = best == null ? one : best.max(one);
                }
                PrecisionRecallF1 raw = best;
                segments.add(options.baseline().map(b -> b.rescale(raw)).orElse(raw));
            }
        }
        return new BertScoreResult(mean(segments), List.copyOf(segments), truncated);
    }

    /** The raw score of one candidate against one reference. */
    public static PrecisionRecallF1 pair(EncodedText candidate, EncodedText reference, TokenWeights weights) {
        return GreedyMatching.score(
                candidate.vectors(), weights.weights(new TokenIds(candidate.ids(), candidate.special())),
                reference.vectors(), weights.weights(new TokenIds(reference.ids(), reference.special())));
    }

    /** The options' weights for a corpus with these references: idf from them, or uniform without idf. */
    public TokenWeights weightsFor(List<String> references) {
        return options.idf() ? IdfWeights.fromReferences(allReferenceIds(List.of(references))) : TokenWeights.UNIFORM;
    }

    public BertScoreOptions options() {
        return options;
    }

    private List<TokenIds> allReferenceIds(List<List<String>> referenceStreams) {
        // bert_score flattens every candidate's references into one list: M counts all of them.
        List<String> all = new ArrayList<>();
        for (List<String> stream : referenceStreams) {
            all.addAll(strip(stream));
        }
        return encoder.tokenize(all);
    }

    private static List<String> strip(List<String> texts) {
        List<String> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(t.strip());
        }
        return out;
    }

    private static void validate(List<String> candidates, List<List<String>> referenceStreams) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates to score");
        }
        if (referenceStreams.isEmpty()) {
            throw new IllegalArgumentException("no references given");
        }
        for (int s = 0; s < referenceStreams.size(); s++) {
            if (referenceStreams.get(s).size() != candidates.size()) {
                throw new IllegalArgumentException("reference stream " + (s + 1) + " has "
                        + referenceStreams.get(s).size() + " segments but there are " + candidates.size()
                        + " candidates");
            }
        }
    }

    private static PrecisionRecallF1 mean(List<PrecisionRecallF1> segments) {
        double p = 0;
        double r = 0;
        double f = 0;
        for (PrecisionRecallF1 s : segments) {
            p += s.precision();
            r += s.recall();
            f += s.f1();
        }
        int n = segments.size();
        return new PrecisionRecallF1(p / n, r / n, f / n);
    }
}
