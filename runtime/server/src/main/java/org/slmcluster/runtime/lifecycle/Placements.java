package org.slmcluster.runtime.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.actors.lifecycle.ModelPlacement;
import org.slmcluster.topology.Labels;
import org.slmcluster.topology.Topology;

/**
 * The coordinator's placement state: the store, the desired placement (durable in the {@link PlacementLog}),
 * what each member last reported, and the transfer log. Members converge to the desired placement through
 * their agents' reports; models of the node files ({@code nodes/*.conf}) are the fresh cluster's initial
 * state and are not managed here. Thread-safe.
 */
public final class Placements {

    private static final Logger log = LoggerFactory.getLogger(Placements.class);
    private static final int TRANSFER_LOG_LINES = 1000;
    /** A member silent this long is shown as not reporting. */
    private static final long STALE_MILLIS = 5_000;

    private final ModelStore store;
    private final PlacementLog events;
    private final Topology topology;
    private final Path transferLogFile;
    private final Map<String, Map<String, String>> desired;
    private final Map<String, MemberView> members = new TreeMap<>(Labels.ORDER);
    private final Deque<String> transfers = new ArrayDeque<>();

    /** What a member said last. */
    public record MemberView(String label, String blobUrl, List<ModelPlacement.ModelState> models, long seenMillis) {}

    public Placements(ModelStore store, Path dataDir, Topology topology) {
        this.store = store;
        this.events = new PlacementLog(dataDir);
        this.topology = topology;
        this.transferLogFile = dataDir.resolve("store").resolve("transfers.log");
        this.desired = PlacementLog.fold(events.read());
    }

    public ModelStore store() {
        return store;
    }

    public Topology topology() {
        return topology;
    }

    /** The placement events about {@code model}, oldest first. */
    public synchronized List<PlacementEvent> events(String model) {
        return events.read().stream().filter(e -> model.equals(e.model())).toList();
    }

    /**
     * Places {@code name@version} (the latest version when null) on {@code labels}, or on {@code replicas}
     * members that report and do not host it yet (deepest first, then label order). The stored file is checked
     * against its digest first.
     *
     * @return the labels it was placed on
     */
    public synchronized List<String> deploy(String name, String version, List<String> labels, int replicas) {
        StoredModel model = store.require(name, version);
        store.verify(model);
        List<String> targets;
        if (labels != null && !labels.isEmpty()) {
            for (String label : labels) {
                if (!topology.contains(label)) {
                    throw LifecycleException.badRequest("label '" + label + "' is not in the topology (arity "
                            + topology.arity() + ", depth " + topology.depth() + ")");
                }
            }
            targets = List.copyOf(labels);
        } else if (replicas > 0) {
            targets = members.keySet().stream()
                    .filter(label -> !Labels.ROOT.equals(label))
                    .filter(label -> !model.version()
                            .equals(desired.getOrDefault(label, Map.of()).get(name)))
                    .sorted(Comparator.comparingInt(Labels::level).reversed().thenComparing(Labels.ORDER))
                    .limit(replicas)
                    .toList();
            if (targets.size() < replicas) {
                throw LifecycleException.conflict("only " + targets.size() + " reporting member(s) can take "
                        + model.id() + ", " + replicas + " asked for");
            }
        } else {
            throw LifecycleException.badRequest("say where: labels (--to) or a number of replicas (--replicas)");
        }
        events.append(new PlacementEvent(
                PlacementEvent.DEPLOY,
                name,
                model.version(),
                targets,
                Instant.now().toString()));
        for (String label : targets) {
            desired.computeIfAbsent(label, l -> new TreeMap<>()).put(name, model.version());
        }
        log.info("deploy {} to {}", model.id(), targets);
        return targets;
    }

    /** Takes {@code name} off {@code labels} (every label that has it when empty); returns those changed. */
    public synchronized List<String> undeploy(String name, List<String> labels) {
        List<String> targets = desired.entrySet().stream()
                .filter(e -> e.getValue().containsKey(name))
                .map(Map.Entry::getKey)
                .filter(label -> labels == null || labels.isEmpty() || labels.contains(label))
                .toList();
        if (targets.isEmpty()) {
            throw LifecycleException.notFound(name + " is not placed on "
                    + (labels == null || labels.isEmpty() ? "any member" : String.join(", ", labels)));
        }
        events.append(new PlacementEvent(
                PlacementEvent.UNDEPLOY, name, null, targets, Instant.now().toString()));
        for (String label : targets) {
            Map<String, String> models = desired.get(label);
            models.remove(name);
            if (models.isEmpty()) {
                desired.remove(label);
            }
        }
        log.info("undeploy {} from {}", name, targets);
        return targets;
    }

    /** Removes a stored version unless it is placed somewhere. */
    public synchronized StoredModel removeFromStore(String name, String version) {
        StoredModel model = store.require(name, version);
        List<String> placed = desired.entrySet().stream()
                .filter(e -> model.version().equals(e.getValue().get(name)))
                .map(Map.Entry::getKey)
                .toList();
        if (!placed.isEmpty()) {
            throw LifecycleException.conflict(model.id() + " is placed on " + String.join(", ", placed)
                    + "; undeploy it first ('slm models undeploy " + name + "')");
        }
        return store.remove(name, model.version());
    }

