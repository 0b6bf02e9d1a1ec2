package org.slmcluster.runtime.engines.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.engine.EngineCrashedException;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.EngineProcessStatus;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.runtime.engines.LlamaCppEngine;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.IntegrationTest;

/** The engine host process with real llama.cpp in it, killed, stopped and starved on purpose. */
@IntegrationTest
class ProcessIsolatedEngineTest {

    private static final GenerationParameters GREEDY = new GenerationParameters(24, 0.0, 1.0, 42L, List.of());
    private static final EngineProcessSettings FAST_WATCH = new EngineProcessSettings(
            Duration.ofMillis(200),
            Duration.ofSeconds(3),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            EngineProcessSettings.DEFAULTS.javaOptions());

    static ModelSpec stories() {
        return ModelSpec.llamaCpp(
                "stories260K", "stories260K.gguf", "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d");
    }

    static ModelSpec tinyRandom() {
        return ModelSpec.llamaCpp(
                        "llama-2-tiny-random",
                        "llama-2-tiny-random.gguf",
                        "81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb")
                .withContextSize(512);
    }

    @Test
    void answersAsTheInProcessEngineDoesWholeAndStreamed() throws EngineException {
        GenerationRequest request = GenerationRequest.completion("Once upon a time", GREEDY);
        GenerationResult inProcess;
        try (LlamaCppEngine local = new LlamaCppEngine(stories())) {
            local.load();
            inProcess = local.generate(request);
        }
        try (ProcessIsolatedEngine isolated = new ProcessIsolatedEngine(stories(), FAST_WATCH)) {
            isolated.load();
            assertThat(isolated.pid()).isPresent();
            assertThat(isolated.pid().orElseThrow())
                    .isNotEqualTo(ProcessHandle.current().pid());

            GenerationResult whole = isolated.generate(request);
            List<String> pieces = new ArrayList<>();
            GenerationResult streamed = isolated.stream(request, pieces::add);

            assertThat(whole.text()).isEqualTo(inProcess.text()).isNotBlank();
            assertThat(whole.outputTokens()).isEqualTo(inProcess.outputTokens());
            assertThat(whole.promptTokens()).isEqualTo(inProcess.promptTokens());
            assertThat(streamed.text()).isEqualTo(whole.text());
            assertThat(String.join("", pieces)).isEqualTo(whole.text());
            assertThat(pieces).hasSizeGreaterThan(1);

            EngineProcessStatus status = isolated.processStatus().orElseThrow();
            assertThat(status.pid()).isEqualTo(isolated.pid().orElseThrow());
            assertThat(status.rssBytes()).isGreaterThan(1 << 20);
            assertThat(status.memoryLimit()).isEqualTo("none");
            assertThat(isolated.crashReason()).isEmpty();
        }
    }

    @Test
    void aSigkillMidGenerationFailsTheRequestAsACrashAndLeavesTheMemberAlone() throws Exception {
        try (ProcessIsolatedEngine isolated = new ProcessIsolatedEngine(tinyRandom(), FAST_WATCH)) {
            isolated.load();
            long pid = isolated.pid().orElseThrow();
            AtomicBoolean killed = new AtomicBoolean();
            GenerationRequest longRequest = GenerationRequest.completion("hello", GREEDY.withMaxTokens(400));

            assertThatThrownBy(() -> isolated.stream(longRequest, piece -> {
                        if (killed.compareAndSet(false, true)) {
                            signal("KILL", pid);
                        }
                    }))
                    .isInstanceOf(EngineCrashedException.class)
                    .hasMessageContaining("engine crashed")
                    .hasMessageContaining("SIGKILL");
            assertThat(killed).isTrue();
            assertThat(isolated.crashReason())
                    .hasValueSatisfying(reason -> assertThat(reason).contains("SIGKILL"));
            assertThatThrownBy(() -> isolated.generate(longRequest)).isInstanceOf(EngineCrashedException.class);
        }
    }

