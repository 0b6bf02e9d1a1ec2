package org.slmcluster.runtime.engines;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import de.kherud.llama.args.LogFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.EngineDescription;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.actors.engine.InvalidRequestException;
import org.slmcluster.runtime.models.EngineKind;
import org.slmcluster.runtime.models.ModelFileException;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.models.ModelSpec;

/**
 * Runs a GGUF model in-process with llama.cpp through {@code de.kherud:llama}.
 *
 * <p>Thread-safe: generations on one engine are serialized (one at a time, in arrival order), because a
 * llama.cpp context holds one KV cache. Chat requests are rendered with the model's own chat template;
 * llama.cpp falls back to ChatML when the GGUF has none. Stop strings are applied here rather than in
 * llama.cpp so that the finish reason is exact.
 *
 * <p>Note: once a model has been loaded, llama.cpp's native threads keep the JVM alive even after
 * {@link #close()}; command-line programs must end with {@code System.exit}.
 */
public final class LlamaCppEngine implements InferenceEngine {

    private static final Logger LOG = LoggerFactory.getLogger(LlamaCppEngine.class);
    private static final Object NATIVE_INIT = new Object();
    private static boolean nativeReady;

    private final ModelSpec spec;
    /** Fair, so that queued generations run in arrival order. */
    private final ReentrantLock lock = new ReentrantLock(true);

    private LlamaModel model;
    private volatile Path file;
    private boolean closed;

    public LlamaCppEngine(ModelSpec spec) {
        if (spec.engine() != EngineKind.LLAMA_CPP) {
            throw new IllegalArgumentException(
                    "model '" + spec.name() + "' uses engine " + spec.engine() + ", not llama-cpp");
        }
        this.spec = spec;
    }

