package org.slmcluster.runtime.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.runtime.digest.Sha256;
import org.slmcluster.runtime.ledger.LedgerJson;
import org.slmcluster.runtime.suite.RenderedPrompt;

/**
 * Generated answers on disk, keyed by (model weights sha256, full prompt hash, generation parameters), so
 * that running a suite again only generates what changed and re-scoring runs no inference. An
 * append-only JSONL file ({@code <data>/cache/responses.jsonl}), read into memory when opened; a line
 * cut short by a crash is skipped. Later lines win.
 */
public final class ResponseCache implements AutoCloseable {

    private final Path file;
    private final Map<String, CachedResponse> entries = new ConcurrentHashMap<>();
    private final BufferedWriter writer;
    private final ObjectMapper json = LedgerJson.mapper();

    private ResponseCache(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.getParent());
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    CachedResponse entry = json.readValue(line, CachedResponse.class);
                    entries.put(entry.key(), entry);
                } catch (IOException e) {
                    // a line cut short by a crash: the answer will be generated again
                }
            }
        }
        this.writer = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Opens (creating) {@code <dataDir>/cache/responses.jsonl}. */
    public static ResponseCache open(Path dataDir) {
        try {
            return new ResponseCache(dataDir.resolve("cache").resolve("responses.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the response cache under " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The cache key: sha256 of the model's weights hash, the prompt hash and every generation parameter
     * (the context size too: it is an engine setting that can change the answer).
     */
    public static String key(
            String modelSha256, RenderedPrompt prompt, GenerationParameters parameters, int contextSize) {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("model", modelSha256);
        canonical.put("prompt", prompt.sha256());
        canonical.put("max-tokens", parameters.maxTokens());
        canonical.put("temperature", parameters.temperature());
        canonical.put("top-p", parameters.topP());
        canonical.put("seed", parameters.seed());
        canonical.put("stop", List.copyOf(parameters.stop()));
        canonical.put("context-size", contextSize);
        try {
            return Sha256.hex(LedgerJson.mapper().writeValueAsBytes(canonical));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<CachedResponse> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Appends the entry and flushes it to the file before returning. */
    public synchronized void put(CachedResponse entry) {
        try {
            writer.write(json.writeValueAsString(entry));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the response cache " + file + ": " + e.getMessage(), e);
        }
        entries.put(entry.key(), entry);
    }

    public int size() {
        return entries.size();
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            // nothing is buffered after put()
        }
    }
}
