package org.slmcluster.runtime.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how the HTTP API listens.
 *
 * @param host            interface to bind; loopback unless configured otherwise
 * @param port            0 picks a free port
 * @param token           an admin bearer token given in clear (or SLM_TOKEN); null means none
 * @param maxBodyBytes    larger request bodies are refused with 413
 * @param requestTimeout  deadline of a task submitted over HTTP (504 after it)
 * @param rememberedTasks how many recent tasks {@code GET /api/v1/tasks/{id}} can still show
 * @param access          tokens by hash with their roles ({@code slm.http.tokens}, {@code slm.http.auth});
 *                        {@code token} joins them as an admin token
 */
public record ApiSettings(
        String host,
        int port,
        String token,
        long maxBodyBytes,
        Duration requestTimeout,
        int rememberedTasks,
        AccessPolicy access) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_REMEMBERED_TASKS = 1000;
    public static final String TOKEN_ENV = "SLM_TOKEN";

    public ApiSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("slm.http.host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("slm.http.port must be 0..65535, got " + port);
        }
        token = token == null || token.isBlank() ? null : token;
        access = access == null ? AccessPolicy.OPEN : access;
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("slm.http.max-body-bytes must be positive, got " + maxBodyBytes);
        }
        if (requestTimeout == null || requestTimeout.isZero() || requestTimeout.isNegative()) {
            throw new IllegalArgumentException("slm.http.request-timeout must be positive, got " + requestTimeout);
        }
        if (rememberedTasks < 1) {
            throw new IllegalArgumentException("slm.http.remembered-tasks must be at least 1, got " + rememberedTasks);
        }
    }

    /** Loopback, port 8080, no token, 1 MiB bodies, 120 s per task. */
    public static ApiSettings defaults() {
        return new ApiSettings(
                DEFAULT_HOST,
                DEFAULT_PORT,
                null,
                DEFAULT_MAX_BODY_BYTES,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_REMEMBERED_TASKS,
                AccessPolicy.OPEN);
    }

    /**
     * Reads {@code slm.http.host}, {@code port}, {@code token}, {@code max-body-bytes} (a size such as
     * {@code 1MiB}), {@code request-timeout}, {@code remembered-tasks}; a missing key takes its default and a
     * missing token falls back to the environment variable {@code SLM_TOKEN}.
     */
    public static ApiSettings fromConfig(Config config) {
        return fromConfig(config, System.getenv());
    }

    static ApiSettings fromConfig(Config config, Map<String, String> environment) {
        String prefix = "slm.http.";
        try {
            String host = config.hasPath(prefix + "host") ? config.getString(prefix + "host") : DEFAULT_HOST;
            int port = config.hasPath(prefix + "port") ? config.getInt(prefix + "port") : DEFAULT_PORT;
            String token = config.hasPath(prefix + "token") ? config.getString(prefix + "token") : null;
            if (token == null || token.isBlank()) {
                token = environment.get(TOKEN_ENV);
            }
            long maxBody = config.hasPath(prefix + "max-body-bytes")
                    ? config.getBytes(prefix + "max-body-bytes")
                    : DEFAULT_MAX_BODY_BYTES;
            Duration timeout = config.hasPath(prefix + "request-timeout")
                    ? config.getDuration(prefix + "request-timeout")
                    : DEFAULT_REQUEST_TIMEOUT;
            int remembered = config.hasPath(prefix + "remembered-tasks")
                    ? config.getInt(prefix + "remembered-tasks")
                    : DEFAULT_REMEMBERED_TASKS;
            return new ApiSettings(host, port, token, maxBody, timeout, remembered, AccessPolicy.fromConfig(config));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public boolean tokenRequired() {
        return policy().protects();
    }

    /** Who may do what: {@link #access()} with {@link #token()} as an admin token. */
    public AccessPolicy policy() {
        return access.withAdminToken(token);
    }

    public ApiSettings withAccess(AccessPolicy value) {
        return new ApiSettings(host, port, token, maxBodyBytes, requestTimeout, rememberedTasks, value);
    }

    /**
     * Without a token the API is open, so it may only listen on loopback.
     *
     * @throws IllegalStateException naming the fix when a non-loopback host has no token
     */
    public void requireTokenUnlessLoopback(String what) {
        if (tokenRequired()) {
            return;
        }
        boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(what + ": unknown host '" + host + "' (slm.http.host)", e);
        }
        if (!loopback) {
            throw new IllegalStateException(what + " would listen on " + host
                    + " without a token: set slm.http.token or " + TOKEN_ENV + " (open access is for loopback only)");
        }
    }

    public ApiSettings withPort(int value) {
        return new ApiSettings(host, value, token, maxBodyBytes, requestTimeout, rememberedTasks, access);
    }

    public ApiSettings withToken(String value) {
        return new ApiSettings(host, port, value, maxBodyBytes, requestTimeout, rememberedTasks, access);
    }

    public ApiSettings withMaxBodyBytes(long value) {
        return new ApiSettings(host, port, token, value, requestTimeout, rememberedTasks, access);
    }

    public ApiSettings withRequestTimeout(Duration value) {
        return new ApiSettings(host, port, token, maxBodyBytes, value, rememberedTasks, access);
    }

    /** Never shows the token (settings end up in logs). */
    @Override
    public String toString() {
        return "ApiSettings[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***")
                + ", maxBodyBytes=" + maxBodyBytes + ", requestTimeout=" + requestTimeout + ", rememberedTasks="
                + rememberedTasks + ", access=" + access + "]";
    }
}