    /**
     * SIGABRT is what a failing GGML_ASSERT raises (abort()); sent by hand here, as no request of the port
     * triggers one on the test models (see the note in docs/ARCHITECTURE.md).
     */
    @Test
    void anAbortEndsTheEngineProcessOnlyAndIsReportedAsANativeAssertion() throws Exception {
        try (ProcessIsolatedEngine isolated = new ProcessIsolatedEngine(stories(), FAST_WATCH)) {
            isolated.load();
            signal("ABRT", isolated.pid().orElseThrow());

            String reason = Eventually.eventually(
                    Duration.ofSeconds(10), () -> isolated.crashReason().orElseThrow());
            assertThat(reason).contains("aborted (SIGABRT: a native assertion in llama.cpp)");
            assertThatThrownBy(() -> isolated.generate(GenerationRequest.completion("Once", GREEDY)))
                    .isInstanceOf(EngineCrashedException.class)
                    .hasMessageContaining("SIGABRT");
        }
    }

    @Test
    void anEngineThatStopsAnsweringIsKilledAsHung() throws Exception {
        try (ProcessIsolatedEngine isolated = new ProcessIsolatedEngine(stories(), FAST_WATCH)) {
            isolated.load();
            long pid = isolated.pid().orElseThrow();
            signal("STOP", pid);

            String reason = Eventually.eventually(
                    Duration.ofSeconds(10), () -> isolated.crashReason().orElseThrow());
            assertThat(reason).contains("hung: no heartbeat").contains("heartbeat-timeout 3000 ms");
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
        }
    }

    /**
     * Before its first frame the engine cannot heartbeat: an engine process stopped at its start fails the
     * load after the start timeout (2 s here), not after the load timeout (60 s). From its first frame on, the
     * heartbeat watch covers it, through the load (the host heartbeats from the load request on).
     */
    @Test
    void anEngineThatHangsBeforeItsFirstHeartbeatFailsTheLoadAtTheStartTimeout() throws Exception {
        EngineProcessSettings quickStart = new EngineProcessSettings(
                Duration.ofMillis(200),
                Duration.ofSeconds(3),
                Duration.ofSeconds(2),
                Duration.ofSeconds(60),
                EngineProcessSettings.DEFAULTS.javaOptions());
        java.util.Set<Long> before = children();
        java.util.concurrent.atomic.AtomicLong stopped = new java.util.concurrent.atomic.AtomicLong();
        Thread stopper = new Thread(() -> {
            while (stopped.get() == 0 && !Thread.currentThread().isInterrupted()) {
                for (long pid : children()) {
                    if (!before.contains(pid) && stopped.compareAndSet(0, pid)) {
                        signal("STOP", pid);
                    }
                }
                Thread.onSpinWait();
            }
        });
        stopper.setDaemon(true);
        stopper.start();
        long started = System.nanoTime();
        try (ProcessIsolatedEngine isolated = new ProcessIsolatedEngine(stories(), quickStart)) {
            assertThatThrownBy(isolated::load)
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("did not connect within 2000 ms of its start (slm.engine.start-timeout)");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        } finally {
            stopper.interrupt();
        }
        assertThat(stopped.get()).isNotZero();
        assertThat(ProcessHandle.of(stopped.get()).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    private static java.util.Set<Long> children() {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        ProcessHandle.current().children().forEach(child -> pids.add(child.pid()));
        return pids;
    }

    @Test
    void aMemoryLimitBelowTheEnginesNeedsFailsTheLoadNamingTheLimit() {
        ProcessIsolatedEngine starved =
                new ProcessIsolatedEngine(stories().withMemoryLimitBytes(16L << 20), FAST_WATCH);
        try (starved) {
            assertThatThrownBy(starved::load)
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("memory limit of 16 MiB");
            assertThat(starved.pid()).isEmpty();
        }
    }

    static void signal(String name, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
