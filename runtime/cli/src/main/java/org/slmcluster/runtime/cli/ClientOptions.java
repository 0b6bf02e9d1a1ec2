package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.function.Supplier;
import org.slmcluster.runtime.client.ClientException;
import org.slmcluster.runtime.client.ManagementClient;
import org.slmcluster.runtime.client.PlatformClient;
import picocli.CommandLine.Option;

/**
 * Options of every command that talks to a running cluster over HTTP, and the exit codes scripts can rely
 * on: {@code 0} done, {@code 1} the cluster failed (5xx, overloaded, job failures), {@code 2} bad input (a
 * bad option or file, or the server refused the request: 400, 401, 404, 409, 413), {@code 3} nothing
 * answers at the URL.
 */
public final class ClientOptions {

    /** Exit code when nothing listens at {@code --url}. */
    public static final int UNREACHABLE = 3;

    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:8080",
            description = "The coordinator's HTTP API (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "API token (default: the environment variable SLM_TOKEN).")
    String token;

    @Option(names = "--json", description = "Print the server's JSON instead of a table (for scripts).")
    boolean json;

    public boolean json() {
        return json;
    }

    public String token() {
        if (token != null && !token.isBlank()) {
            return token;
        }
        String fromEnvironment = System.getenv("SLM_TOKEN");
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment;
    }

    public PlatformClient platform() {
        if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
            throw CliFailure.badInput("--url must be an http(s) URL such as http://127.0.0.1:8080, got '" + url + "'");
        }
        return new PlatformClient(url, token());
    }

    /** The management routes at {@code managementUrl} (Pekko Management, 8558 on the coordinator). */
    public ManagementClient management(URI managementUrl) {
        return new ManagementClient(managementUrl, token());
    }

    /** Runs one call, turning its failure into the exit code and one line a person can act on. */
    public static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (ClientException e) {
            throw failure(e);
        }
    }

    static CliFailure failure(ClientException e) {
        return switch (e.kind()) {
            case UNREACHABLE ->
                new CliFailure(
                        UNREACHABLE,
                        e.getMessage() + ": nothing answers there. Start a cluster "
                                + "with './slm cluster local' (or the coordinator with './slm node start --config "
                                + "nodes/coordinator.conf'), or point --url at a running coordinator.");
            case REJECTED ->
                new CliFailure(
                        CliFailure.BAD_INPUT,
                        e.getMessage() + (e.status() == 401 ? " (pass --token or set SLM_TOKEN)" : ""));
            case FAILED -> CliFailure.failed(e.getMessage());
        };
    }

    /** The JSON, indented, on standard output. */
    public static void printJson(JsonNode node) {
        try {
            System.out.println(CliJson.PRETTY.writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
