package org.slmcluster.runtime.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.runtime.jobs.JobManager;
import org.slmcluster.runtime.jobs.schedules.Scheduler;
import org.slmcluster.runtime.lifecycle.ModelLifecycle;
import org.slmcluster.runtime.rag.CollectionStore;

/**
 * The HTTP API of a cluster, served from the coordinator's ActorSystem: the platform API under
 * {@code /api/v1}, the OpenAI-compatible API under {@code /v1} and Prometheus metrics at {@code /metrics}.
 * Tasks go through the coordinator's task dispatcher, so any member hosting a model can answer.
 *
 * <pre>{@code
 * ApiServer api = ApiServer.start(coordinatorSystem, ApiSettings.fromConfig(config), jobs, collections);
 * ...
 * api.stop();
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final ServerBinding binding;
    private final ApiSettings settings;
    private final boolean https;

    private ApiServer(ServerBinding binding, ApiSettings settings, boolean https) {
        this.binding = binding;
        this.settings = settings;
        this.https = https;
    }

    /**
     * Binds the API on {@code settings.host():settings.port()} and returns once it listens. Jobs and ledgers
     * come from {@code jobs}, RAG questions from {@code collections}; the caller owns both and closes them
     * after {@link #stop()} (the coordinator's composition root does).
     *
     * @throws IllegalStateException when the address cannot be bound (in use, not a local address)
     */
    public static ApiServer start(
            ActorSystem<?> coordinatorSystem, ApiSettings settings, JobManager jobs, CollectionStore collections) {
        return start(coordinatorSystem, settings, jobs, collections, Optional.empty(), null);
    }

    /**
     * As {@link #start(ActorSystem, ApiSettings, JobManager, CollectionStore)}, over HTTPS with {@code https}, and
     * also serving the model store and placements of {@code lifecycle} ({@code /api/v1/store},
     * {@code /api/v1/placements}) when it is not null.
     */
    public static ApiServer start(
            ActorSystem<?> coordinatorSystem,
            ApiSettings settings,
            JobManager jobs,
            CollectionStore collections,
            Optional<SSLContext> https,
            ModelLifecycle lifecycle) {
        return start(coordinatorSystem, settings, jobs, collections, https, lifecycle, null);
    }

    /** As above, also serving the schedules of {@code scheduler} ({@code /api/v1/schedules}) when it is not null. */
    public static ApiServer start(
            ActorSystem<?> coordinatorSystem,
            ApiSettings settings,
            JobManager jobs,
            CollectionStore collections,
            Optional<SSLContext> https,
            ModelLifecycle lifecycle,
            Scheduler scheduler) {
        settings.requireTokenUnlessLoopback("the HTTP API");
        if (!settings.tokenRequired()) {
            log.warn(
                    "no API token configured (slm.http.token or SLM_TOKEN): the HTTP API on {}:{} is open to anyone "
                            + "who can reach it",
                    settings.host(),
                    settings.port());
        }
        Config systemConfig = coordinatorSystem.settings().config();
        ApiMetrics metrics = new ApiMetrics();
        ClusterGateway gateway = new ClusterGateway(coordinatorSystem);
        TaskSubmitter submitter = new TaskSubmitter(gateway, metrics);
        // the OpenAI-compatible API's traffic is watched (it has no reference); jobs have the score drift test
        TrafficWatch traffic = TrafficWatch.fromConfig(systemConfig, jobs.alerts()::record);
        metrics.showing(traffic);
        PlatformApi platform = new PlatformApi(
                gateway, submitter, new RecentTasks(settings.rememberedTasks()), settings, systemConfig, collections);
        OpenAiApi openAi = new OpenAiApi(gateway, submitter.watchedBy(traffic), settings);
        JobsApi jobsApi = new JobsApi(jobs, coordinatorSystem.dispatchers().lookup(DispatcherSelector.blocking()));
        AdmissionLimit admission = AdmissionLimit.fromConfig(systemConfig, settings.requestTimeout());
        LifecycleApi lifecycleApi = lifecycle == null
                ? null
                : new LifecycleApi(lifecycle, coordinatorSystem.dispatchers().lookup(DispatcherSelector.blocking()));
        SchedulesApi schedulesApi = scheduler == null
                ? null
                : new SchedulesApi(scheduler, coordinatorSystem.dispatchers().lookup(DispatcherSelector.blocking()));
        // the API's TLS context is its member's: it trusts the cluster CA, so it can scrape members over HTTPS
        ApiRoutes routes = new ApiRoutes(
                settings, platform, openAi, metrics, gateway, jobsApi, admission, lifecycleApi, schedulesApi, https);

        ServerBuilder builder = Http.get(coordinatorSystem)
                .newServerAt(settings.host(), settings.port())
                .withSettings(serverSettings(systemConfig, settings));
        if (https.isPresent()) {
            builder = builder.enableHttps(ConnectionContext.httpsServer(https.get()));
        }
        ServerBinding binding =
                ServerBindings.await(builder.bind(routes.route()), "the HTTP API", settings.host(), settings.port());
        ApiServer server = new ApiServer(binding, settings, https.isPresent());
        log.info(
                "HTTP API listening on {} (token {})",
                server.baseUri(),
                settings.tokenRequired() ? "required" : "not required");
        return server;
    }

    /** Requests may wait for a whole generation: the server's own timeouts must outlast the task deadline. */
    private static ServerSettings serverSettings(Config systemConfig, ApiSettings settings) {
        long taskMillis = settings.requestTimeout().toMillis();
        long parsingLimit = Math.max(settings.maxBodyBytes(), 8L * 1024 * 1024);
        Config overrides =
                ConfigFactory.parseString("pekko.http.server.request-timeout = " + (taskMillis + 15_000) + "ms\n"
                        + "pekko.http.server.idle-timeout = " + (taskMillis + 30_000) + "ms\n"
                        + "pekko.http.server.parsing.max-content-length = " + parsingLimit + "\n"
                        + "pekko.http.server.server-header = slm-cluster\n"
                        // a burst of connections waits to be accepted instead of being reset (was Pekko's 100)
                        + "pekko.http.server.backlog = " + backlog(systemConfig) + "\n"
                        // requests the parser refuses get the API's error shape too
                        + "pekko.http.server.parsing.error-handler = \"" + ParsingErrors.class.getName() + "\"\n");
        return ServerSettings.create(overrides.withFallback(systemConfig));
    }

    /** {@code slm.http.backlog}: connections the kernel holds until the server accepts them (default 1024). */
    private static int backlog(Config systemConfig) {
        return systemConfig.hasPath("slm.http.backlog") ? systemConfig.getInt("slm.http.backlog") : 1024;
    }

    /** Where the server listens (the real port when the settings asked for port 0). */
    public InetSocketAddress address() {
        return binding.localAddress();
    }

    /** {@code http://host:port}, or {@code https://host:port} over TLS. */
    public URI baseUri() {
        return ServerBindings.baseUri(address(), https);
    }

    public ApiSettings settings() {
        return settings;
    }

    /** Stops accepting connections and ends open ones (after at most a few seconds). Idempotent. */
    public void stop() {
        ServerBindings.stop(binding, "the HTTP API");
    }

    @Override
    public void close() {
        stop();
    }
}
