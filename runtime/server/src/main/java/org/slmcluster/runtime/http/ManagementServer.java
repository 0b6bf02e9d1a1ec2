package org.slmcluster.runtime.http;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.actors.metrics.MemberMetrics;
import org.slmcluster.runtime.lifecycle.BlobCache;
import org.slmcluster.runtime.server.metrics.MemberMetricsEndpoint;
import org.slmcluster.runtime.server.metrics.MetricsEndpoints;

/**
 * Pekko Management's routes on a member's management port: cluster membership ({@code /cluster/members},
 * join / leave / down), health checks ({@code /ready}, {@code /alive}; not ready while a model this member
 * hosts has given up loading) and the member's Prometheus metrics at {@code /metrics}. Health checks are
 * open; with tokens configured, other reads ({@code /metrics} included) need a read token (unless
 * {@code slm.http.auth = mutating}) and changes (join, leave, down) an admin token. Bound here rather than
 * through {@code PekkoManagement.start()} so that the host, port and
 * token come from the {@code slm.*} settings, not from {@code pekko.management.*}.
 */
public final class ManagementServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);

    private final ServerBinding binding;
    private final ActorRef<MetricsEndpoints.Stop> published;
    private final boolean https;

    private ManagementServer(ServerBinding binding, ActorRef<MetricsEndpoints.Stop> published, boolean https) {
        this.binding = binding;
        this.published = published;
        this.https = https;
    }

    /**
     * Binds the management routes on {@code api.host():port} (0 picks a free port), protected by
     * {@code api.token()} when there is one.
     */
    public static ManagementServer start(ActorSystem<?> system, ApiSettings api, int port) {
        return start(system, api, port, MemberMetricsEndpoint.of(system, Map.of()));
    }

    /** As {@link #start(ActorSystem, ApiSettings, int)}, serving {@code metrics} at {@code /metrics} (a read). */
    public static ManagementServer start(
            ActorSystem<?> system, ApiSettings api, int port, MemberMetricsEndpoint metrics) {
        return start(system, api, port, metrics, Optional.empty(), null);
    }

    /**
     * As {@link #start(ActorSystem, ApiSettings, int, MemberMetricsEndpoint)}, over HTTPS with {@code https}, and
     * also serving the model files of {@code blobs} to this member's tree children at
     * {@code /store/blobs/<sha256>} (a read) when not null.
     */
    public static ManagementServer start(
            ActorSystem<?> system,
            ApiSettings api,
            int port,
            MemberMetricsEndpoint metrics,
            Optional<SSLContext> https,
            BlobCache blobs) {
        api.requireTokenUnlessLoopback("Pekko Management");
        Route pekkoRoutes = PekkoManagement.get(system).getRoutes(settings -> settings.withReadOnly(false));
        Route management = pekkoRoutes;
        if (blobs != null) {
            BlobRoute blobRoute = new BlobRoute(blobs);
            management = new AllDirectives() {}.concat(blobRoute.route(), pekkoRoutes);
            MemberMetrics.get(system)
                    .extendOnce(
                            "model-bytes-served",
                            registry -> CounterWithCallback.builder()
                                    .name("slm_model_bytes_served_total")
                                    .help(
                                            "Bytes of model files this member sent to its tree children (or, with fetch-from = "
                                                    + "coordinator, to every member).")
                                    .callback(callback -> callback.call((double) blobRoute.bytesServed()))
                                    .register(registry));
        }
        Route route = new Guard(api.policy())
                .route(new MetricsRoute(metrics).route(management), new LocalModelsReadiness(system));
        ServerBuilder builder = Http.get(system).newServerAt(api.host(), port);
        if (https.isPresent()) {
            builder = builder.enableHttps(ConnectionContext.httpsServer(https.get()));
        }
        ServerBinding binding = ServerBindings.await(builder.bind(route), "Pekko Management", api.host(), port);
        ManagementServer server = new ManagementServer(
                binding,
                MetricsEndpoints.publish(system, binding.localAddress(), https.isPresent()),
                https.isPresent());
        log.info("Pekko Management listening on {}", server.baseUri());
        return server;
    }

    private static final class MetricsRoute extends AllDirectives {
        private static final ContentType PROMETHEUS_TEXT = ContentTypes.parse(MemberMetricsEndpoint.CONTENT_TYPE);

        private final MemberMetricsEndpoint metrics;

        MetricsRoute(MemberMetricsEndpoint metrics) {
            this.metrics = metrics;
        }

        Route route(Route management) {
            return concat(
                    path("metrics", () -> get(() -> complete(HttpEntities.create(PROMETHEUS_TEXT, metrics.scrape())))),
                    management);
        }
    }

    private static final class Guard extends AllDirectives {
        private final AccessPolicy access;

        Guard(AccessPolicy access) {
            this.access = access;
        }

        Route route(Route management, LocalModelsReadiness models) {
            // /ready: Pekko's membership check, but not ready while a hosted model has given up loading
            // pathPrefixTest: Management's own routes must still see the path
            Route ready = pathPrefixTest(
                    "ready",
                    () -> get(() -> onComplete(
                            models.problem(),
                            answer -> answer.isSuccess() && answer.get().isPresent()
                                    ? complete(Responses.error(
                                            Responses.Style.PLATFORM,
                                            ApiError.unavailable(
                                                    "not ready: " + answer.get().get())))
                                    : management)));
            return concat(ready, guarded(management));
        }

        /** Health checks stay open for probes; other reads need a read token, changes an admin token. */
        private Route guarded(Route management) {
            if (!access.protects()) {
                return management;
            }
            Route probes = concat(pathPrefixTest("alive", () -> management), pathPrefixTest("ready", () -> management));
            return concat(
                    probes,
                    extractMethod(method -> optionalHeaderValueByName(
                            "Authorization",
                            header -> access.check(
                                            header,
                                            method.equals(HttpMethods.GET) || method.equals(HttpMethods.HEAD)
                                                    ? AccessRole.READ
                                                    : AccessRole.ADMIN)
                                    .map(refusal -> complete(Responses.error(Responses.Style.PLATFORM, refusal)))
                                    .orElse(management))));
        }
    }

    public InetSocketAddress address() {
        return binding.localAddress();
    }

    public URI baseUri() {
        return ServerBindings.baseUri(address(), https);
    }

    /** Stops accepting connections and ends open ones. Idempotent. */
    public void stop() {
        published.tell(MetricsEndpoints.Stop.INSTANCE);
        ServerBindings.stop(binding, "Pekko Management");
    }

    @Override
    public void close() {
        stop();
    }
}
