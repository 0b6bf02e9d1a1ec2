package org.slmcluster.runtime.rag;

import java.util.List;
import java.util.function.Supplier;
import org.slmcluster.evaluators.encoder.OnnxEncoder;
import org.slmcluster.evaluators.encoder.SentenceEncoder;

/**
 * A named sentence encoder, loaded on first use: opening an up-to-date index and BM25 queries never
 * load the model. The name goes into the manifest; an index built with another encoder is rebuilt.
 */
public final class EmbeddingModel implements SentenceEncoder, AutoCloseable {

    private final String name;
    private final Supplier<? extends SentenceEncoder> loader;
    private volatile SentenceEncoder encoder;

    public EmbeddingModel(String name, Supplier<? extends SentenceEncoder> loader) {
        this.name = name;
        this.loader = loader;
    }

    /** The bundled all-MiniLM-L6-v2 (ONNX, int8) of the evaluators. */
    public static EmbeddingModel miniLm() {
        return new EmbeddingModel(OnnxEncoder.DEFAULT_NAME, OnnxEncoder::loadDefault);
    }

    public String name() {
        return name;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        return encoder().embed(texts);
    }

    private SentenceEncoder encoder() {
        SentenceEncoder current = encoder;
        if (current == null) {
            synchronized (this) {
                if (encoder == null) {
                    encoder = loader.get();
                }
                current = encoder;
            }
        }
        return current;
    }

    @Override
    public synchronized void close() {
        SentenceEncoder loaded = encoder;
        encoder = null;
        if (loaded instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing encoder " + name + " failed: " + e.getMessage(), e);
            }
        }
    }
}
