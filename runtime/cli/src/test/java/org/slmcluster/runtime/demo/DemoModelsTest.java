package org.slmcluster.runtime.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.models.ModelCatalogue;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.models.ModelSpec;

/** The demo's models fetched from a local HTTP server standing in for the catalogue's host. */
class DemoModelsTest {

    private static HttpServer server;
    private static byte[] stories;
    private static final AtomicInteger requests = new AtomicInteger();

    @TempDir
    Path temp;

    private final String savedHome = System.getProperty("user.home");
    private final String savedModelPath = System.getProperty(ModelFiles.MODEL_PATH_PROPERTY);
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void serveTheSharedCopy() throws IOException {
        Path shared = ModelFiles.configuredDirs().stream()
                .map(dir -> dir.resolve("stories260K.gguf"))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new AssertionError("SLM_MODEL_PATH must point at the test models"));
        stories = Files.readAllBytes(shared);
        byte[] corrupt = stories.clone();
        corrupt[corrupt.length / 2] ^= 0x5a;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good/", exchange -> {
            requests.incrementAndGet();
            send(exchange, stories);
        });
        server.createContext("/corrupt/", exchange -> {
            requests.incrementAndGet();
            send(exchange, corrupt);
        });
        server.start();
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(body);
        }
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @BeforeEach
    void aFreshMachine() throws IOException {
        // nothing in the model path, an empty home: what a new user has
        System.setProperty("user.home", temp.resolve("home").toString());
        System.setProperty(
                ModelFiles.MODEL_PATH_PROPERTY,
                Files.createDirectories(temp.resolve("empty-model-path")).toString());
        requests.set(0);
    }

    @AfterEach
    void restore() {
        System.setProperty("user.home", savedHome);
        restore(ModelFiles.MODEL_PATH_PROPERTY, savedModelPath);
        System.clearProperty(ModelCatalogue.URL_BASE_PROPERTY);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static ModelSpec stories260k() {
        return ModelCatalogue.builtIn().find("stories260k").orElseThrow().toSpec();
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMissingDemoModelIsDownloadedVerifiedAndThenFoundWithProgressShown() throws IOException {
        System.setProperty(ModelCatalogue.URL_BASE_PROPERTY, base() + "/good/");

        Path fetched = DemoModels.fetchIfMissing(stories260k(), new PrintStream(err, true, StandardCharsets.UTF_8))
                .orElseThrow();

        Path expected = temp.resolve("home/.slm/models/stories260K.gguf");
        assertThat(fetched).isEqualTo(expected);
        assertThat(Files.readAllBytes(expected)).isEqualTo(stories);
        assertThat(requests.get()).isEqualTo(1);
        assertThat(err())
                .contains("stories260k is not in the model path; downloading it (1157 KiB) from " + base()
                        + "/good/stories260K.gguf")
                .contains("verified sha256 270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d");
        assertThat(ModelFiles.resolve(stories260k())).isEqualTo(expected);

        // present now: no second download
        assertThat(DemoModels.fetchIfMissing(stories260k(), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void aDownloadThatDoesNotMatchThePinnedDigestFailsInOneLineAndLeavesNoFile() {
        System.setProperty(ModelCatalogue.URL_BASE_PROPERTY, base() + "/corrupt/");

        assertThatThrownBy(() ->
                        DemoModels.fetchIfMissing(stories260k(), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isInstanceOf(EmbeddedEvaluation.UserError.class)
                .hasMessageStartingWith("cannot download the demo model stories260k: ")
                .hasMessageContaining("sha256")
                .hasMessageEndingWith("(put stories260K.gguf in a folder of SLM_MODEL_PATH, or retry with "
                        + "'./slm models pull stories260k')");
        assertThat(temp.resolve("home/.slm/models/stories260K.gguf")).doesNotExist();
    }

    @Test
    void aModelAlreadyInTheModelPathIsNotFetchedAndOtherModelsNeverAre() {
        System.setProperty(ModelCatalogue.URL_BASE_PROPERTY, base() + "/good/");
        restore(ModelFiles.MODEL_PATH_PROPERTY, savedModelPath);

        assertThat(DemoModels.fetchIfMissing(stories260k(), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEmpty();
        ModelSpec qwen =
                ModelCatalogue.builtIn().find("qwen2.5-0.5b-q8").orElseThrow().toSpec();
        assertThat(DemoModels.fetchIfMissing(qwen, new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(requests.get()).isZero();
        assertThat(err()).isEmpty();
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