    /** Records a member's report and answers with what it must host. */
    public synchronized ModelPlacement.Assignment report(ModelPlacement.Report report) {
        members.put(
                report.label(),
                new MemberView(
                        report.label(), report.blobUrl(), List.copyOf(report.models()), System.currentTimeMillis()));
        for (String line : report.transfers()) {
            recordTransfer(report.label() + ": " + line);
        }
        List<ModelPlacement.AssignedModel> assigned = new ArrayList<>();
        desired.getOrDefault(report.label(), Map.of())
                .forEach((name, version) -> store.find(name, version)
                        .ifPresent(m -> assigned.add(new ModelPlacement.AssignedModel(
                                m.name(), m.digest(), m.size(), m.contextSize(), m.chatTemplate(), m.version()))));
        String parent = parentOf(report.label());
        MemberView parentView = parent == null ? null : members.get(parent);
        MemberView rootView = members.get(Labels.ROOT);
        return new ModelPlacement.Assignment(
                parentView == null ? null : parentView.blobUrl(),
                assigned,
                rootView == null ? null : rootView.blobUrl());
    }

    private void recordTransfer(String line) {
        String stamped = Instant.now() + " " + line;
        log.info("transfer {}", line);
        transfers.addLast(stamped);
        while (transfers.size() > TRANSFER_LOG_LINES) {
            transfers.removeFirst();
        }
        try {
            Files.writeString(
                    transferLogFile,
                    stamped + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("cannot append to {}: {}", transferLogFile, e.toString());
        }
    }

    /** The tree parent of {@code label}, null for the root. */
    static String parentOf(String label) {
        if (Labels.ROOT.equals(label)) {
            return null;
        }
        return label.length() == 1 ? Labels.ROOT : label.substring(0, label.length() - 1);
    }

    /** True when {@code label} last reported {@code version} of {@code model} ready to serve. */
    public synchronized boolean ready(String label, String model, String version) {
        MemberView view = members.get(label);
        return view != null
                && System.currentTimeMillis() - view.seenMillis() < STALE_MILLIS
                && view.models().stream()
                        .anyMatch(s -> s.model().equals(model)
                                && version.equals(s.version())
                                && ModelPlacement.READY.equals(s.phase()));
    }

    /** True when {@code label} no longer reports any version of {@code model} but {@code version}. */
    public synchronized boolean onlyVersion(String label, String model, String version) {
        MemberView view = members.get(label);
        return view != null
                && view.models().stream()
                        .filter(s -> s.model().equals(model))
                        .allMatch(s -> Objects.equals(version, s.version()));
    }

    /** label -> model -> version. */
    public synchronized Map<String, Map<String, String>> desired() {
        Map<String, Map<String, String>> copy = new TreeMap<>(Labels.ORDER);
        desired.forEach((label, models) -> copy.put(label, Map.copyOf(models)));
        return copy;
    }

    /**
     * Per member, model and version: the desired version and the member's reported phase of each version it
     * reports ({@code absent} for a desired version it has not reported yet). While one version replaces another
     * a member has a row for each.
     */
    public synchronized List<MemberModelStatus> status() {
        List<MemberModelStatus> rows = new ArrayList<>();
        Map<String, Map<String, String>> labels = new TreeMap<>(Labels.ORDER);
        desired.forEach((label, models) -> labels.put(label, new TreeMap<>(models)));
        members.forEach((label, view) -> {
            Map<String, String> models = labels.computeIfAbsent(label, l -> new TreeMap<>());
            view.models().forEach(state -> models.putIfAbsent(state.model(), null));
        });
        long now = System.currentTimeMillis();
        labels.forEach((label, models) -> models.forEach((model, version) -> {
            MemberView view = members.get(label);
            boolean reporting = view != null && now - view.seenMillis() < STALE_MILLIS;
            List<ModelPlacement.ModelState> states = view == null
                    ? List.of()
                    : view.models().stream()
                            .filter(s -> s.model().equals(model))
                            .toList();
            for (ModelPlacement.ModelState state : states) {
                rows.add(new MemberModelStatus(
                        label,
                        model,
                        version,
                        state.version(),
                        state.digest(),
                        state.phase(),
                        state.percent(),
                        state.reason(),
                        reporting));
            }
            if (version != null && states.stream().noneMatch(s -> version.equals(s.version()))) {
                String digest =
                        store.find(model, version).map(StoredModel::digest).orElse(null);
                rows.add(new MemberModelStatus(
                        label,
                        model,
                        version,
                        version,
                        digest,
                        ModelPlacement.ABSENT,
                        0,
                        reporting ? null : "member not reporting",
                        reporting));
            }
        }));
        return rows;
    }

    /**
     * One row of {@code slm models status}: {@code version} is the version the row is about, {@code desiredVersion}
     * the one the member should run (null means "to be removed").
     */
    public record MemberModelStatus(
            String label,
            String model,
            String desiredVersion,
            String version,
            String digest,
            String phase,
            int percent,
            String reason,
            boolean reporting) {}

    /** The transfer log, oldest first (the last {@value #TRANSFER_LOG_LINES} lines). */
    public synchronized List<String> transfers() {
        return List.copyOf(transfers);
    }

    /** The members' last reports, by label. */
    public synchronized Map<String, MemberView> members() {
        return new LinkedHashMap<>(members);
    }
}
