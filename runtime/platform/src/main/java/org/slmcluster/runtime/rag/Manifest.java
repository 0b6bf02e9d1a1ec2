package org.slmcluster.runtime.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code manifest.json} next to a collection's index: where the documents came from, their sha256 by file
 * name, and the settings and encoder the index was built with. An index is reused only when all match.
 * {@code embeddedChunks} is how many chunk texts the last build embedded (the others were reused).
 */
public record Manifest(
        int format,
        String name,
        String source,
        ChunkingOptions chunking,
        TextAnalysis analysis,
        String encoder,
        int dimension,
        Map<String, String> documents,
        int chunks,
        int embeddedChunks,
        String builtAt,
        long buildMillis) {

    public static final int FORMAT = 1;
    static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Manifest {
        documents = java.util.Collections.unmodifiableMap(new TreeMap<>(documents));
    }

    public IndexSettings settings() {
        return new IndexSettings(chunking, analysis);
    }

    /** True when an index with this manifest can serve these documents, settings and encoder. */
    boolean matches(Map<String, String> currentDocuments, IndexSettings settings, String encoderName) {
        return format == FORMAT
                && documents.equals(new TreeMap<>(currentDocuments))
                && settings().equals(settings)
                && encoder.equals(encoderName);
    }

    static Optional<Manifest> read(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Manifest.class));
        } catch (IOException e) {
            // A manifest from an older format or a crash mid-write: the index is rebuilt.
            return Optional.empty();
        }
    }

    void write(Path directory) {
        Path file = directory.resolve(FILE);
        Path temporary = directory.resolve(FILE + ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), this);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CollectionException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
