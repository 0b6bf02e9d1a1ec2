package org.slmcluster.runtime.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binding, addressing and stopping the project's HTTP servers (the API and Pekko Management) alike. */
final class ServerBindings {

    private static final Logger log = LoggerFactory.getLogger(ServerBindings.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(5);

    private ServerBindings() {}

    /** Waits for {@code binding}; {@code what} names the server in the error ("the HTTP API"). */
    static ServerBinding await(CompletionStage<ServerBinding> binding, String what, String host, int port) {
        try {
            return binding.toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    what + " could not bind " + host + ":" + port + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    what + " did not bind " + host + ":" + port + " within " + BIND_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + what, e);
        }
    }

    static URI baseUri(InetSocketAddress address) {
        return baseUri(address, false);
    }

    /** {@code https://host:port} when {@code https}, else {@code http://host:port}. */
    static URI baseUri(InetSocketAddress address, boolean https) {
        String host =
                address.getHostString().contains(":") ? "[" + address.getHostString() + "]" : address.getHostString();
        return URI.create((https ? "https://" : "http://") + host + ":" + address.getPort());
    }

    /** Stops accepting connections and ends open ones (after at most a few seconds). */
    static void stop(ServerBinding binding, String what) {
        try {
            binding.terminate(STOP_DEADLINE)
                    .toCompletableFuture()
                    .get(STOP_DEADLINE.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{} did not stop cleanly: {}", what, e.toString());
        }
    }
}
