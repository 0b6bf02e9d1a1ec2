package org.slmcluster.runtime.models;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A named model as configuration describes it: which engine runs it and where its weights (or server)
 * are. {@code models { qwen2.5-0.5b-q8 { engine = llama-cpp, file = ..., sha256 = ... } }}.
 *
 * @param engine         what runs it: llama.cpp in the member or an OpenAI-compatible server
 * @param file           GGUF path or bare file name (searched in the model path); null for {@code openai}
 * @param sha256         expected file digest, lower-case hex, or null when unknown
 * @param baseUrl        OpenAI-compatible server root, e.g. {@code http://127.0.0.1:1234} (openai only)
 * @param apiKey         bearer token for the server, or null
 * @param remoteModel    the model name the server knows (openai only; defaults to {@code name})
 * @param contextSize    tokens of context (llama-cpp)
 * @param threads        generation threads (llama-cpp)
 * @param requestTimeout per-request timeout (openai)
 * @param maxRetries     retries after a connect error, 429 or 5xx (openai)
 * @param isolation      llama-cpp: its own engine process or the member's JVM; null = the member's default
 *                       ({@code slm.engine.isolation})
 * @param memoryLimitBytes llama-cpp in a process: memory limit of the engine process, 0 for none
 * @param nice           llama-cpp in a process: nice level of the engine process (0 = the member's)
 */
public record ModelSpec(
        String name,
        EngineKind engine,
        String file,
        String sha256,
        String baseUrl,
        String apiKey,
        String remoteModel,
        int contextSize,
        int threads,
        Duration requestTimeout,
        int maxRetries,
        EngineIsolation isolation,
        long memoryLimitBytes,
        int nice) {

    public static final int DEFAULT_CONTEXT_SIZE = 2048;
    public static final int DEFAULT_THREADS = 1;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_MAX_RETRIES = 3;

    public ModelSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model needs a name");
        }
        if (engine == null) {
            throw new IllegalArgumentException("model '" + name + "': no engine (expected llama-cpp or openai)");
        }
        if (engine == EngineKind.LLAMA_CPP && (file == null || file.isBlank())) {
            throw new IllegalArgumentException("model '" + name
                    + "': engine llama-cpp needs a 'file' (a GGUF path or file name) or the name of a catalogue entry");
        }
        if (engine == EngineKind.OPENAI && (baseUrl == null || baseUrl.isBlank())) {
            throw new IllegalArgumentException("model '" + name + "': engine openai needs a 'base-url'");
        }
        if (sha256 != null) {
            sha256 = sha256.trim().toLowerCase(java.util.Locale.ROOT);
            if (sha256.isEmpty()) {
                sha256 = null;
            } else if (!sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(
                        "model '" + name + "': sha256 must be 64 hex digits, got '" + sha256 + "'");
            }
        }
        if (remoteModel == null || remoteModel.isBlank()) {
            remoteModel = name;
        }
        if (contextSize < 1) {
            throw new IllegalArgumentException(
                    "model '" + name + "': context-size must be positive, got " + contextSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("model '" + name + "': threads must be positive, got " + threads);
        }
        if (requestTimeout == null) {
            requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("model '" + name + "': request-timeout must be positive");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("model '" + name + "': max-retries must not be negative");
        }
        if (memoryLimitBytes < 0) {
            throw new IllegalArgumentException("model '" + name + "': memory-limit must not be negative");
        }
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("model '" + name + "': nice must be in -20..19, got " + nice);
        }
    }

    /** Like the record's own, but never shows the API key (specs end up in logs). */
    @Override
    public String toString() {
        return "ModelSpec[name=" + name + ", engine=" + engine + ", file=" + file + ", sha256=" + sha256
                + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? null : "***") + ", remoteModel="
                + remoteModel
                + ", contextSize=" + contextSize + ", threads=" + threads + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + ", isolation=" + isolation + ", memoryLimitBytes=" + memoryLimitBytes
                + ", nice=" + nice + "]";
    }

    /** A llama.cpp model with default context size and threads. */
    public static ModelSpec llamaCpp(String name, String file, String sha256) {
        return new ModelSpec(
                name,
                EngineKind.LLAMA_CPP,
                file,
                sha256,
                null,
                null,
                null,
                DEFAULT_CONTEXT_SIZE,
                DEFAULT_THREADS,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_RETRIES,
                null,
                0,
                0);
    }

    /** A model served by an OpenAI-compatible server. */
    public static ModelSpec openAi(String name, String baseUrl, String apiKey, String remoteModel) {
        return new ModelSpec(
                name,
                EngineKind.OPENAI,
                null,
                null,
                baseUrl,
                apiKey,
                remoteModel,
                DEFAULT_CONTEXT_SIZE,
                DEFAULT_THREADS,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_RETRIES,
                null,
                0,
                0);
    }

    public ModelSpec withThreads(int value) {
        return new ModelSpec(
                name,
                engine,
                file,
                sha256,
                baseUrl,
                apiKey,
                remoteModel,
                contextSize,
                value,
                requestTimeout,
                maxRetries,
                isolation,
                memoryLimitBytes,
                nice);
    }

    public ModelSpec withContextSize(int value) {
        return new ModelSpec(
                name,
                engine,
                file,
                sha256,
                baseUrl,
                apiKey,
                remoteModel,
                value,
                threads,
                requestTimeout,
                maxRetries,
                isolation,
                memoryLimitBytes,
                nice);
    }

    public ModelSpec withRequestTimeout(Duration value) {
        return new ModelSpec(
                name,
                engine,
                file,
                sha256,
                baseUrl,
                apiKey,
                remoteModel,
                contextSize,
                threads,
                value,
                maxRetries,
                isolation,
                memoryLimitBytes,
                nice);
    }

    public ModelSpec withMaxRetries(int value) {
        return new ModelSpec(
                name,
                engine,
                file,
                sha256,
                baseUrl,
                apiKey,
                remoteModel,
                contextSize,
                threads,
                requestTimeout,
                value,
                isolation,
                memoryLimitBytes,
                nice);
    }

    public ModelSpec withFile(String value) {
        return new ModelSpec(
                name,
                engine,
                value,
                sha256,
                baseUrl,
                apiKey,
                remoteModel,
                contextSize,
                threads,
                requestTimeout,
                maxRetries,
                isolation,
                memoryLimitBytes,
                nice);
    }

    public ModelSpec withIsolation(EngineIsolation value) {
        return new ModelSpec(
                name,
                engine,
                file,
                sha256,
                baseUrl,
                apiKey,
                remoteModel,
                contextSize,
                threads,
                requestTimeout,
                maxRetries,
                value,
                memoryLimitBytes,
                nice);
    }

    public ModelSpec withMemoryLimitBytes(long value) {
        return new ModelSpec(
                name,
                engine,
                file,
                sha256,
                baseUrl,
                apiKey,
                remoteModel,
                contextSize,
                threads,
                requestTimeout,
                maxRetries,
                isolation,
                value,
                nice);
    }

    /**
     * Reads one model section. Keys (kebab-case; camelCase also accepted): engine (default llama-cpp),
     * file, sha256, catalogue (a catalogue entry supplying file and sha256; defaults to the model's name when
     * no file is given), base-url, api-key, remote-model, context-size, threads, request-timeout, max-retries,
     * isolation (process | in-process), memory-limit (a size such as 512M; 0 = none), nice (-20..19).
     */
    public static ModelSpec fromConfig(String name, Config section) {
        try {
            EngineKind engine;
            try {
                engine = EngineKind.parse(string(section, "engine", EngineKind.LLAMA_CPP.configName()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model '" + name + "': " + e.getMessage(), e);
            }
            String file = string(section, "file", null);
            String sha256 = string(section, "sha256", null);
            if (engine == EngineKind.LLAMA_CPP && file == null) {
                // `models { qwen2.5-0.5b-q8 {} }` or `{ catalogue = qwen2.5-0.5b-q8 }`: file and digest from the
                // catalogue.
                String entryName = string(section, "catalogue", name);
                java.util.Optional<CatalogueEntry> entry =
                        ModelCatalogue.builtIn().find(entryName);
                if (entry.isPresent()) {
                    file = entry.get().file();
                    sha256 = sha256 != null ? sha256 : entry.get().sha256();
                } else if (section.hasPath("catalogue")) {
                    throw new IllegalArgumentException("model '" + name + "': no catalogue entry '" + entryName
                            + "'; similar: " + ModelCatalogue.builtIn().similarNames(entryName));
                }
            }
            return new ModelSpec(
                    name,
                    engine,
                    file,
                    sha256,
                    string(section, "base-url", null),
                    string(section, "api-key", null),
                    string(section, "remote-model", null),
                    integer(section, "context-size", DEFAULT_CONTEXT_SIZE),
                    integer(section, "threads", DEFAULT_THREADS),
                    duration(section, "request-timeout", DEFAULT_REQUEST_TIMEOUT),
                    integer(section, "max-retries", DEFAULT_MAX_RETRIES),
                    isolation(name, section),
                    bytes(section, "memory-limit"),
                    integer(section, "nice", 0));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("model '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Reads every model of a {@code models { name { ... } ... }} section, in name order. */
    public static Map<String, ModelSpec> allFromConfig(Config modelsSection) {
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        for (String name : new TreeSet<>(modelsSection.root().keySet())) {
            if (modelsSection.root().get(name).valueType() != ConfigValueType.OBJECT) {
                throw new IllegalArgumentException(
                        "models." + name + " must be an object { engine = ..., file = ... }");
            }
            specs.put(name, fromConfig(name, modelsSection.getConfig(quote(name))));
        }
        return specs;
    }

    /** Names like {@code qwen2.5-0.5b-q8} contain dots, which HOCON paths would split. */
    static String quote(String key) {
        return "\"" + key.replace("\"", "\\\"") + "\"";
    }

    private static String key(Config section, String kebab) {
        if (section.hasPath(kebab)) {
            return kebab;
        }
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (int i = 0; i < kebab.length(); i++) {
            char c = kebab.charAt(i);
            if (c == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return section.hasPath(camel.toString()) ? camel.toString() : null;
    }

    private static String string(Config section, String name, String fallback) {
        String key = key(section, name);
        return key == null ? fallback : section.getString(key);
    }

    private static int integer(Config section, String name, int fallback) {
        String key = key(section, name);
        return key == null ? fallback : section.getInt(key);
    }

    private static EngineIsolation isolation(String name, Config section) {
        String value = string(section, "isolation", null);
        if (value == null) {
            return null;
        }
        try {
            return EngineIsolation.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model '" + name + "': " + e.getMessage(), e);
        }
    }

    private static long bytes(Config section, String name) {
        String key = key(section, name);
        return key == null ? 0 : section.getBytes(key);
    }

    private static Duration duration(Config section, String name, Duration fallback) {
        String key = key(section, name);
        return key == null ? fallback : section.getDuration(key);
    }
}
