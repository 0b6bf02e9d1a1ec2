package org.slmcluster.runtime.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.runtime.http.ApiServer;
import org.slmcluster.runtime.http.ApiSettings;
import org.slmcluster.runtime.http.ManagementServer;
import org.slmcluster.runtime.ledger.LedgerDatabase;
import org.slmcluster.runtime.lifecycle.BlobCache;
import org.slmcluster.runtime.lifecycle.MemberAgent;
import org.slmcluster.runtime.lifecycle.ModelStore;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.node.MemberTls;
import org.slmcluster.runtime.node.NodeConfig;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.runtime.platform.DataDirectory;
import org.slmcluster.runtime.server.metrics.MemberMetricsEndpoint;
import org.slmcluster.topology.Labels;

/**
 * What a member serves over HTTP, from its node config: Pekko Management on {@code slm.management.port}
 * (every member, at once, so health checks answer while it joins) and, on the coordinator ({@code root}),
 * the API on {@code slm.http.port} once the member is Up. A port of 0 in the node config means "not served".
 * With {@code slm.coordinator.failover = on}, {@code root} and every member with
 * {@code slm.coordinator.standby = on} are candidates: the one holding the {@link CoordinatorLease} serves.
 */
public final class NodeEndpoints implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeEndpoints.class);

    /** Bytes per second this member fetches model files at from its tree parent (a size; 0 = unlimited). */
    public static final String RATE_LIMIT_KEY = "slm.lifecycle.rate-limit";

    /**
     * Where this member fetches model files: {@code parent} (its tree parent, the default) or {@code coordinator}
     * (straight from the root, the placement benchmark's baseline).
     */
    public static final String FETCH_FROM_KEY = "slm.lifecycle.fetch-from";

    private static final java.util.concurrent.atomic.AtomicInteger AGENTS =
            new java.util.concurrent.atomic.AtomicInteger();

    private final ManagementServer management;
    private final BlobCache blobs;
    private final AtomicReference<Coordinator> coordinator = new AtomicReference<>();
    private final AtomicReference<CoordinatorFailover> failover = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private NodeEndpoints(ManagementServer management, BlobCache blobs) {
        this.management = management;
        this.blobs = blobs;
    }

    /** Serves what {@code node}'s config asks for; see the class comment. */
    public static NodeEndpoints serve(NodeRuntime node) {
        NodeConfig config = node.config();
        ApiSettings settings = ApiSettings.fromConfig(config.config());
        boolean coordinator =
                (Labels.ROOT.equals(config.label()) || config.standbyCoordinator()) && config.httpPort() != 0;
        return serve(
                node,
                settings.withPort(config.httpPort()),
                coordinator,
                config.managementPort() == 0 ? null : config.managementPort());
    }

    /**
     * @param serveApi       start the coordinator's services and the API (on {@code api.port()}, 0 = any free
     *                       port) once the member is Up
     * @param managementPort port for Pekko Management (0 = any free port), or null for none
     */
    public static NodeEndpoints serve(NodeRuntime node, ApiSettings api, boolean serveApi, Integer managementPort) {
        boolean fromCoordinator = managementPort != null && fetchFromCoordinator(node);
        BlobCache blobs = managementPort == null ? null : blobCache(node, api);
        ManagementServer management = managementPort == null
                ? null
                : ManagementServer.start(node.system(), api, managementPort, metricsOf(node), https(node), blobs);
        if (management != null) {
            // The model agent: converges this member to the coordinator's desired placement (issue 15).
            String scheme = https(node).isPresent() ? "https://" : "http://";
            String blobUrl =
                    scheme + node.config().host() + ":" + management.address().getPort() + "/store/blobs";
            warnIfChildrenCannotFetch(node, management);
            node.system()
                    .systemActorOf(
                            MemberAgent.create(node, blobs, blobUrl, fromCoordinator),
                            "model-agent-" + AGENTS.incrementAndGet(),
                            Props.empty());
        }
        NodeEndpoints endpoints = new NodeEndpoints(management, blobs);
        if (serveApi) {
            api.requireTokenUnlessLoopback("the HTTP API");
            Cluster.get(Adapter.toClassic(node.system())).registerOnMemberUp(() -> endpoints.startApi(node, api));
        }
        return endpoints;
    }

    /**
     * A member on a network address whose management port listens on loopback advertises a blob address its
     * tree children cannot reach (issue 15 on separate hosts): say so once, naming the setting.
     */
    private static void warnIfChildrenCannotFetch(NodeRuntime node, ManagementServer management) {
        java.net.InetAddress bound = management.address().getAddress();
        try {
            if (bound.isLoopbackAddress()
                    && !java.net.InetAddress.getByName(node.config().host()).isLoopbackAddress()) {
                log.warn(
                        "model files for this member's tree children are offered at {}:{} but Pekko Management"
                                + " listens on {} only: set slm.http.host to {} (and a token) so that they can fetch them",
                        node.config().host(),
                        management.address().getPort(),
                        bound.getHostAddress(),
                        node.config().host());
            }
        } catch (java.net.UnknownHostException e) {
            log.warn("cannot resolve this member's host '{}': {}", node.config().host(), e.getMessage());
        }
    }

    /** The member's TLS context when it has certificates and {@code slm.tls.https} is on (the default). */
    static Optional<SSLContext> https(NodeRuntime node) {
        return node.config().tls().filter(MemberTls::https).map(MemberTls::sslContext);
    }

    private static boolean fetchFromCoordinator(NodeRuntime node) {
        com.typesafe.config.Config config = node.config().config();
        String value = config.hasPath(FETCH_FROM_KEY) ? config.getString(FETCH_FROM_KEY) : "parent";
        return switch (value) {
            case "parent" -> false;
            case "coordinator" -> true;
            default ->
                throw new IllegalArgumentException(
                        FETCH_FROM_KEY + " must be 'parent' or 'coordinator', got '" + value + "'");
        };
    }

    private static BlobCache blobCache(NodeRuntime node, ApiSettings api) {
        com.typesafe.config.Config config = node.config().config();
        long rate = config.hasPath(RATE_LIMIT_KEY) ? config.getBytes(RATE_LIMIT_KEY) : 0;
        return new BlobCache(
                node.label(), ModelStore.blobsOf(DataDirectory.of(config)), rate, api.token(), https(node));
    }

    /** The member's metrics, with the free disk of its data directory and first model directory. */
    private static MemberMetricsEndpoint metricsOf(NodeRuntime node) {
        Map<String, Path> directories = new LinkedHashMap<>();
        directories.put("data", DataDirectory.of(node.config().config()));
        List<Path> models = ModelFiles.searchPath();
        if (!models.isEmpty()) {
            directories.put("models", models.get(0));
        }
        return MemberMetricsEndpoint.of(node.system(), directories);
    }

    private void startApi(NodeRuntime node, ApiSettings settings) {
        if (closed.get()) {
            return;
        }
        Config config = node.config().config();
        if (CoordinatorFailover.enabled(config)) {
            try {
                competeForLease(node, settings, config);
            } catch (SQLException | RuntimeException e) {
                log.error(
                        "node {} [{}] is Up but cannot compete for the coordinator's role: {}",
                        node.config().name(),
                        node.label(),
                        e.getMessage());
            }
            return;
        }
        openServices(node, settings);
    }

    /** Failover: opens the services whenever this member holds the coordinator lease, closes them when not. */
    private void competeForLease(NodeRuntime node, ApiSettings settings, Config config) throws SQLException {
        Path dataDir = DataDirectory.of(config);
        Config ledgerSettings =
                config.hasPath("slm.ledger") ? config.withOnlyPath("slm.ledger") : ConfigFactory.empty();
        LedgerDatabase database = LedgerDatabase.of(dataDir, ledgerSettings);
        if (!database.shared()) {
            throw new IllegalArgumentException(CoordinatorFailover.ENABLED_KEY
                    + " needs the ledgers in PostgreSQL (slm.ledger.jdbc.url = \"jdbc:postgresql://HOST:PORT/DB\"), not "
                    + database.url());
        }
        String holder = node.config().name() + "@" + node.address() + "#" + UUID.randomUUID();
        CoordinatorLease lease = new CoordinatorLease(database, holder, CoordinatorFailover.ttl(config));
        CoordinatorFailover started = CoordinatorFailover.start(
                lease, CoordinatorFailover.ttl(config), () -> openServices(node, settings), this::stopApi);
        failover.set(started);
        if (closed.get()) {
            stopFailover();
        }
    }

    private void openServices(NodeRuntime node, ApiSettings settings) {
        if (closed.get()) {
            return;
        }
        Coordinator services = null;
        try {
            services = Coordinator.open(node, DataDirectory.of(node.config().config()));
            services.serveApi(settings);
            coordinator.set(services);
        } catch (RuntimeException e) {
            log.error(
                    "node {} [{}] is Up but serves no HTTP API: {}",
                    node.config().name(),
                    node.label(),
                    e.getMessage());
            if (services != null) {
                services.close();
            }
        }
        if (closed.get()) {
            stopApi();
        }
    }

    /** The API, once this (coordinator) member is Up and the API is bound. */
    public Optional<ApiServer> api() {
        return Optional.ofNullable(coordinator.get()).flatMap(Coordinator::api);
    }

    /** The coordinator's services (jobs, ledgers, collections, API), once this member is Up. */
    public Optional<Coordinator> coordinator() {
        return Optional.ofNullable(coordinator.get());
    }

    public Optional<ManagementServer> management() {
        return Optional.ofNullable(management);
    }

    /** Stops both servers and the coordinator's services (the node keeps running). Idempotent. */
    @Override
    public void close() {
        closed.set(true);
        stopFailover();
        stopApi();
        if (management != null) {
            management.stop();
        }
        if (blobs != null) {
            blobs.close();
        }
    }

    private void stopFailover() {
        CoordinatorFailover running = failover.getAndSet(null);
        if (running != null) {
            running.close();
        }
    }

    private void stopApi() {
        Coordinator services = coordinator.getAndSet(null);
        if (services != null) {
            services.close();
        }
    }
}
