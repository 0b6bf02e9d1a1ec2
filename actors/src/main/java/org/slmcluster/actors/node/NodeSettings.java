package org.slmcluster.actors.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.slmcluster.actors.dispatch.DispatcherSettings;
import org.slmcluster.actors.routing.RouterSettings;
import org.slmcluster.actors.routing.RoutingMode;
import org.slmcluster.actors.worker.WorkerSettings;
import org.slmcluster.topology.Topology;

/**
 * Everything a member needs to take its place in the overlay.
 *
 * @param label                 topology label ({@code root} for the coordinator); unique in the cluster
 * @param arity                 overlay arity d
 * @param depth                 overlay depth h
 * @param routingMode           overlay (hop by hop) or direct
 * @param hostedModels          model names this member runs, one worker each
 * @param workerQueueCapacity   requests a worker holds waiting; beyond it, callers get OVERLOADED at once
 * @param workerConcurrency     generations a worker runs at the same time
 * @param defaultDeadline       deadline for tasks submitted without one
 * @param ttl                   forwards an envelope may take before it is returned as undeliverable
 * @param restartBackoffMin     first delay before reloading a failed engine
 * @param restartBackoffMax     cap of the doubling reload delay
 * @param attemptTimeout        per-attempt timeout after which the dispatcher tries another host;
 *                              zero means an attempt may use the task's whole deadline
 * @param maxLoadAttempts       loads of a model tried in a row before its worker gives up (until restart)
 */
