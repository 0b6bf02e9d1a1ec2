package org.slmcluster.runtime.jobs.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The due-time and trigger logic of schedules, on a fake clock with a recording job starter. */
class SchedulerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dataDir;

    private final FakeClock clock = new FakeClock(T0);
    private final List<String> startedBy = new ArrayList<>();
    private final Map<String, String> ready = new HashMap<>();

    private Scheduler scheduler() {
        return new Scheduler(
                dataDir,
                clock,
                (suite, models) -> {
                    if (!suite.equals("smoke")) {
                        throw ScheduleException.badRequest("no suite named '" + suite + "'");
                    }
                    if (models.contains("nope")) {
                        throw ScheduleException.badRequest("unknown model 'nope'");
                    }
                },
                (schedule, by) -> {
                    startedBy.add(by);
                    return "job-" + startedBy.size();
                },
                () -> Map.copyOf(ready));
    }

    @Test
    void aPeriodicScheduleRunsOnePeriodAfterItsLastRun() {
        Scheduler scheduler = scheduler();
        Schedule schedule = scheduler.add("smoke", List.of("a", "b"), Duration.ofHours(6), false, List.of());
        assertThat(schedule.id()).isEqualTo("s1");
        assertThat(schedule.when()).isEqualTo("every 6h");

        clock.set(T0.plus(Duration.ofHours(6)).minusSeconds(1));
        assertThat(scheduler.tick()).isEmpty();
        clock.set(T0.plus(Duration.ofHours(6)));
        assertThat(scheduler.tick()).containsExactly("job-1");
        assertThat(startedBy).containsExactly("schedule s1 (every)");
        clock.set(T0.plus(Duration.ofHours(9)));
        assertThat(scheduler.tick()).isEmpty();
        clock.set(T0.plus(Duration.ofHours(12)).plusSeconds(2));
        assertThat(scheduler.tick()).containsExactly("job-2");

        ScheduleStatus status = scheduler.list().get(0);
        assertThat(status.runs()).isEqualTo(2);
        assertThat(status.lastJob()).isEqualTo("job-2");
        assertThat(status.nextDue()).isEqualTo(T0.plus(Duration.ofHours(18)).plusSeconds(2));
    }

    @Test
    void aRestartKeepsTheDueTimeOfTheLastRun() {
        Scheduler first = scheduler();
        first.add("smoke", List.of("a"), Duration.ofHours(1), false, List.of(7L));
        clock.set(T0.plus(Duration.ofHours(1)));
        assertThat(first.tick()).hasSize(1);
        first.close();

        clock.set(T0.plus(Duration.ofMinutes(90)));
        Scheduler restarted = scheduler();
        assertThat(restarted.tick()).as("not reset by the restart").isEmpty();
        ScheduleStatus status = restarted.list().get(0);
        assertThat(status.schedule().seeds()).containsExactly(7L);
        assertThat(status.lastJob()).isEqualTo("job-1");
        assertThat(status.nextDue()).isEqualTo(T0.plus(Duration.ofHours(2)));
        clock.set(T0.plus(Duration.ofHours(2)));
        assertThat(restarted.tick()).hasSize(1);
    }

    @Test
    void runsMissedWhileDownAreMadeUpOnceAtStart() {
        Scheduler first = scheduler();
        first.add("smoke", List.of("a"), Duration.ofHours(1), false, List.of());
        first.close();

        Instant back = T0.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(10));
        clock.set(back);
        Scheduler restarted = scheduler();
        assertThat(restarted.tick()).hasSize(1);
        assertThat(restarted.tick()).as("five periods passed, one run").isEmpty();
        assertThat(startedBy).containsExactly("schedule s1 (missed)");
        assertThat(restarted.list().get(0).nextDue()).isEqualTo(back.plus(Duration.ofHours(1)));
    }

    @Test
    void aDeployThatBecomesReadyTriggersOneRunAndOneAlreadyReadyDoesNot() {
        ready.put("a", "00=v1");
        Scheduler scheduler = scheduler();
        Schedule schedule = scheduler.add("smoke", List.of("a", "b"), null, true, List.of());
        assertThat(schedule.when()).isEqualTo("after deploy");
        assertThat(scheduler.tick()).as("ready before the schedule existed").isEmpty();

        ready.put("a", "00=v1,01=v1");
        assertThat(scheduler.tick()).containsExactly("job-1");
        assertThat(startedBy).containsExactly("schedule s1 (after-deploy of a)");
        assertThat(scheduler.tick()).isEmpty();
        ready.put("c", "1=v3");
        assertThat(scheduler.tick()).as("a model the schedule does not name").isEmpty();
        scheduler.close();

        Scheduler restarted = scheduler();
        assertThat(restarted.tick()).as("the same deployment after a restart").isEmpty();
        ready.put("b", "1=v2");
        assertThat(restarted.tick()).containsExactly("job-2");
        assertThat(restarted.list().get(0).lastTrigger()).isEqualTo("after-deploy");
        clock.set(T0.plus(Duration.ofDays(30)));
        assertThat(restarted.tick()).as("no period: time alone never runs it").isEmpty();
    }

    @Test
    void aRunThatCannotStartIsRecordedAndWaitsForTheNextPeriod() {
        Scheduler scheduler = new Scheduler(
                dataDir,
                clock,
                (suite, models) -> {},
                (schedule, by) -> {
                    throw new IllegalArgumentException("unknown model 'a'");
                },
                Scheduler.DeployReadiness.NONE);
        scheduler.add("smoke", List.of("a"), Duration.ofMinutes(5), false, List.of());
        clock.set(T0.plus(Duration.ofMinutes(5)));
        assertThat(scheduler.tick()).isEmpty();
        clock.set(T0.plus(Duration.ofMinutes(6)));
        assertThat(scheduler.tick()).isEmpty();
        ScheduleStatus status = scheduler.list().get(0);
        assertThat(status.runs()).isEqualTo(1);
        assertThat(status.lastJob()).isNull();
        assertThat(status.lastError()).isEqualTo("unknown model 'a'");
    }

    @Test
    void badInputIsRefusedWithOneLineAndNothingIsRecorded() {
        Scheduler scheduler = scheduler();
        assertThatThrownBy(() -> scheduler.add("nosuch", List.of("a"), Duration.ofHours(1), false, List.of()))
                .isInstanceOf(ScheduleException.class)
                .hasMessage("no suite named 'nosuch'");
        assertThatThrownBy(() -> scheduler.add("smoke", List.of("a", "nope"), Duration.ofHours(1), false, List.of()))
                .hasMessage("unknown model 'nope'");
        assertThatThrownBy(() -> scheduler.add("smoke", List.of("a"), null, false, List.of()))
                .hasMessageContaining("--every")
                .hasMessageContaining("--after-deploy");
        assertThatThrownBy(() -> scheduler.add("smoke", List.of("a", "a"), Duration.ofHours(1), false, List.of()))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> scheduler.remove("s9"))
                .isInstanceOfSatisfying(
                        ScheduleException.class, e -> assertThat(e.kind()).isEqualTo(ScheduleException.Kind.NOT_FOUND))
                .hasMessage("no schedule 's9' (there are none)");
        assertThat(scheduler.list()).isEmpty();
        assertThat(scheduler().list()).isEmpty();
    }

    @Test
    void aRemovedScheduleStaysRemovedAndIdsAreNotReused() {
        Scheduler scheduler = scheduler();
        scheduler.add("smoke", List.of("a"), Duration.ofHours(1), false, List.of());
        scheduler.remove("s1");
        scheduler.close();
        Scheduler restarted = scheduler();
        assertThat(restarted.list()).isEmpty();
        assertThat(restarted
                        .add("smoke", List.of("a"), Duration.ofHours(1), false, List.of())
                        .id())
                .isEqualTo("s2");
        clock.set(T0.plus(Duration.ofHours(3)));
        assertThat(restarted.tick()).hasSize(1);
    }

    @Test
    void durationsAreReadAsPeopleWriteThem() {
        assertThat(Durations.parse("6h")).isEqualTo(Duration.ofHours(6));
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThatThrownBy(() -> Durations.parse("6 hours"))
                .isInstanceOf(ScheduleException.class)
                .hasMessage("'6 hours' is not a duration (write e.g. 30s, 15m, 6h, 1d or PT6H)");
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessageContaining("minimum period of 1s");
    }

    /** A clock the test moves. */
    private static final class FakeClock extends Clock {
        private Instant now;

        FakeClock(Instant now) {
            this.now = now;
        }

        void set(Instant value) {
            now = value;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
