package org.slmcluster.runtime.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.evaluators.bertscore.BertScore;
import org.slmcluster.evaluators.bertscore.BertScoreOptions;
import org.slmcluster.evaluators.encoder.EncodedText;
import org.slmcluster.evaluators.encoder.OnnxEncoder;
import org.slmcluster.runtime.suite.Metric;
import org.slmcluster.runtime.suite.PromptBuilder;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteLoader;
import org.slmcluster.runtime.suite.SummarizationItem;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskItem;
import org.slmcluster.testing.SyntheticEncoderExport;

/**
 * BERTScore in a job through the settings (a named encoder directory, idf, baseline rescaling) against an
 * independent computation of bert_score's formulas on the same embeddings: idf(w) = ln((M+1)/(df(w)+1))
 * over the task's M references (special tokens 0), greedy cosine matching weighted by idf, F = 2PR/(P+R),
 * then (x - b) / (1 - b).
 */
class BertScoreSettingsTest {

    @TempDir
    Path dir;

    @Test
    void idfAndBaselineFromTheSettingsMatchBertScoresFormulas() throws Exception {
        Path export = Files.createDirectory(dir.resolve("minilm-export"));
        copyResource(OnnxEncoder.DEFAULT_MODEL_RESOURCE, export.resolve("model.onnx"));
        copyResource(OnnxEncoder.DEFAULT_TOKENIZER_RESOURCE, export.resolve("tokenizer.json"));
        String settings = "slm.evaluation.encoders { minilm-export = \""
                + export.toString().replace("\\", "/")
                + "\" }\nslm.evaluation.encoder = minilm-export\n"
                + "slm.evaluation.bertscore { idf = true, baseline = \"0.5,0.4,0.3\" }\n";
        Suite suite = SuiteLoader.load(SmokeSuite.directory().resolveSibling("builtin"));
        TaskDefinition task = suite.task("summarization").orElseThrow();
        SummarizationItem item = (SummarizationItem) task.items().get(1);
        String answer = "The bus company sells one ticket for buses and trains.";
        try (EvaluationOptions options = EvaluationOptions.fromConfig(ConfigFactory.parseString(settings));
                OnnxEncoder independent = OnnxEncoder.loadDirectory(export)) {
            assertThat(options.bertScoreSignature())
                    .isEqualTo("minilm-export_Llast_idf_version=0.3.12(hug_trans=unknown)-custom-rescaled");
            Evaluation evaluation =
                    new ItemEvaluator(options).evaluate(task, item, PromptBuilder.build(task, item), List.of(), answer);

            List<String> references = task.items().stream()
                    .map(TaskItem::reference)
                    .map(String::strip)
                    .toList();
            Map<Long, Double> idf = idf(independent.encode(references));
            List<EncodedText> pair =
                    independent.encode(List.of(answer.strip(), item.summary().strip()));
            double precision = greedy(pair.get(0), pair.get(1), idf, references.size());
            double recall = greedy(pair.get(1), pair.get(0), idf, references.size());
            double f1 = 2 * precision * recall / (precision + recall);
            double rescaled = (f1 - 0.3) / (1 - 0.3);

            assertThat(evaluation.scores().get(ScoreNames.BERTSCORE_F1)).isCloseTo(rescaled, within(1e-6));
            assertThat(evaluation.details())
                    .containsEntry(ItemEvaluator.BERTSCORE_SIGNATURE, options.bertScoreSignature());
            System.out.printf(
                    "idf over %d references: P %.6f R %.6f F1 %.6f, rescaled %.6f%n",
                    references.size(), precision, recall, f1, rescaled);
        }
        try (EvaluationOptions bundled = EvaluationOptions.withDefaultEncoder()) {
            assertThat(bundled.bertScoreSignature())
                    .isEqualTo("all-MiniLM-L6-v2-int8(bundled default)_L6_no-idf_version=0.3.12(hug_trans=unknown)");
        }
    }

    @Test
    void anEncoderEntryChoosesTheLayerTheBaselineFileAndTheModelInTheHash() throws Exception {
        Path export = dir.resolve("synthetic");
        SyntheticEncoderExport.write(export, 30522, 8, 3, 7L, "4.40.2");
        copyResource(OnnxEncoder.DEFAULT_TOKENIZER_RESOURCE, export.resolve("tokenizer.json"));
        Path baseline = Files.writeString(
                dir.resolve("roberta-large.tsv"), "LAYER,P,R,F\n0,0.1,0.1,0.1\n1,0.2,0.3,0.4\n2,0.5,0.5,0.5\n");
        String entry = "slm.evaluation.encoders { synth { path = \""
                + export.toString().replace("\\", "/")
                + "\", model-type = roberta-large, layer = %d, baseline = \""
                + baseline.toString().replace("\\", "/") + "\" } }\nslm.evaluation.encoder = synth\n";
        List<String> hyps = List.of("A new pool opens next to the school.");
        List<List<String>> refs = List.of(List.of("A new pool is planned next to the secondary school."));
        try (EvaluationOptions options =
                        EvaluationOptions.fromConfig(ConfigFactory.parseString(String.format(entry, 1)));
                OnnxEncoder direct = OnnxEncoder.loadDirectory(export)) {
            options.require("summarization", Metric.BERTSCORE);
            assertThat(options.bertScoreSignature())
                    .isEqualTo("roberta-large_L1_no-idf_version=0.3.12(hug_trans=4.40.2)-rescaled");
            double raw = new BertScore(direct, BertScoreOptions.defaults().withLayer(OptionalInt.of(1)))
                    .score(hyps, refs)
                    .corpus()
                    .f1();
            assertThat(options.bertScore()
                            .orElseThrow()
                            .score(hyps, refs)
                            .corpus()
                            .f1())
                    .isCloseTo((raw - 0.4) / (1 - 0.4), within(1e-9));
        }
        try (EvaluationOptions tooDeep =
                EvaluationOptions.fromConfig(ConfigFactory.parseString(String.format(entry, 9)))) {
            assertThatThrownBy(() -> tooDeep.require("summarization", Metric.BERTSCORE))
                    .isInstanceOf(MetricUnavailableException.class)
                    .hasMessageContaining("task summarization: metric bertscore cannot be computed")
                    .hasMessageContaining("layer 9 is not in");
        }
    }

    /** bert_score's get_idf_dict: document frequency over the references, every piece counted once each. */
    private static Map<Long, Double> idf(List<EncodedText> references) {
        Map<Long, Integer> df = new HashMap<>();
        for (EncodedText reference : references) {
            Set<Long> seen = new HashSet<>();
            for (long id : reference.ids()) {
                if (seen.add(id)) {
                    df.merge(id, 1, Integer::sum);
                }
            }
        }
        int m = references.size();
        Map<Long, Double> idf = new HashMap<>();
        df.forEach((id, n) -> idf.put(id, Math.log((m + 1.0) / (n + 1.0))));
        return idf;
    }

    /** Sum over {@code from}'s tokens of idf x best cosine with a token of {@code to}, over the idf sum. */
    private static double greedy(EncodedText from, EncodedText to, Map<Long, Double> idf, int m) {
        double weighted = 0;
        double weights = 0;
        for (int i = 0; i < from.ids().length; i++) {
            double w = from.special()[i] ? 0 : idf.getOrDefault(from.ids()[i], Math.log(m + 1.0));
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < to.ids().length; j++) {
                best = Math.max(best, cosine(from.vectors()[i], to.vectors()[j]));
            }
            weighted += w * best;
            weights += w;
        }
        return weighted / weights;
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
