package org.slmcluster.evaluators.mt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WMT17 en-de test data of the shared folder: env {@code SLM_SHARED_DIR}, else {@code <repo>/../shared}.
 * Loaded once per JVM.
 */
final class Wmt17Data {

    final List<String> reference;
    final Map<String, List<String>> systems;

    private static Wmt17Data instance;

    private Wmt17Data(List<String> reference, Map<String, List<String>> systems) {
        this.reference = reference;
        this.systems = systems;
    }

    static synchronized Wmt17Data load() {
        if (instance == null) {
            Path file = sharedDir().resolve("wmt17_en_de").resolve("newstest2017_en_de.json");
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(
                        "WMT17 data not found at " + file + ": set SLM_SHARED_DIR to the shared folder");
            }
            try {
                JsonNode root = new ObjectMapper().readTree(file.toFile());
                List<String> reference = new ArrayList<>();
                root.get("reference").forEach(n -> reference.add(n.asText()));
                Map<String, List<String>> systems = new LinkedHashMap<>();
                root.get("systems").fields().forEachRemaining(e -> {
                    List<String> lines = new ArrayList<>();
                    e.getValue().forEach(n -> lines.add(n.asText()));
                    systems.put(e.getKey(), lines);
                });
                instance = new Wmt17Data(reference, systems);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    static Path sharedDir() {
        String env = System.getenv("SLM_SHARED_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "repository root not found from " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("..").resolve("shared").normalize();
    }
}
