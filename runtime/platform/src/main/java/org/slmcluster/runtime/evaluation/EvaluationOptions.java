package org.slmcluster.runtime.evaluation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slmcluster.evaluators.bertscore.Baseline;
import org.slmcluster.evaluators.bertscore.BertScore;
import org.slmcluster.evaluators.bertscore.BertScoreOptions;
import org.slmcluster.evaluators.bertscore.BertScoreSetup;
import org.slmcluster.evaluators.encoder.OnnxEncoder;
import org.slmcluster.evaluators.encoder.SentenceEncoder;
import org.slmcluster.runtime.suite.Metric;

/**
 * The encoder behind the model-based metrics (BERTScore, embedding similarity) of the member that scores.
 * A job whose suite asks for such a metric is refused when it cannot be computed here ({@link #require}):
 * no metric a suite asks for is silently left out. Only {@link #skippingEncoderMetrics()} (the CLI's
 * {@code --lexical-only}) leaves them out, by the user's explicit choice. Closing closes the encoder.
 */
public final class EvaluationOptions implements AutoCloseable {

    /** The coordinator's encoder: {@code bundled} (default), {@code none}, a named encoder or a directory. */
    public static final String ENCODER_SETTING = "slm.evaluation.encoder";

    /** BERTScore's options on the coordinator: {@code idf} and {@code baseline}. */
    public static final String BERTSCORE_SETTING = "slm.evaluation.bertscore";

    /** Encoders the user brings, by name: {@code slm.evaluation.encoders { my-encoder = "/path/to/dir" }}. */
    public static final String ENCODERS_SETTING = "slm.evaluation.encoders";

    /** The COMET model directory of the coordinator (see docs/encoders.md); unset: no {@code comet} metric. */
    public static final String COMET_SETTING = "slm.evaluation.comet";

    private final Optional<ScoringEncoder> encoder;
    private final Optional<ScoringComet> comet;
    private final BertScoreSetup bertScoreSetup;
    private final String noEncoderReason;
    private final boolean encoderMetricsSkipped;
    /** The setup resolved on the loaded encoder, on first need. */
    private BertScore bertScore;

    private String bertScoreSignature;

    private EvaluationOptions(
            Optional<ScoringEncoder> encoder, BertScoreSetup setup, String noEncoderReason, boolean skipped) {
        this(encoder, Optional.empty(), setup, noEncoderReason, skipped);
    }

    private EvaluationOptions(
            Optional<ScoringEncoder> encoder,
            Optional<ScoringComet> comet,
            BertScoreSetup setup,
            String noEncoderReason,
            boolean skipped) {
        this.encoder = encoder;
        this.comet = comet;
        this.bertScoreSetup = setup;
        this.noEncoderReason = noEncoderReason;
        this.encoderMetricsSkipped = skipped;
    }

    private static BertScoreSetup setup(ScoringEncoder encoder, BertScoreOptions options) {
        return new BertScoreSetup(encoder.name(), options.idf(), options.layer(), Optional.empty(), options.baseline());
    }

    private static BertScoreSetup noSetup() {
        return new BertScoreSetup("none", false, OptionalInt.empty(), Optional.empty(), Optional.empty());
    }

    /** No encoder: a suite asking for BERTScore or embedding similarity is refused. */
    public static EvaluationOptions lexical() {
        return new EvaluationOptions(
                Optional.empty(),
                noSetup(),
                "no encoder is configured on this job manager (" + ENCODER_SETTING + ")",
                false);
    }

    /** No encoder, and the metrics that need one are left out of every job by the user's choice. */
    public static EvaluationOptions skippingEncoderMetrics() {
        return new EvaluationOptions(Optional.empty(), noSetup(), "encoder metrics are skipped", true);
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
        return with(encoder, BertScoreOptions.defaults());
    }

    /** This encoder, BERTScore with these options (idf: from the references of each task). */
    public static EvaluationOptions with(ScoringEncoder encoder, BertScoreOptions bertScore) {
        return new EvaluationOptions(Optional.of(encoder), setup(encoder, bertScore), "", false);
    }

