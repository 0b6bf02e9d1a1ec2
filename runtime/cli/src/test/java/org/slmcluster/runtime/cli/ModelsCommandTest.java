package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.models.ModelCatalogue;
import org.slmcluster.runtime.models.ModelDownloader;
import org.slmcluster.runtime.models.ModelFiles;

/** {@code slm models list|pull|verify}, downloading from a local HTTP server on 127.0.0.1. */
class ModelsCommandTest {

    private static final String STORIES_SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";

    private static HttpServer server;
    private static byte[] stories;
    private static final AtomicInteger downloads = new AtomicInteger();

    @TempDir
    Path temp;

    private final String savedModelPath = System.getProperty(ModelFiles.MODEL_PATH_PROPERTY);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeAll
    static void startServer() throws IOException {
        Path shared = ModelFiles.configuredDirs().stream()
                .map(dir -> dir.resolve("stories260K.gguf"))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new AssertionError("SLM_MODEL_PATH must point at the test models"));
        stories = Files.readAllBytes(shared);
        byte[] corrupt = stories.clone();
        corrupt[corrupt.length / 3] ^= 0x11;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good/", exchange -> {
            downloads.incrementAndGet();
            if (exchange.getRequestURI().getPath().endsWith("/stories260K.gguf")) {
                send(exchange, 200, stories);
            } else {
                send(exchange, 404, "no such file".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/corrupt/", exchange -> send(exchange, 200, corrupt));
        server.createContext(
                "/missing/", exchange -> send(exchange, 404, "Entry not found".getBytes(StandardCharsets.UTF_8)));
        server.start();
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(body);
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        System.clearProperty(ModelCatalogue.URL_BASE_PROPERTY);
        if (savedModelPath == null) {
            System.clearProperty(ModelFiles.MODEL_PATH_PROPERTY);
        } else {
            System.setProperty(ModelFiles.MODEL_PATH_PROPERTY, savedModelPath);
        }
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return SlmCli.run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static boolean noPartFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.noneMatch(p -> p.getFileName().toString().endsWith(".part"));
        }
    }

    @Test
    void pullDownloadsFromTheCatalogueLocationVerifiesAndPrintsThePath() throws IOException {
        System.setProperty(ModelCatalogue.URL_BASE_PROPERTY, base() + "/good");
        Path dir = temp.resolve("models");

        assertThat(run("models", "pull", "stories260k", "--dir", dir.toString()))
                .as(err())
                .isZero();

        Path file = dir.resolve("stories260K.gguf");
        assertThat(out().strip()).isEqualTo(file.toString());
        assertThat(Files.readAllBytes(file)).isEqualTo(stories);
        assertThat(err())
                .contains("100%")
                .containsPattern("[0-9.]+ [KMG]?i?B/s")
                .contains("Verified sha256 " + STORIES_SHA256);
        assertThat(noPartFiles(dir)).isTrue();

        int before = downloads.get();
        assertThat(run("models", "pull", "stories260k", "--dir", dir.toString()))
                .isZero();
        assertThat(err()).contains("already present");
        assertThat(downloads.get()).isEqualTo(before);
    }

    @Test
    void aCorruptDownloadIsDeletedAndFails() throws IOException {
        Path dir = temp.resolve("models");

        assertThat(run(
                        "models",
                        "pull",
                        "stories260k",
                        "--dir",
                        dir.toString(),
                        "--url",
                        base() + "/corrupt/stories260K.gguf"))
                .isEqualTo(1);

        assertThat(err())
                .contains("sha256 mismatch")
                .contains("expected " + STORIES_SHA256)
                .contains("deleted");
        assertThat(dir.resolve("stories260K.gguf")).doesNotExist();
        assertThat(noPartFiles(dir)).isTrue();
    }

    @Test
    void aMissingRemoteFileIsAClearError() throws IOException {
        Path dir = temp.resolve("models");

        assertThat(run(
                        "models",
                        "pull",
                        "stories260k",
                        "--dir",
                        dir.toString(),
                        "--url",
                        base() + "/missing/stories260K.gguf"))
                .isEqualTo(1);

        assertThat(err())
                .contains("HTTP 404")
                .contains("/missing/stories260K.gguf")
                .contains("Entry not found");
        assertThat(dir.resolve("stories260K.gguf")).doesNotExist();
    }

