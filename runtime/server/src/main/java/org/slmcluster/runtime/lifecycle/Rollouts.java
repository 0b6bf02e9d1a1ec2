package org.slmcluster.runtime.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.runtime.jobs.JobHandle;
import org.slmcluster.runtime.jobs.JobManager;
import org.slmcluster.runtime.jobs.JobProgress;
import org.slmcluster.runtime.jobs.JobSpec;
import org.slmcluster.runtime.jobs.JobState;
import org.slmcluster.runtime.ledger.NonInferiority;
import org.slmcluster.runtime.ledger.RunComparison;
import org.slmcluster.topology.Labels;

/**
 * Gated roll-outs (issue 15): version B of a model replaces the version A that runs now only if a gate suite
 * says it is not worse. B is placed on a canary member (A keeps serving elsewhere), the gate suite runs as one
 * job on {@code model@A} and {@code model@B}, and a one-sided paired bootstrap on the items both scored
 * ({@link NonInferiority}) decides: B is promoted member by member (each member keeps A serving until B is
 * ready there) when its lower bound of B - A at the stated confidence is at least {@code -maxDrop}; otherwise
 * B is taken off the canary and A stays. Every step and the decision with its numbers go to the audit log
 * ({@link RolloutAudit}). A roll-out interrupted by a coordinator restart is not resumed: the audit log shows
 * where it stopped and the placement log what is desired.
 */