    /** This encoder with BERTScore's settings (layer, idf, baseline file; the setup's model is the hash's). */
    public static EvaluationOptions with(ScoringEncoder encoder, BertScoreSetup bertScore) {
        return new EvaluationOptions(Optional.of(encoder), bertScore, "", false);
    }

    /**
     * {@value #BERTSCORE_SETTING}{@code .idf} (default false: idf weights from the references of each
     * task, as bert_score's {@code idf=True} over that task's corpus) and {@code .baseline} ({@code "P,R,F"}
     * for rescaling, as bert_score's {@code baseline_path}; default none).
     *
     * @throws IllegalArgumentException a malformed value, naming the setting
     */
    public static BertScoreOptions bertScoreOptions(Config config) {
        BertScoreOptions options = BertScoreOptions.defaults();
        try {
            if (config.hasPath(BERTSCORE_SETTING + ".idf")) {
                options = options.withIdf(config.getBoolean(BERTSCORE_SETTING + ".idf"));
            }
            if (config.hasPath(BERTSCORE_SETTING + ".baseline")) {
                String baseline =
                        config.getString(BERTSCORE_SETTING + ".baseline").strip();
                if (!baseline.isEmpty()) {
                    options = options.withBaseline(Baseline.parse(baseline));
                }
            }
        } catch (ConfigException | IllegalArgumentException e) {
            throw new IllegalArgumentException(BERTSCORE_SETTING + ": " + e.getMessage(), e);
        }
        return options;
    }

    /**
     * From {@value #ENCODER_SETTING}: {@code bundled} (also when absent), {@code none} (jobs asking for
     * encoder metrics are refused), the name of an encoder under {@value #ENCODERS_SETTING} (name = its
     * directory), or the path of an encoder directory ({@code model.onnx} + {@code tokenizer.json}; relative
     * to the working directory). Nothing is loaded here.
     *
     * @throws IllegalArgumentException {@value #ENCODERS_SETTING} is not an object of paths
     */
    public static EvaluationOptions fromConfig(Config config) {
        EvaluationOptions options = encoderFromConfig(config);
        if (config.hasPath(COMET_SETTING) && !config.getString(COMET_SETTING).isBlank()) {
            return options.withComet(
                    new ScoringComet(Path.of(config.getString(COMET_SETTING).strip())));
        }
        return options;
    }

    /**
     * These options plus a COMET model for the {@code comet} metric (loaded on first need).
     */
    public EvaluationOptions withComet(ScoringComet cometModel) {
        return new EvaluationOptions(
                encoder, Optional.of(cometModel), bertScoreSetup, noEncoderReason, encoderMetricsSkipped);
    }

    private static EvaluationOptions encoderFromConfig(Config config) {
        String value = config.hasPath(ENCODER_SETTING)
                ? config.getString(ENCODER_SETTING).strip()
                : "bundled";
        if (value.isEmpty() || value.equals("bundled")) {
            return with(ScoringEncoder.bundled(), bertScoreOptions(config));
        }
        if (value.equals("none")) {
            return new EvaluationOptions(Optional.empty(), noSetup(), ENCODER_SETTING + " = none", false);
        }
        BertScoreOptions bertScore = bertScoreOptions(config);
        Map<String, EncoderDirectory> named = namedEncoders(config);
        if (named.containsKey(value)) {
            EncoderDirectory directory = named.get(value);
            ScoringEncoder encoder = new ScoringEncoder(
                    directory.modelType().orElse(value),
                    "the encoder " + value + " (" + directory.path() + ")",
                    () -> OnnxEncoder.loadDirectory(directory.path()));
            return with(
                    encoder,
                    new BertScoreSetup(
                            encoder.name(),
                            bertScore.idf(),
                            directory.layer(),
                            directory.baseline(),
                            bertScore.baseline()));
        }
        return with(
                new ScoringEncoder(
                        String.valueOf(Path.of(value).getFileName()),
                        "the encoder in " + value + (named.isEmpty() ? "" : " (not one of " + named.keySet() + ")"),
                        () -> OnnxEncoder.loadDirectory(Path.of(value))),
                bertScore);
    }

