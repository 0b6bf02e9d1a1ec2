package org.slmcluster.runtime.evaluation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * One encoder the user brings under {@value EvaluationOptions#ENCODERS_SETTING}: its directory, and the
 * BERTScore settings that belong to that model. Given either as a path ({@code name = "/dir"}) or as an
 * object {@code name { path = "/dir", model-type = roberta-large, layer = 17, baseline = "/dir/roberta-large.tsv" }}.
 *
 * @param path the export ({@code model.onnx}, {@code tokenizer.json}, optional {@code config.json})
 * @param modelType the model in BERTScore's hash (bert_score's {@code model_type}); empty: the name
 * @param layer bert_score's {@code num_layers} (0 = embeddings); empty: the export's last layer
 * @param baseline a baseline file in bert_score's format ({@code LAYER,P,R,F}), read at the layer used
 */
public record EncoderDirectory(Path path, Optional<String> modelType, OptionalInt layer, Optional<Path> baseline) {

    /** {@value EvaluationOptions#ENCODERS_SETTING}: encoder name -> directory and options, sorted by name. */
    static Map<String, EncoderDirectory> allFrom(Config config) {
        String setting = EvaluationOptions.ENCODERS_SETTING;
        if (!config.hasPath(setting)) {
            return Map.of();
        }
        Map<String, EncoderDirectory> named = new TreeMap<>();
        try {
            Config encoders = config.getConfig(setting);
            for (String name : encoders.root().keySet()) {
                String key = ConfigUtil.quoteString(name);
                if (encoders.getValue(key).valueType() == ConfigValueType.OBJECT) {
                    named.put(name, fromObject(setting + "." + key, encoders.getConfig(key)));
                } else {
                    named.put(
                            name,
                            new EncoderDirectory(
                                    Path.of(encoders.getString(key)),
                                    Optional.empty(),
                                    OptionalInt.empty(),
                                    Optional.empty()));
                }
            }
        } catch (ConfigException e) {
            throw new IllegalArgumentException(
                    setting + " must map encoder names to directories (or to objects"
                            + " with path, model-type, layer, baseline): " + e.getMessage(),
                    e);
        }
        return named;
    }

    private static EncoderDirectory fromObject(String where, Config entry) {
        if (!entry.hasPath("path")) {
            throw new IllegalArgumentException(where + " has no path (the encoder's directory)");
        }
        OptionalInt layer = OptionalInt.empty();
        if (entry.hasPath("layer")) {
            int value = entry.getInt("layer");
            if (value < 0) {
                throw new IllegalArgumentException(where + ".layer must be 0 (embeddings) or more: " + value);
            }
            layer = OptionalInt.of(value);
        }
        return new EncoderDirectory(
                Path.of(entry.getString("path")),
                entry.hasPath("model-type") ? Optional.of(entry.getString("model-type")) : Optional.empty(),
                layer,
                entry.hasPath("baseline") ? Optional.of(Path.of(entry.getString("baseline"))) : Optional.empty());
    }
}
