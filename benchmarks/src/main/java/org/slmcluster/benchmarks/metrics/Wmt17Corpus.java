package org.slmcluster.benchmarks.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WMT17 en-de references and 16 system outputs of the shared folder (env {@code SLM_SHARED_DIR}, else
 * {@code <repo>/../shared}; or an explicit file).
 */
record Wmt17Corpus(List<String> reference, Map<String, List<String>> systems) {

    static Path defaultFile() {
        String env = System.getenv("SLM_SHARED_DIR");
        Path shared;
        if (env != null && !env.isBlank()) {
            shared = Path.of(env);
        } else {
            Path dir = Path.of("").toAbsolutePath();
            while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
                dir = dir.getParent();
            }
            if (dir == null) {
                throw new IllegalStateException("repository root not found: set SLM_SHARED_DIR");
            }
            shared = dir.resolve("..").resolve("shared").normalize();
        }
        return shared.resolve("wmt17_en_de").resolve("newstest2017_en_de.json");
    }

    static Wmt17Corpus load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("WMT17 data not found at " + file + ": set SLM_SHARED_DIR to the shared folder");
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<String> reference = new ArrayList<>();
        root.get("reference").forEach(n -> reference.add(n.asText()));
        Map<String, List<String>> systems = new LinkedHashMap<>();
        root.get("systems").properties().iterator().forEachRemaining(e -> {
            List<String> lines = new ArrayList<>();
            e.getValue().forEach(n -> lines.add(n.asText()));
            systems.put(e.getKey(), lines);
        });
        return new Wmt17Corpus(reference, systems);
    }
}