    /**
     * {@value #ENCODERS_SETTING}: encoder name -> its directory and BERTScore options ({@code path},
     * {@code model-type}, {@code layer}, {@code baseline}; or just the path).
     *
     * @throws IllegalArgumentException a malformed entry, naming the setting
     */
    public static Map<String, EncoderDirectory> namedEncoders(Config config) {
        return EncoderDirectory.allFrom(config);
    }

    /**
     * BERTScore when an encoder is configured; the first call loads the encoder and resolves the settings on
     * it (layer, baseline row).
     *
     * @throws RuntimeException the encoder does not load or the settings do not fit it ({@link #require}
     *     turns these into a refusal naming the metric)
     */
    public Optional<BertScore> bertScore() {
        if (encoder.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(resolvedBertScore());
    }

    private synchronized BertScore resolvedBertScore() {
        if (bertScore == null) {
            BertScoreSetup.Resolved resolved =
                    bertScoreSetup.resolve(encoder.get().load());
            bertScore = new BertScore(encoder.get(), resolved.options());
            bertScoreSignature = resolved.hash();
        }
        return bertScore;
    }

    /**
     * What the BERTScore values are, as bert_score's hash
     * ({@code {model}_L{layer}_idf|_no-idf_version=0.3.12(hug_trans=...)[-rescaled|-custom-rescaled]}, see
     * {@link BertScoreSetup#hash}): e.g.
     * {@code all-MiniLM-L6-v2-int8(bundled default)_L6_no-idf_version=0.3.12(hug_trans=unknown)}; empty
     * without an encoder. Loads the encoder on first call.
     */
    public String bertScoreSignature() {
        if (encoder.isEmpty()) {
            return "";
        }
        resolvedBertScore();
        synchronized (this) {
            return bertScoreSignature;
        }
    }

    /** Embedding similarity's encoder when one is configured (it loads on first use). */
    public Optional<SentenceEncoder> sentenceEncoder() {
        return encoder.map(SentenceEncoder.class::cast);
    }

    /** True when metrics needing an encoder are left out by choice ({@link #skippingEncoderMetrics()}). */
    public boolean skipsEncoderMetrics() {
        return encoderMetricsSkipped;
    }

    /** The COMET model when one is configured ({@value #COMET_SETTING}; it loads on first use). */
    public Optional<ScoringComet> comet() {
        return comet;
    }

    /** True for the metrics that need an encoder model (COMET's is its own, {@value #COMET_SETTING}). */
    public static boolean needsEncoder(Metric metric) {
        return metric == Metric.BERTSCORE || metric == Metric.EMBEDDING_SIMILARITY || metric == Metric.COMET;
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
        if (metric == Metric.COMET) {
            requireComet(task);
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
        if (metric == Metric.BERTSCORE) {
            try {
                resolvedBertScore();
            } catch (RuntimeException e) {
                throw new MetricUnavailableException(
                        "task " + task + ": metric bertscore cannot be computed with "
                                + encoder.get().description() + ": " + e.getMessage(),
                        e);
            }
        }
    }

    private void requireComet(String task) {
        String prefix = "task " + task + ": metric comet cannot be computed: ";
        if (comet.isEmpty()) {
            throw new MetricUnavailableException(prefix + "no COMET model is configured (" + COMET_SETTING
                    + " = a directory with model.onnx, tokenizer.json and estimator.safetensors)");
        }
        try {
            comet.get().load();
        } catch (RuntimeException e) {
            throw new MetricUnavailableException(
                    prefix + comet.get().description() + " did not load: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        encoder.ifPresent(ScoringEncoder::close);
        comet.ifPresent(ScoringComet::close);
    }
}