    @Override
    public void load() throws EngineException {
        lock.lock();
        try {
            if (closed) {
                throw new EngineException("model '" + spec.name() + "': engine is closed", false);
            }
            if (model != null) {
                return;
            }
            Path resolved;
            try {
                resolved = ModelFiles.resolve(spec);
            } catch (ModelFileException e) {
                throw new EngineException(e.getMessage(), false, e);
            }
            prepareNative();
            ModelParameters parameters = new ModelParameters()
                    .setModel(resolved.toString())
                    .setCtxSize(spec.contextSize())
                    .setThreads(spec.threads())
                    .setThreadsBatch(spec.threads())
                    .setParallel(1)
                    .disableContextShift()
                    .disableLog();
            long start = System.nanoTime();
            try {
                model = new LlamaModel(parameters);
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                throw new EngineException(
                        "model '" + spec.name() + "': llama.cpp could not load " + resolved + ": " + e.getMessage(),
                        false,
                        e);
            }
            file = resolved;
            LOG.info(
                    "loaded model {} from {} in {} ms (context {}, threads {})",
                    spec.name(),
                    resolved,
                    (System.nanoTime() - start) / 1_000_000,
                    spec.contextSize(),
                    spec.threads());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public GenerationResult generate(GenerationRequest request) throws EngineException {
        return stream(request, piece -> {});
    }

    @Override
    public boolean streamsAtNoExtraCost() {
        return true;
    }

    @Override
    public GenerationResult stream(GenerationRequest request, Consumer<String> onToken) throws EngineException {
        try {
            // Interruptible: a caller whose deadline passed while queued behind other generations can give up.
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("model '" + spec.name() + "': interrupted while waiting for the model", true, e);
        }
        try {
            LlamaModel loaded = loadedModel();
            long start = System.nanoTime();
            String prompt = request.isChat() ? render(loaded, request.messages()) : request.rawPrompt();
            int promptTokens = tokens(loaded, prompt);
            // One token of room for the beginning-of-sequence token llama.cpp adds.
            int room = spec.contextSize() - promptTokens - 1;
            if (room < 1) {
                throw new InvalidRequestException("model '" + spec.name() + "': prompt of " + promptTokens
                        + " tokens does not fit the context of " + spec.contextSize() + " tokens");
            }
            GenerationParameters parameters = request.parameters();
            int limit = Math.min(parameters.maxTokens(), room);
            StopStrings stops = new StopStrings(parameters.stop(), onToken);
            int outputTokens = 0;
            LlamaIterator outputs =
                    loaded.generate(inference(prompt, parameters, limit)).iterator();
            try {
                while (outputs.hasNext()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new EngineException(
                                "model '" + spec.name() + "': generation interrupted after " + outputTokens + " tokens",
                                true);
                    }
                    LlamaOutput output = outputs.next();
                    boolean last = !outputs.hasNext();
                    if (!last || !output.text.isEmpty()) {
                        outputTokens++;
                    }
                    if (stops.accept(output.text)) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                throw new EngineException("model '" + spec.name() + "': generation failed: " + e.getMessage(), true, e);
            } finally {
                if (outputs.hasNext()) {
                    // Stop string, interruption, or a failing consumer: free the slot for the next request.
                    outputs.cancel();
                }
            }
            stops.finish();
            // The limit is max tokens, or less when the context runs out first: either way "length".
            String finishReason = !stops.stopped() && outputTokens >= limit ? "length" : "stop";
            return new GenerationResult(
                    stops.text(), promptTokens, outputTokens, System.nanoTime() - start, finishReason);
        } finally {
            lock.unlock();
        }
    }

    /** The model's chat template applied to the messages, ending with the assistant's turn opened. */
    public String render(List<ChatMessage> messages) throws EngineException {
        lock.lock();
        try {
            return render(loadedModel(), messages);
        } finally {
            lock.unlock();
        }
    }

    /** Number of tokens of {@code text} in this model's vocabulary (without the beginning-of-sequence token). */
    public int countTokens(String text) throws EngineException {
        lock.lock();
        try {
            return tokens(loadedModel(), text);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public EngineDescription describe() {
        String location = file != null ? file.toString() : spec.file();
        return new EngineDescription(
                EngineKind.LLAMA_CPP.configName(), spec.name(), location, spec.sha256(), spec.contextSize());
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (model != null) {
                model.close();
                model = null;
                LOG.info("closed model {}", spec.name());
            }
        } finally {
            lock.unlock();
        }
    }

    private LlamaModel loadedModel() throws EngineException {
        if (model == null) {
            throw new EngineException("model '" + spec.name() + "' is " + (closed ? "closed" : "not loaded"), false);
        }
        return model;
    }

    private String render(LlamaModel loaded, List<ChatMessage> messages) throws EngineException {
        String system = messages.stream()
                .filter(m -> "system".equals(m.role()))
                .map(ChatMessage::content)
                .collect(Collectors.joining("\n"));
        List<Pair<String, String>> turns = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (!"system".equals(message.role())) {
                turns.add(new Pair<>(message.role(), message.content()));
            }
        }
        try {
            return loaded.applyTemplate(
                    new InferenceParameters("").setMessages(system.isEmpty() ? null : system, turns));
        } catch (RuntimeException e) {
            LOG.warn("model {}: its chat template failed ({}); using ChatML", spec.name(), e.getMessage());
            return chatMl(messages);
        }
    }

    /** ChatML, which llama.cpp itself uses for models without a template. */
    static String chatMl(List<ChatMessage> messages) {
        StringBuilder prompt = new StringBuilder();
        for (ChatMessage message : messages) {
            prompt.append("<|im_start|>")
                    .append(message.role())
                    .append('\n')
                    .append(message.content())
                    .append("<|im_end|>\n");
        }
        return prompt.append("<|im_start|>assistant\n").toString();
    }

    private static int tokens(LlamaModel loaded, String text) {
        return text.isEmpty() ? 0 : loaded.encode(text).length;
    }

    private static InferenceParameters inference(String prompt, GenerationParameters parameters, int limit) {
        return new InferenceParameters(prompt)
                .setNPredict(limit)
                .setTemperature((float) parameters.temperature())
                .setTopP((float) parameters.topP())
                .setSeed((int) parameters.seed())
                .setCachePrompt(false);
    }

    /** llama.cpp unpacks its native library into {@code de.kherud.llama.tmpdir}, which must exist. */
    private static void prepareNative() throws EngineException {
        synchronized (NATIVE_INIT) {
            if (nativeReady) {
                return;
            }
            String tmp = System.getProperty("de.kherud.llama.tmpdir");
            if (tmp != null && !tmp.isBlank()) {
                try {
                    Files.createDirectories(Path.of(tmp));
                } catch (IOException e) {
                    throw new EngineException(
                            "cannot create de.kherud.llama.tmpdir " + tmp + ": " + e.getMessage(), false, e);
                }
            }
            // The loader announces the unpacked library on stdout, which belongs to the CLI's output (JSON...).
            PrintStream stdout = System.out;
            System.setOut(System.err);
            try {
                LlamaModel.setLogger(
                        LogFormat.TEXT, (level, message) -> LOG.debug("llama.cpp {}: {}", level, message.strip()));
            } catch (UnsatisfiedLinkError | ExceptionInInitializerError e) {
                throw new EngineException("cannot load the llama.cpp native library: " + e, false, e);
            } finally {
                System.setOut(stdout);
            }
            nativeReady = true;
        }
    }
}
