package org.slmcluster.runtime.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pekko Management's routes on a member's management port: cluster membership ({@code /cluster/members},
 * join / leave / down) and health checks ({@code /ready}, {@code /alive}). Reading is open; with a token
 * configured, every other method (join, leave, down) needs {@code Authorization: Bearer <token>}, like
 * the API. Bound here rather than through {@code PekkoManagement.start()} so that the host, port and
 * token come from the {@code slm.*} settings, not from {@code pekko.management.*}.
 */
public final class ManagementServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(5);

    private final ServerBinding binding;

    private ManagementServer(ServerBinding binding) {
        this.binding = binding;
    }

    /**
     * Binds the management routes on {@code api.host():port} (0 picks a free port), protected by
     * {@code api.token()} when there is one.
     */
    public static ManagementServer start(ActorSystem<?> system, ApiSettings api, int port) {
        api.requireTokenUnlessLoopback("Pekko Management");
        Route management = PekkoManagement.get(system).getRoutes(settings -> settings.withReadOnly(false));
        Route route = new Guard(api.token() == null ? null : new BearerToken(api.token())).route(management);
        ServerBinding binding;
        try {
            binding = Http.get(system).newServerAt(api.host(), port).bind(route)
                    .toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Pekko Management could not bind " + api.host() + ":" + port + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Pekko Management did not bind " + api.host() + ":" + port + " within "
                    + BIND_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding Pekko Management", e);
        }
        ManagementServer server = new ManagementServer(binding);
        log.info("Pekko Management listening on {}", server.baseUri());
        return server;
    }

    private static final class Guard extends AllDirectives {
        private final BearerToken token;

        Guard(BearerToken token) {
            this.token = token;
        }

        Route route(Route management) {
            if (token == null) {
                return management;
            }
            return extractMethod(method -> {
                if (method.equals(HttpMethods.GET) || method.equals(HttpMethods.HEAD)) {
                    return management;
                }
                return optionalHeaderValueByName("Authorization", header -> token.accepts(header) ? management
                        : complete(Responses.error(Responses.Style.PLATFORM, ApiError.unauthorized(
                                "cluster changes need 'Authorization: Bearer <token>'"))));
            });
        }
    }

    public InetSocketAddress address() {
        return binding.localAddress();
    }

    public URI baseUri() {
        InetSocketAddress address = address();
        String host = address.getHostString().contains(":") ? "[" + address.getHostString() + "]" : address.getHostString();
        return URI.create("http://" + host + ":" + address.getPort());
    }

    /** Stops accepting connections and ends open ones. Idempotent. */
    public void stop() {
        try {
            binding.terminate(STOP_DEADLINE).toCompletableFuture().get(STOP_DEADLINE.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Pekko Management did not stop cleanly: {}", e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }
}