    @Test
    void aFileWithoutPublishedDigestGetsItsDigestRecordedAndVerifiedLater() throws IOException {
        Path dir = temp.resolve("models");

        assertThat(run(
                        "models",
                        "pull",
                        "my-stories",
                        "--dir",
                        dir.toString(),
                        "--url",
                        base() + "/good/stories260K.gguf"))
                .as(err())
                .isZero();
        Path file = dir.resolve("stories260K.gguf");
        assertThat(err()).contains("Recorded (no published sha256 to compare) sha256 " + STORIES_SHA256);
        assertThat(ModelDownloader.recordedSha256(file)).isEqualTo(STORIES_SHA256);

        Path copy = Files.copy(file, dir.resolve("copy.gguf"));
        Files.copy(ModelDownloader.sidecar(file), ModelDownloader.sidecar(copy));
        assertThat(run("models", "verify", copy.toString())).isZero();
        assertThat(out()).startsWith("OK " + STORIES_SHA256);

        byte[] bytes = Files.readAllBytes(copy);
        bytes[10] ^= 1;
        Files.write(copy, bytes);
        assertThat(run("models", "verify", copy.toString())).isEqualTo(1);
        assertThat(err())
                .contains("corrupt")
                .contains("expected " + STORIES_SHA256)
                .contains("copy.gguf.sha256");
    }

    @Test
    void unknownModelsAreRefusedWithSimilarNames() {
        assertThat(run("models", "pull", "qwen2.5-0.5b")).isEqualTo(2);
        assertThat(err())
                .contains("unknown model 'qwen2.5-0.5b'")
                .contains("qwen2.5-0.5b-q4")
                .contains("qwen2.5-0.5b-q8");

        assertThat(run("models", "verify", "stories-260")).isEqualTo(2);
        assertThat(err()).contains("unknown model 'stories-260'").contains("stories260k");
    }

    @Test
    void verifyFindsCatalogueModelsInTheModelPath() throws IOException {
        assertThat(run("models", "verify", "stories260k")).isZero();
        assertThat(out()).startsWith("OK " + STORIES_SHA256).contains("stories260K.gguf");

        System.setProperty(ModelFiles.MODEL_PATH_PROPERTY, temp.toString());
        assertThat(run("models", "verify", "qwen2.5-0.5b-q8")).isEqualTo(1);
        assertThat(err())
                .contains("qwen2.5-0.5b-instruct-q8_0.gguf not found")
                .contains(temp.toString())
                .contains("slm models pull qwen2.5-0.5b-q8");
    }

    @Test
    void listShowsTheCatalogueAndLocalFilesAsTableAndJson() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("local"));
        Files.write(dir.resolve("stories260K.gguf"), stories);
        System.setProperty(ModelFiles.MODEL_PATH_PROPERTY, dir.toString());

        assertThat(run("models", "list")).isZero();
        assertThat(out())
                .contains("NAME")
                .contains("qwen2.5-0.5b-q8")
                .contains("Apache-2.0")
                .contains(dir.resolve("stories260K.gguf").toString());

        assertThat(run("models", "list", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.path("searchPath").get(0).asText()).isEqualTo(dir.toString());
        assertThat(json.path("models").size()).isEqualTo(16);
        JsonNode storiesNode = null;
        JsonNode qwen = null;
        for (JsonNode model : json.path("models")) {
            if (model.path("name").asText().equals("stories260k")) {
                storiesNode = model;
            }
            if (model.path("name").asText().equals("qwen2.5-1.5b-q4")) {
                qwen = model;
            }
        }
        assertThat(storiesNode.path("local").asText())
                .isEqualTo(dir.resolve("stories260K.gguf").toString());
        assertThat(storiesNode.path("sha256").asText()).isEqualTo(STORIES_SHA256);
        assertThat(storiesNode.path("size").asLong()).isEqualTo(1_185_376L);
        assertThat(qwen.path("local").isNull()).isTrue();
        assertThat(qwen.path("url").asText())
                .isEqualTo(
                        "https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf");
    }

    @Test
    void modelsWithoutASubcommandAsksTheCoordinator() throws IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(run("models", "--url", "http://127.0.0.1:" + port)).isEqualTo(3);
        assertThat(err()).contains("cannot connect to http://127.0.0.1:" + port).contains("./slm cluster local");
    }
}
