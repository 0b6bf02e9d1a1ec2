package org.slmcluster.runtime.evaluation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slmcluster.evaluators.bertscore.Baseline;
import org.slmcluster.evaluators.bertscore.BertScore;
import org.slmcluster.evaluators.bertscore.BertScoreOptions;
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
    private final Optional<BertScore> bertScore;
    private final String bertScoreSignature;
    private final String noEncoderReason;
    private final boolean encoderMetricsSkipped;
    private final BertScoreOptions bertScoreSettings;

    private EvaluationOptions(
            Optional<ScoringEncoder> encoder, BertScoreOptions options, String noEncoderReason, boolean skipped) {
        this(encoder, Optional.empty(), options, noEncoderReason, skipped);
    }

    private EvaluationOptions(
            Optional<ScoringEncoder> encoder,
            Optional<ScoringComet> comet,
            BertScoreOptions options,
            String noEncoderReason,
            boolean skipped) {
        this.encoder = encoder;
        this.comet = comet;
        this.bertScoreSettings = options;
        this.bertScore = encoder.map(e -> new BertScore(e, options));
        this.bertScoreSignature = encoder.map(e -> signature(e.name(), options)).orElse("");
        this.noEncoderReason = noEncoderReason;
        this.encoderMetricsSkipped = skipped;
    }

    /** No encoder: a suite asking for BERTScore or embedding similarity is refused. */
    public static EvaluationOptions lexical() {
        return new EvaluationOptions(
                Optional.empty(),
                BertScoreOptions.defaults(),
                "no encoder is configured on this job manager (" + ENCODER_SETTING + ")",
                false);
    }

    /** No encoder, and the metrics that need one are left out of every job by the user's choice. */
    public static EvaluationOptions skippingEncoderMetrics() {
        return new EvaluationOptions(
                Optional.empty(), BertScoreOptions.defaults(), "encoder metrics are skipped", true);
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
                encoder, Optional.of(cometModel), bertScoreSettings, noEncoderReason, encoderMetricsSkipped);
    }

    private static EvaluationOptions encoderFromConfig(Config config) {
        String value = config.hasPath(ENCODER_SETTING)
                ? config.getString(ENCODER_SETTING).strip()
                : "bundled";
        if (value.isEmpty() || value.equals("bundled")) {
            return with(ScoringEncoder.bundled(), bertScoreOptions(config));
        }
        if (value.equals("none")) {
            return new EvaluationOptions(
                    Optional.empty(), BertScoreOptions.defaults(), ENCODER_SETTING + " = none", false);
        }
        Map<String, Path> named = namedEncoders(config);
        if (named.containsKey(value)) {
            Path directory = named.get(value);
            return with(
                    new ScoringEncoder(
                            value,
                            "the encoder " + value + " (" + directory + ")",
                            () -> OnnxEncoder.loadDirectory(directory)),
                    bertScoreOptions(config));
        }
        return with(
                new ScoringEncoder(
                        String.valueOf(Path.of(value).getFileName()),
                        "the encoder in " + value + (named.isEmpty() ? "" : " (not one of " + named.keySet() + ")"),
                        () -> OnnxEncoder.loadDirectory(Path.of(value))),
                bertScoreOptions(config));
    }

    /** {@value #ENCODERS_SETTING}: encoder name -> directory. */
    public static Map<String, Path> namedEncoders(Config config) {
        if (!config.hasPath(ENCODERS_SETTING)) {
            return Map.of();
        }
        Map<String, Path> named = new TreeMap<>();
        try {
            Config encoders = config.getConfig(ENCODERS_SETTING);
            for (String name : encoders.root().keySet()) {
                named.put(name, Path.of(encoders.getString(ConfigUtil.quoteString(name))));
            }
        } catch (ConfigException e) {
            throw new IllegalArgumentException(
                    ENCODERS_SETTING + " must map encoder names to directories: " + e.getMessage(), e);
        }
        return named;
    }

    /** BERTScore when an encoder is configured (it loads on first use). */
    public Optional<BertScore> bertScore() {
        return bertScore;
    }

    /**
     * What the BERTScore values are, in bert_score's hash style ({@code model_L..._idf|no-idf[-rescaled]}):
     * e.g. {@code all-MiniLM-L6-v2-int8(bundled default)_Llast_no-idf_slm-cluster(onnx)}; empty without an
     * encoder. The ONNX export's last output layer is used, so the layer reads {@code Llast}.
     */
    public String bertScoreSignature() {
        return bertScoreSignature;
    }

    static String signature(String encoderName, BertScoreOptions options) {
        return encoderName + "_Llast" + (options.idf() ? "_idf" : "_no-idf")
                + (options.baseline().isPresent() ? "-custom-rescaled" : "") + "_slm-cluster(onnx)";
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