public final class Rollouts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Rollouts.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);

    /** The states a roll-out ends in, or {@code running}. */
    public static final String RUNNING = "running";

    public static final String PROMOTED = "promoted";
    public static final String ROLLED_BACK = "rolled-back";
    public static final String FAILED = "failed";

    /**
     * @param candidate  the store version to roll out (B)
     * @param canary     the member label that gets B first
     * @param gate       the gate suite's folder
     * @param metric     the score compared (as the ledgers name it, e.g. {@code chrf++})
     * @param maxDrop    the largest tolerated drop of B below A, in the metric's units
     * @param confidence one-sided confidence of the bound (default 0.95)
     */
    public record Request(
            String model,
            String candidate,
            String canary,
            Path gate,
            String metric,
            double maxDrop,
            double confidence) {

        public Request {
            if (metric == null || metric.isBlank()) {
                throw LifecycleException.badRequest("name the gate metric (--metric), e.g. chrf++ or exact-match");
            }
            if (!(maxDrop >= 0) || Double.isInfinite(maxDrop)) {
                throw LifecycleException.badRequest("--max-drop must be 0 or more, got " + maxDrop);
            }
            if (!(confidence > 0.5 && confidence < 1)) {
                throw LifecycleException.badRequest("--confidence must be above 0.5 and below 1, got " + confidence);
            }
        }
    }

    private final Placements placements;
    private final JobManager jobs;
    private final RolloutAudit audit;
    private final Duration readyTimeout;
    private final Map<String, Rollout> rollouts = new ConcurrentHashMap<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService runner = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "rollout-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    public Rollouts(Placements placements, JobManager jobs, Path dataDir, Duration readyTimeout) {
        this.placements = placements;
        this.jobs = jobs;
        this.audit = new RolloutAudit(dataDir);
        this.readyTimeout = readyTimeout;
    }

    /** One roll-out's progress, as {@code GET /api/v1/placements/rollout/{id}} shows it. */
    private static final class Rollout {
        final String id;
        final Request request;
        final String incumbent;
        final List<String> incumbentLabels;
        volatile String state = RUNNING;
        volatile String step = "placing the candidate on the canary";
        volatile String job;
        volatile ObjectNode decision;
        volatile String reason;
        final List<String> promoted = new java.util.concurrent.CopyOnWriteArrayList<>();

        Rollout(String id, Request request, String incumbent, List<String> incumbentLabels) {
            this.id = id;
            this.request = request;
            this.incumbent = incumbent;
            this.incumbentLabels = incumbentLabels;
        }

        ObjectNode json() {
            ObjectNode node = JSON.createObjectNode();
            node.put("id", id);
            node.put("model", request.model());
            node.put("from", incumbent);
            node.put("to", request.candidate());
            node.put("canary", request.canary());
            node.put("gate", request.gate().toString());
            node.put("metric", request.metric());
            node.put("max_drop", request.maxDrop());
            node.put("confidence", request.confidence());
            node.put("state", state);
            node.put("step", step);
            node.put("job", job);
            node.set("decision", decision);
            node.put("reason", reason);
            node.set("promoted", JSON.valueToTree(promoted));
            return node;
        }
    }

    /**
     * Checks the request against the store and the desired placement and starts the roll-out in the
     * background.
     *
     * @return the roll-out's id
     * @throws LifecycleException when the model, version or label is unknown, or the placement does not allow a
     *                            gated roll-out (no single version placed, only on the canary, another roll-out
     *                            of the model running)
     */
    public synchronized String start(Request request) {
        StoredModel candidate = placements.store().require(request.model(), request.candidate());
        if (!placements.topology().contains(request.canary())) {
            throw LifecycleException.badRequest("canary label '" + request.canary() + "' is not in the topology");
        }
        for (Rollout running : rollouts.values()) {
            if (running.request.model().equals(request.model()) && RUNNING.equals(running.state)) {
                throw LifecycleException.conflict(
                        "roll-out " + running.id + " of " + request.model() + " is still running");
            }
        }
        Map<String, Map<String, String>> desired = placements.desired();
        Map<String, List<String>> byVersion = new java.util.TreeMap<>();
        desired.forEach((label, models) -> {
            String version = models.get(request.model());
            if (version != null) {
                byVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(label);
            }
        });
        if (byVersion.containsKey(candidate.version())) {
            throw LifecycleException.conflict(
                    candidate.id() + " is already placed on " + String.join(", ", byVersion.get(candidate.version())));
        }
        if (byVersion.isEmpty()) {
            throw LifecycleException.conflict(request.model() + " is not placed anywhere: deploy its current version"
                    + " first ('slm models deploy " + request.model() + "@VERSION --to LABELS')");
        }
        if (byVersion.size() > 1) {
            throw LifecycleException.conflict(
                    request.model() + " runs in several versions " + byVersion + "; a roll-out starts from one");
        }
        String incumbent = byVersion.keySet().iterator().next();
        List<String> labels = byVersion.get(incumbent);
        if (labels.stream().allMatch(request.canary()::equals)) {
            throw LifecycleException.conflict(request.model() + "@" + incumbent + " runs only on the canary "
                    + request.canary() + ": it must keep serving on another member while the gate runs");
        }
        Rollout rollout = new Rollout(
                "rollout-" + Instant.now().toEpochMilli() + "-" + rollouts.size(),
                new Request(
                        request.model(),
                        candidate.version(),
                        request.canary(),
                        request.gate(),
                        request.metric(),
                        request.maxDrop(),
                        request.confidence()),
                incumbent,
                List.copyOf(labels));
        rollouts.put(rollout.id, rollout);
        ObjectNode started = entry(rollout, "started");
        started.put("from", incumbent);
        started.put("to", candidate.version());
        started.put("to_digest", candidate.digest());
        started.put("canary", request.canary());
        started.put("gate", request.gate().toString());
        started.put("metric", request.metric());
        started.put("max_drop", request.maxDrop());
        started.put("confidence", request.confidence());
        started.set("incumbent_labels", JSON.valueToTree(labels));
        audit.append(started);
        runner.execute(() -> run(rollout));
        return rollout.id;
    }

    /** The roll-out's progress, if this coordinator ran it since it started. */
    public Optional<ObjectNode> progress(String id) {
        return Optional.ofNullable(rollouts.get(id)).map(Rollout::json);
    }

    /**
     * What happened to {@code model}, oldest first: its placement events ({@code deploy}, {@code undeploy}) and
     * every roll-out step and decision with its numbers.
     */
    public List<JsonNode> history(String model) {
        List<JsonNode> entries = new ArrayList<>();
        for (PlacementEvent event : placements.events(model)) {
            ObjectNode node = JSON.createObjectNode();
            node.put("at", event.at());
            node.put("model", event.model());
            node.put("event", event.event());
            node.put("version", event.version());
            node.set("labels", JSON.valueToTree(event.labels()));
            entries.add(node);
        }
        entries.addAll(audit.of(model));
        entries.sort(Comparator.comparing(e -> Instant.parse(e.path("at").asText())));
        return entries;
    }

    private void run(Rollout rollout) {
        Request request = rollout.request;
        String model = request.model();
        String a = rollout.incumbent;
        String b = request.candidate();
        boolean canaryHadA = rollout.incumbentLabels.contains(request.canary());
        try {
            placements.deploy(model, b, List.of(request.canary()), 0);
            rollout.step = "waiting for " + model + "@" + b + " to be ready on the canary " + request.canary();
            await(rollout.step, () -> placements.ready(request.canary(), model, b));
            List<String> comparison = rollout.incumbentLabels.stream()
                    .filter(label -> !label.equals(request.canary()))
                    .toList();
            rollout.step = "waiting for " + model + "@" + a + " to be ready on one of " + comparison;
            await(rollout.step, () -> comparison.stream().anyMatch(label -> placements.ready(label, model, a)));
            audit.append(entry(rollout, "canary-ready").put("canary", request.canary()));

            String versionA = model + "@" + a;
            String versionB = model + "@" + b;
            JobHandle handle = jobs.start(new JobSpec(request.gate(), List.of(versionA, versionB), List.of()));
            rollout.job = handle.id();
            rollout.step = "running the gate suite (job " + handle.id() + ")";
            audit.append(entry(rollout, "gate-started").put("job", handle.id()));
            JobProgress finished = handle.completion().toCompletableFuture().get();
            if (finished.state() == JobState.CANCELLED || finished.state() == JobState.INTERRUPTED) {
                throw new IllegalStateException("the gate job " + handle.id() + " ended " + finished.state());
            }
            List<double[]> pairs = new RunComparison(jobs.history())
                    .pairs(handle.id() + "/" + versionA, handle.id() + "/" + versionB, request.metric());
            NonInferiority.Result result = NonInferiority.test(pairs, request.maxDrop(), request.confidence());
            ObjectNode decision = entry(rollout, "gate-result");
            decision.put("job", handle.id());
            decision.put("job_state", finished.state().name());
            decision.put("failed_tasks", finished.failed());
            decision.put("metric", request.metric());
            decision.put("shared_items", result.shared());
            decision.put("a_mean", result.meanA());
            decision.put("b_mean", result.meanB());
            decision.put("difference", result.difference());
            decision.put("lower_bound", result.lowerBound());
            decision.put("confidence", result.confidence());
            decision.put("max_drop", result.maxDrop());
            decision.put(
                    "test",
                    "one-sided paired bootstrap of the mean per-item difference B - A; promote when its lower bound"
                            + " at the confidence is at least -max_drop");
            decision.put("decision", result.passed() ? "promote" : "roll back");
            if (result.shared() == 0) {
                decision.put("reason", "no item was scored with metric '" + request.metric() + "' for both versions");
            }
            rollout.decision = decision;
            audit.append(decision);
            log.info(
                    "roll-out {} of {}: {} (B - A = {}, lower bound {} at {}, max drop {}, {} items)",
                    rollout.id,
                    versionB,
                    result.passed() ? "promote" : "roll back",
                    result.difference(),
                    result.lowerBound(),
                    result.confidence(),
                    result.maxDrop(),
                    result.shared());
            if (result.passed()) {
                promote(rollout, comparison);
            } else {
                rollBack(rollout, canaryHadA);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(rollout, "interrupted (the coordinator is stopping)");
        } catch (ExecutionException e) {
            failed(rollout, String.valueOf(e.getCause().getMessage()));
        } catch (RuntimeException e) {
            failed(rollout, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (Exception e) {
            failed(rollout, e.toString());
        }
    }

    /** B on every member that ran A, one at a time: the next member only once B serves on this one alone. */
    private void promote(Rollout rollout, List<String> labels) throws InterruptedException {
        String model = rollout.request.model();
        String b = rollout.request.candidate();
        List<String> order = new ArrayList<>(labels);
        order.sort(Comparator.comparingInt(Labels::level).reversed().thenComparing(Labels.ORDER));
        for (String label : order) {
            rollout.step = "promoting " + model + "@" + b + " on " + label;
            placements.deploy(model, b, List.of(label), 0);
            await(rollout.step, () -> placements.ready(label, model, b) && placements.onlyVersion(label, model, b));
            rollout.promoted.add(label);
            audit.append(entry(rollout, "promoted-member").put("label", label));
        }
        ObjectNode done = entry(rollout, PROMOTED);
        done.put("version", b);
        done.set("labels", JSON.valueToTree(new TreeSet<>(placementLabels(model, b))));
        audit.append(done);
        rollout.step = "done";
        rollout.state = PROMOTED;
    }

    /** B off the canary; the canary gets A back when it ran A before. */
    private void rollBack(Rollout rollout, boolean canaryHadA) throws InterruptedException {
        String model = rollout.request.model();
        String canary = rollout.request.canary();
        String a = rollout.incumbent;
        restoreCanary(rollout, canaryHadA);
        rollout.step = "waiting for the canary " + canary + " to drop " + model + "@" + rollout.request.candidate();
        await(
                rollout.step,
                canaryHadA
                        ? () -> placements.ready(canary, model, a) && placements.onlyVersion(canary, model, a)
                        : () -> placements.onlyVersion(canary, model, null));
        ObjectNode done = entry(rollout, ROLLED_BACK);
        done.put("version", a);
        done.put("removed", rollout.request.candidate());
        audit.append(done);
        rollout.step = "done";
        rollout.state = ROLLED_BACK;
    }

    private void restoreCanary(Rollout rollout, boolean canaryHadA) {
        String model = rollout.request.model();
        String canary = rollout.request.canary();
        if (canaryHadA) {
            placements.deploy(model, rollout.incumbent, List.of(canary), 0);
        } else {
            placements.undeploy(model, List.of(canary));
        }
    }

    private void failed(Rollout rollout, String reason) {
        log.warn("roll-out {} of {} failed: {}", rollout.id, rollout.request.model(), reason);
        rollout.reason = reason;
        rollout.state = FAILED;
        ObjectNode entry = entry(rollout, FAILED).put("reason", reason).put("during", rollout.step);
        if (rollout.promoted.isEmpty()) {
            try {
                restoreCanary(rollout, rollout.incumbentLabels.contains(rollout.request.canary()));
                entry.put("canary_restored", true);
            } catch (RuntimeException e) {
                entry.put("canary_restored", false);
                entry.put("restore_error", String.valueOf(e.getMessage()));
            }
        }
        try {
            audit.append(entry);
        } catch (RuntimeException e) {
            log.error("roll-out {}: cannot write the audit log: {}", rollout.id, e.toString());
        }
    }

    private List<String> placementLabels(String model, String version) {
        List<String> labels = new ArrayList<>();
        placements.desired().forEach((label, models) -> {
            if (version.equals(models.get(model))) {
                labels.add(label);
            }
        });
        return labels;
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + readyTimeout.toSeconds() + " s " + what);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static ObjectNode entry(Rollout rollout, String event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("at", Instant.now().toString());
        node.put("rollout", rollout.id);
        node.put("model", rollout.request.model());
        node.put("event", event);
        return node;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
