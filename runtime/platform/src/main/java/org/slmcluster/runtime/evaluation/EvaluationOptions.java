package org.slmcluster.runtime.evaluation;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Optional;
import org.slmcluster.evaluators.bertscore.BertScore;
import org.slmcluster.evaluators.bertscore.BertScoreOptions;
import org.slmcluster.evaluators.encoder.SentenceEncoder;
import org.slmcluster.runtime.suite.Metric;

/**
 * The encoder behind the model-based metrics (BERTScore, embedding similarity) of the member that scores.
 * A job whose suite asks for such a metric is refused when it cannot be computed here ({@link #require}):
 * no metric a suite asks for is silently left out. Only {@link #skippingEncoderMetrics()} (the CLI's
 * {@code --lexical-only}) leaves them out, by the user's explicit choice. Closing closes the encoder.
 */
public final class EvaluationOptions implements AutoCloseable {

    /** The setting naming the coordinator's encoder: {@code bundled} (default), {@code none}, or a directory. */
    public static final String ENCODER_SETTING = "slm.evaluation.encoder";

    private final Optional<ScoringEncoder> encoder;
    private final Optional<BertScore> bertScore;
    private final String noEncoderReason;
    private final boolean encoderMetricsSkipped;

    private EvaluationOptions(Optional<ScoringEncoder> encoder, String noEncoderReason, boolean skipped) {
        this.encoder = encoder;
        this.bertScore = encoder.map(e -> new BertScore(e, BertScoreOptions.defaults()));
        this.noEncoderReason = noEncoderReason;
        this.encoderMetricsSkipped = skipped;
    }

    /** No encoder: a suite asking for BERTScore or embedding similarity is refused. */
    public static EvaluationOptions lexical() {
        return new EvaluationOptions(
                Optional.empty(), "no encoder is configured on this job manager (" + ENCODER_SETTING + ")", false);
    }

    /** No encoder, and the metrics that need one are left out of every job by the user's choice. */
    public static EvaluationOptions skippingEncoderMetrics() {
        return new EvaluationOptions(Optional.empty(), "encoder metrics are skipped", true);
    }

    /**
     * BERTScore (no idf, no baseline, as {@code slm score bertscore} without options) and embedding
     * similarity with the encoder that ships on the classpath (all-MiniLM-L6-v2), loaded on first need.
     */
    public static EvaluationOptions withDefaultEncoder() {
        return with(ScoringEncoder.bundled());
    }

    /** As {@link #withDefaultEncoder()} with this encoder. */
    public static EvaluationOptions with(ScoringEncoder encoder) {
        return new EvaluationOptions(Optional.of(encoder), "", false);
    }

    /**
     * From {@value #ENCODER_SETTING}: {@code bundled} (also when absent), {@code none} (jobs asking for
     * encoder metrics are refused), or the path of an encoder directory ({@code model.onnx} +
     * {@code tokenizer.json}; relative to the working directory). Nothing is loaded here.
     */
    public static EvaluationOptions fromConfig(Config config) {
        String value = config.hasPath(ENCODER_SETTING)
                ? config.getString(ENCODER_SETTING).strip()
                : "bundled";
        if (value.isEmpty() || value.equals("bundled")) {
            return withDefaultEncoder();
        }
        if (value.equals("none")) {
            return new EvaluationOptions(Optional.empty(), ENCODER_SETTING + " = none", false);
        }
        return with(ScoringEncoder.directory(Path.of(value)));
    }

    /** BERTScore when an encoder is configured (it loads on first use). */
    public Optional<BertScore> bertScore() {
        return bertScore;
    }

    /** Embedding similarity's encoder when one is configured (it loads on first use). */
    public Optional<SentenceEncoder> sentenceEncoder() {
        return encoder.map(SentenceEncoder.class::cast);
    }

    /** True when metrics needing an encoder are left out by choice ({@link #skippingEncoderMetrics()}). */
    public boolean skipsEncoderMetrics() {
        return encoderMetricsSkipped;
    }

    /** True for the metrics that need an encoder model. */
    public static boolean needsEncoder(Metric metric) {
        return metric == Metric.BERTSCORE || metric == Metric.EMBEDDING_SIMILARITY;
    }

    /**
     * Makes sure {@code metric} of {@code task} can be computed here, loading the encoder if it needs one
     * and is not loaded yet.
     *
     * @throws MetricUnavailableException naming the task, the metric and the missing piece
     */
    public void require(String task, Metric metric) {
        if (!needsEncoder(metric) || encoderMetricsSkipped) {
            return;
        }
        if (encoder.isEmpty()) {
            throw new MetricUnavailableException(
                    "task " + task + ": metric " + metric.configName() + " cannot be computed: " + noEncoderReason);
        }
        try {
            encoder.get().load();
        } catch (RuntimeException e) {
            throw new MetricUnavailableException(
                    "task " + task + ": metric " + metric.configName() + " cannot be computed: "
                            + encoder.get().description() + " did not load: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        encoder.ifPresent(ScoringEncoder::close);
    }
}
