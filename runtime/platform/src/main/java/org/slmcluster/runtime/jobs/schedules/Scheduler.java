package org.slmcluster.runtime.jobs.schedules;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled and triggered evaluation on the coordinator (issue 15, point 7). A schedule runs its suite on its
 * models as a normal job ({@link JobStarter}: the same path as {@code POST /api/v1/jobs}, so results land in the
 * ledgers like any job's) every period, and/or whenever a deploy of one of its models reaches ready on all the
 * members it is placed on ({@link DeployReadiness}). Schedules and their runs are durable in the
 * {@link ScheduleLog}: the next due time counts from the last run across restarts, and runs missed while the
 * coordinator was down are made up by one run at start. Thread-safe.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    /** Starts the job of one run; returns its id. */
    @FunctionalInterface
    public interface JobStarter {
        String start(Schedule schedule, String startedBy) throws Exception;
    }

    /** Refuses an unknown suite or model with a {@link ScheduleException} naming it. */
    @FunctionalInterface
    public interface Validator {
        void check(String suite, List<String> models);
    }

    /**
     * The models whose desired placement is ready on every member it names now: model -> a fingerprint of that
     * placement ({@code label=version,...}); a new deploy changes the fingerprint.
     */
    @FunctionalInterface
    public interface DeployReadiness {
        Map<String, String> readyDeployments();

        DeployReadiness NONE = Map::of;
    }

    private static final class Entry {
        final Schedule schedule;
        final Map<String, String> triggeredDeployments = new TreeMap<>();
        Instant lastRunAt;
        String lastJob;
        String lastTrigger;
        String lastError;
        int runs;

        Entry(Schedule schedule) {
            this.schedule = schedule;
        }
    }

    private final ScheduleLog events;
    private final Clock clock;
    private final Validator validator;
    private final JobStarter starter;
    private final DeployReadiness readiness;
    private final Map<String, Entry> schedules = new LinkedHashMap<>();
    private int added;
    private ScheduledExecutorService timer;

    public Scheduler(Path dataDir, Clock clock, Validator validator, JobStarter starter, DeployReadiness readiness) {
        this.events = new ScheduleLog(dataDir);
        this.clock = clock;
        this.validator = validator;
        this.starter = starter;
        this.readiness = readiness;
        for (ScheduleEvent event : events.read()) {
            replay(event);
        }
    }

    private void replay(ScheduleEvent event) {
        switch (event.event()) {
            case ScheduleEvent.ADD -> {
                added++;
                Entry entry = new Entry(new Schedule(
                        event.id(),
                        event.suite(),
                        event.models(),
                        event.every() == null ? null : Duration.parse(event.every()),
                        Boolean.TRUE.equals(event.afterDeploy()),
                        event.seeds(),
                        Instant.parse(event.at())));
                if (event.deployments() != null) {
                    entry.triggeredDeployments.putAll(event.deployments());
                }
                schedules.put(event.id(), entry);
            }
            case ScheduleEvent.REMOVE -> schedules.remove(event.id());
            case ScheduleEvent.RUN -> {
                Entry entry = schedules.get(event.id());
                if (entry != null) {
                    entry.runs++;
                    entry.lastRunAt = Instant.parse(event.at());
                    entry.lastJob = event.job();
                    entry.lastTrigger = event.trigger();
                    entry.lastError = event.error();
                    if (event.deployments() != null) {
                        entry.triggeredDeployments.putAll(event.deployments());
                    }
                }
            }
            default -> log.warn("schedule log: unknown event '{}' skipped", event.event());
        }
    }

    /**
     * Adds a schedule after checking its suite and models.
     *
     * @param every null for a schedule that runs only after deploys
     * @throws ScheduleException (bad request) naming an unknown suite or model, or a schedule without a when
     */
    public synchronized Schedule add(
            String suite, List<String> models, Duration every, boolean afterDeploy, List<Long> seeds) {
        if (suite == null || suite.isBlank()) {
            throw ScheduleException.badRequest("a schedule needs a suite");
        }
        if (models == null || models.isEmpty()) {
            throw ScheduleException.badRequest("a schedule needs at least one model");
        }
        if (models.stream().distinct().count() != models.size()) {
            throw ScheduleException.badRequest("a model is listed twice: " + models);
        }
        if (every != null && every.compareTo(Durations.MINIMUM) < 0) {
            throw ScheduleException.badRequest("the period must be at least 1s, got " + Durations.format(every));
        }
        Instant now = clock.instant();
        Schedule schedule = new Schedule("s" + (added + 1), suite, models, every, afterDeploy, seeds, now);
        validator.check(suite, models);
        // deployments already ready when the schedule is made do not trigger it
        Map<String, String> ready = afterDeploy ? readyOf(schedule) : null;
        events.append(new ScheduleEvent(
                ScheduleEvent.ADD,
                schedule.id(),
                suite,
                schedule.models(),
                every == null ? null : every.toString(),
                afterDeploy,
                schedule.seeds(),
                null,
                null,
                null,
                ready,
                now.toString()));
        added++;
        Entry entry = new Entry(schedule);
        if (ready != null) {
            entry.triggeredDeployments.putAll(ready);
        }
        schedules.put(schedule.id(), entry);
        log.info("schedule {} added: {} on {} {}", schedule.id(), suite, schedule.models(), schedule.when());
        return schedule;
    }

    /** @throws ScheduleException (not found) for an unknown id */
    public synchronized Schedule remove(String id) {
        Entry entry = schedules.get(id);
        if (entry == null) {
            throw ScheduleException.notFound("no schedule '" + id + "'" + known());
        }
        events.append(new ScheduleEvent(
                ScheduleEvent.REMOVE,
                id,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                clock.instant().toString()));
        schedules.remove(id);
        log.info("schedule {} removed", id);
        return entry.schedule;
    }

    private String known() {
        return schedules.isEmpty() ? " (there are none)" : " (known: " + String.join(", ", schedules.keySet()) + ")";
    }

    public synchronized List<ScheduleStatus> list() {
        List<ScheduleStatus> list = new ArrayList<>();
        for (Entry entry : schedules.values()) {
            list.add(new ScheduleStatus(
                    entry.schedule,
                    entry.lastRunAt,
                    entry.lastJob,
                    entry.lastTrigger,
                    entry.lastError,
                    DueTimes.next(entry.schedule, entry.lastRunAt).orElse(null),
                    entry.runs));
        }
        return list;
    }

    /**
     * Starts the runs that are due now: a periodic one whose due time has come (once, however many periods
     * passed), and a deploy-triggered one for each schedule one of whose models has a newly ready deployment.
     *
     * @return the ids of the jobs started
     */
    public synchronized List<String> tick() {
        Instant now = clock.instant();
        List<String> started = new ArrayList<>();
        Map<String, String> ready = null;
        for (Entry entry : List.copyOf(schedules.values())) {
            Schedule schedule = entry.schedule;
            if (DueTimes.due(schedule, entry.lastRunAt, now)) {
                Instant dueAt = DueTimes.next(schedule, entry.lastRunAt).orElseThrow();
                // due more than a period ago: at least one run was missed while the coordinator was down
                String trigger = now.isAfter(dueAt.plus(schedule.every()).plusSeconds(5)) ? "missed" : "every";
                run(entry, trigger, null, now, started);
                continue;
            }
            if (schedule.afterDeploy()) {
                if (ready == null) {
                    ready = readiness.readyDeployments();
                }
                Map<String, String> fresh = new TreeMap<>();
                for (String model : schedule.models()) {
                    String fingerprint = ready.get(model);
                    if (fingerprint != null && !fingerprint.equals(entry.triggeredDeployments.get(model))) {
                        fresh.put(model, fingerprint);
                    }
                }
                if (!fresh.isEmpty()) {
                    run(entry, "after-deploy", fresh, now, started);
                }
            }
        }
        return started;
    }

    private Map<String, String> readyOf(Schedule schedule) {
        Map<String, String> ready = readiness.readyDeployments();
        Map<String, String> mine = new TreeMap<>();
        schedule.models().forEach(model -> {
            if (ready.containsKey(model)) {
                mine.put(model, ready.get(model));
            }
        });
        return mine;
    }

    private void run(Entry entry, String trigger, Map<String, String> deployments, Instant now, List<String> started) {
        Schedule schedule = entry.schedule;
        String startedBy = "schedule " + schedule.id() + " (" + trigger
                + (deployments == null ? "" : " of " + String.join(", ", deployments.keySet())) + ")";
        String job = null;
        String error = null;
        try {
            job = starter.start(schedule, startedBy);
            started.add(job);
            log.info("schedule {}: started job {} ({})", schedule.id(), job, trigger);
        } catch (Exception e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            log.warn("schedule {}: the run ({}) could not start: {}", schedule.id(), trigger, error);
        }
        events.append(new ScheduleEvent(
                ScheduleEvent.RUN,
                schedule.id(),
                null,
                null,
                null,
                null,
                null,
                job,
                trigger,
                error,
                deployments,
                now.toString()));
        entry.runs++;
        entry.lastRunAt = now;
        entry.lastJob = job;
        entry.lastTrigger = trigger;
        entry.lastError = error;
        if (deployments != null) {
            entry.triggeredDeployments.putAll(deployments);
        }
    }

    /** Looks for due runs every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized void start(Duration interval) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "slm-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        var unused = timer.scheduleWithFixedDelay( // tick() catches its own failures
                () -> {
                    try {
                        tick();
                    } catch (RuntimeException e) {
                        log.error("scheduler tick failed: {}", e.toString());
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = timer;
            timer = null;
        }
        if (running != null) {
            running.shutdownNow();
        }
    }
}