public record NodeSettings(
        String label,
        int arity,
        int depth,
        RoutingMode routingMode,
        List<String> hostedModels,
        int workerQueueCapacity,
        int workerConcurrency,
        Duration defaultDeadline,
        int ttl,
        Duration restartBackoffMin,
        Duration restartBackoffMax,
        Duration attemptTimeout,
        int maxLoadAttempts,
        int maxCrashes,
        Duration crashWindow) {

    /** Cluster role every member carries for its label: {@code label-<label>}. */
    public static final String LABEL_ROLE_PREFIX = RouterSettings.LABEL_ROLE_PREFIX;

    public NodeSettings {
        if (arity < Topology.MIN_ARITY || arity > Topology.MAX_ARITY || depth < 1) {
            throw new IllegalArgumentException(
                    "arity must be 2..10 and depth at least 1, got arity " + arity + " depth " + depth);
        }
        if (!isLabelOf(label, arity, depth)) {
            throw new IllegalArgumentException(
                    "node label '" + label + "' is not a node of the arity " + arity + " depth " + depth + " topology");
        }
        if (routingMode == null) {
            throw new IllegalArgumentException("routing mode is required (overlay or direct)");
        }
        hostedModels = List.copyOf(new LinkedHashSet<>(hostedModels == null ? List.of() : hostedModels));
        for (String model : hostedModels) {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("hosted model names must not be blank: " + hostedModels);
            }
        }
        if (workerQueueCapacity < 1) {
            throw new IllegalArgumentException("worker queue capacity must be at least 1, got " + workerQueueCapacity);
        }
        if (workerConcurrency < 1) {
            throw new IllegalArgumentException("worker concurrency must be at least 1, got " + workerConcurrency);
        }
        requirePositive("default deadline", defaultDeadline);
        if (ttl < 1) {
            throw new IllegalArgumentException("routing ttl must be at least 1, got " + ttl);
        }
        requirePositive("restart backoff min", restartBackoffMin);
        requirePositive("restart backoff max", restartBackoffMax);
        if (restartBackoffMax.compareTo(restartBackoffMin) < 0) {
            throw new IllegalArgumentException(
                    "restart backoff max " + restartBackoffMax + " is below min " + restartBackoffMin);
        }
        if (attemptTimeout == null || attemptTimeout.isNegative()) {
            throw new IllegalArgumentException("attempt timeout must be zero (off) or positive, got " + attemptTimeout);
        }
        if (maxLoadAttempts < 1) {
            throw new IllegalArgumentException("worker max load attempts must be at least 1, got " + maxLoadAttempts);
        }
    }

    private static boolean isLabelOf(String label, int arity, int depth) {
        if ("root".equals(label)) {
            return true;
        }
        if (label == null || label.isEmpty() || label.length() > depth) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            int digit = label.charAt(i) - '0';
            if (digit < 0 || digit >= arity) {
                return false;
            }
        }
        return true;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Defaults as in reference.conf: overlay routing, queue 16, concurrency 1, deadline 120 s, ttl 16. */
    public static NodeSettings of(String label, int arity, int depth, List<String> hostedModels) {
        return new NodeSettings(
                label,
                arity,
                depth,
                RoutingMode.OVERLAY,
                hostedModels,
                16,
                1,
                Duration.ofSeconds(120),
                16,
                Duration.ofMillis(500),
                Duration.ofSeconds(10),
                Duration.ZERO,
                WorkerSettings.DEFAULT_MAX_LOAD_ATTEMPTS,
                WorkerSettings.DEFAULT_MAX_CRASHES,
                WorkerSettings.DEFAULT_CRASH_WINDOW);
    }

    /**
     * Reads {@code slm.node.label}, {@code slm.node.models}, {@code slm.topology.arity|depth},
     * {@code slm.routing.mode|ttl}, {@code slm.worker.queue-capacity|concurrency|restart-backoff-min|max|max-load-attempts|max-crashes|crash-window},
     * {@code slm.dispatch.default-deadline|attempt-timeout}. Missing keys fall back to this module's
     * reference.conf.
     */
    public static NodeSettings fromConfig(Config config) {
        Config c = config.withFallback(ConfigFactory.defaultReference(NodeSettings.class.getClassLoader()));
        if (!c.hasPath("slm.node.label")) {
            throw new IllegalArgumentException("slm.node.label is not set: every member needs its topology label");
        }
        List<String> models = c.hasPath("slm.node.models") ? c.getStringList("slm.node.models") : List.of();
        return new NodeSettings(
                c.getString("slm.node.label"),
                c.getInt("slm.topology.arity"),
                c.getInt("slm.topology.depth"),
                RoutingMode.parse(c.getString("slm.routing.mode")),
                models,
                c.getInt("slm.worker.queue-capacity"),
                c.getInt("slm.worker.concurrency"),
                c.getDuration("slm.dispatch.default-deadline"),
                c.getInt("slm.routing.ttl"),
                c.getDuration("slm.worker.restart-backoff-min"),
                c.getDuration("slm.worker.restart-backoff-max"),
                optionalDuration(c, "slm.dispatch.attempt-timeout").orElse(Duration.ZERO),
                c.getInt("slm.worker.max-load-attempts"),
                c.getInt("slm.worker.max-crashes"),
                c.getDuration("slm.worker.crash-window"));
    }

    private static Optional<Duration> optionalDuration(Config c, String path) {
        if (!c.hasPath(path)) {
            return Optional.empty();
        }
        String raw = c.getValue(path).unwrapped().toString().trim();
        if (raw.equalsIgnoreCase("off") || raw.equalsIgnoreCase("false")) {
            return Optional.empty();
        }
        return Optional.of(c.getDuration(path));
    }

    /** The cluster role this member must carry: {@code label-<label>}. */
    public String labelRole() {
        return roleFor(label);
    }

    public static String roleFor(String label) {
        return LABEL_ROLE_PREFIX + label;
    }

    /**
     * {@code base} with this node's label role added to {@code pekko.cluster.roles} (existing roles are
     * kept). Start the member's ActorSystem with the result; {@link NodeGuardian} refuses to run without it.
     */
    public Config withLabelRole(Config base) {
        List<String> roles = new ArrayList<>(
                base.hasPath("pekko.cluster.roles") ? base.getStringList("pekko.cluster.roles") : List.of());
        roles.removeIf(r -> r.startsWith(LABEL_ROLE_PREFIX));
        roles.add(labelRole());
        return base.withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles));
    }

    public Topology topology() {
        return Topology.of(arity, depth);
    }

    /** The router's part of these settings. */
    public RouterSettings router() {
        return new RouterSettings(label, arity, depth, routingMode, ttl);
    }

    /** The dispatcher's part (only the coordinator runs one). */
    public DispatcherSettings dispatcher() {
        return new DispatcherSettings(label, arity, depth, routingMode, defaultDeadline, attemptTimeout);
    }

    /** A model worker's part. */
    public WorkerSettings worker() {
        return new WorkerSettings(
                workerQueueCapacity,
                workerConcurrency,
                restartBackoffMin,
                restartBackoffMax,
                maxLoadAttempts,
                maxCrashes,
                crashWindow);
    }

    public boolean isCoordinator() {
        return "root".equals(label);
    }

    public NodeSettings withRoutingMode(RoutingMode value) {
        return new NodeSettings(
                label,
                arity,
                depth,
                value,
                hostedModels,
                workerQueueCapacity,
                workerConcurrency,
                defaultDeadline,
                ttl,
                restartBackoffMin,
                restartBackoffMax,
                attemptTimeout,
                maxLoadAttempts,
                maxCrashes,
                crashWindow);
    }

    public NodeSettings withWorkerQueueCapacity(int value) {
        return new NodeSettings(
                label,
                arity,
                depth,
                routingMode,
                hostedModels,
                value,
                workerConcurrency,
                defaultDeadline,
                ttl,
                restartBackoffMin,
                restartBackoffMax,
                attemptTimeout,
                maxLoadAttempts,
                maxCrashes,
                crashWindow);
    }

    public NodeSettings withWorkerConcurrency(int value) {
        return new NodeSettings(
                label,
                arity,
                depth,
                routingMode,
                hostedModels,
                workerQueueCapacity,
                value,
                defaultDeadline,
                ttl,
                restartBackoffMin,
                restartBackoffMax,
                attemptTimeout,
                maxLoadAttempts,
                maxCrashes,
                crashWindow);
    }

    public NodeSettings withDefaultDeadline(Duration value) {
        return new NodeSettings(
                label,
                arity,
                depth,
                routingMode,
                hostedModels,
                workerQueueCapacity,
                workerConcurrency,
                value,
                ttl,
                restartBackoffMin,
                restartBackoffMax,
                attemptTimeout,
                maxLoadAttempts,
                maxCrashes,
                crashWindow);
    }

    public NodeSettings withTtl(int value) {
        return new NodeSettings(
                label,
                arity,
                depth,
                routingMode,
                hostedModels,
                workerQueueCapacity,
                workerConcurrency,
                defaultDeadline,
                value,
                restartBackoffMin,
                restartBackoffMax,
                attemptTimeout,
                maxLoadAttempts,
                maxCrashes,
                crashWindow);
    }

    public NodeSettings withRestartBackoff(Duration min, Duration max) {
        return new NodeSettings(
                label,
                arity,
                depth,
                routingMode,
                hostedModels,
                workerQueueCapacity,
                workerConcurrency,
                defaultDeadline,
                ttl,
                min,
                max,
                attemptTimeout,
                maxLoadAttempts,
                maxCrashes,
                crashWindow);
    }

    public NodeSettings withAttemptTimeout(Duration value) {
        return new NodeSettings(
                label,
                arity,
                depth,
                routingMode,
                hostedModels,
                workerQueueCapacity,
                workerConcurrency,
                defaultDeadline,
                ttl,
                restartBackoffMin,
                restartBackoffMax,
                value,
                maxLoadAttempts,
                maxCrashes,
                crashWindow);
    }
}
