package org.slmcluster.runtime.engines.host;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.actors.engine.EngineCrashedException;
import org.slmcluster.actors.engine.EngineDescription;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.EngineProcessStatus;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.actors.engine.InvalidRequestException;
import org.slmcluster.runtime.models.EngineKind;
import org.slmcluster.runtime.models.ModelFileException;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.models.ModelSpec;

/**
 * A llama.cpp model in its own process ({@link EngineHostMain}), behind the same engine port as the
 * in-process engine: a native abort, an out-of-memory kill or a hang ends that process only. This side
 * relays requests, streamed pieces, results and cancellations, watches the heartbeat (and the resident
 * memory when no cgroup limits it), and reports a dead engine through {@link #crashReason()} and an
 * {@link EngineCrashedException} for the request in flight. It never restarts the process itself: the
 * model worker closes a crashed engine and loads a new one with its backoff.
 */
public final class ProcessIsolatedEngine implements InferenceEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessIsolatedEngine.class);
    private static final String MAIN_CLASS = EngineHostMain.class.getName();
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);
    /** Sentinel in a request's queue: the engine died. */
    private static final Object CRASHED = new Object();

    private final ModelSpec spec;
    private final EngineProcessSettings settings;
    /** Fair: queued generations run in arrival order, one at a time, as in the engine process. */
    private final ReentrantLock lock = new ReentrantLock(true);

    private final AtomicLong ids = new AtomicLong();
    private volatile Host host;
    private volatile boolean closed;

    public ProcessIsolatedEngine(ModelSpec spec, EngineProcessSettings settings) {
        if (spec.engine() != EngineKind.LLAMA_CPP) {
            throw new IllegalArgumentException("model '" + spec.name() + "': only llama-cpp engines run in a process");
        }
        this.spec = spec;
        this.settings = settings;
    }

    @Override
    public void load() throws EngineException {
        lock.lock();
        try {
            if (closed) {
                throw new EngineException("model '" + spec.name() + "': engine is closed", false);
            }
            if (host != null) {
                return;
            }
            Path file;
            try {
                file = ModelFiles.resolve(spec);
            } catch (ModelFileException e) {
                throw new EngineException(e.getMessage(), false, e);
            }
            Host started = Host.start(spec, settings, file);
            try {
                started.awaitLoaded(settings.loadTimeout());
            } catch (EngineException e) {
                started.stop();
                throw e;
            }
            host = started;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean streamsAtNoExtraCost() {
        return true;
    }

    @Override
    public GenerationResult generate(GenerationRequest request) throws EngineException {
        return run(request, null);
    }

    @Override
    public GenerationResult stream(GenerationRequest request, Consumer<String> onToken) throws EngineException {
        return run(request, onToken);
    }

    private GenerationResult run(GenerationRequest request, Consumer<String> onToken) throws EngineException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("model '" + spec.name() + "': interrupted while waiting for the model", true, e);
        }
        try {
            Host current = host;
            if (current == null) {
                throw new EngineException(
                        "model '" + spec.name() + "' is " + (closed ? "closed" : "not loaded"), false);
            }
            return current.generate(ids.incrementAndGet(), request, onToken);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<String> crashReason() {
        Host current = host;
        return current == null ? Optional.empty() : Optional.ofNullable(current.deathReason);
    }

    @Override
    public Optional<EngineProcessStatus> processStatus() {
        Host current = host;
        long pid = current == null || current.deathReason != null ? 0 : current.process.pid();
        MemoryLimit limit = current == null ? null : current.limit;
        return Optional.of(new EngineProcessStatus(
                pid,
                pid == 0 ? 0 : MemoryLimit.rssBytes(pid),
                spec.memoryLimitBytes(),
                limit == null
                        ? (spec.memoryLimitBytes() > 0 ? "not applied yet" : MemoryLimit.NONE)
                        : limit.mechanism(),
                spec.threads(),
                spec.nice()));
    }

    /** The engine process's id, or empty when none is running (for tests and tools that signal it). */
    public Optional<Long> pid() {
        Host current = host;
        return current == null || current.deathReason != null ? Optional.empty() : Optional.of(current.process.pid());
    }

    @Override
    public EngineDescription describe() {
        Host current = host;
        return new EngineDescription(
                EngineKind.LLAMA_CPP.configName(),
                spec.name(),
                current != null && current.location != null ? current.location : spec.file(),
                spec.sha256(),
                spec.contextSize());
    }

    @Override
    public void close() {
        closed = true;
        Host current = host;
        host = null;
        if (current != null) {
            current.stop();
        }
    }

    /** One engine process, its socket, and the threads that read it and watch it. */
    private static final class Host {
        private final ModelSpec spec;
        private final EngineProcessSettings settings;
        private final Path directory;
        private final Process process;
        private final MemoryLimit limit;
        private final CompletableFuture<String> loaded = new CompletableFuture<>();
        private final Object requestLock = new Object();
        /** 0 until the engine's first frame: before it, its start is bounded by the start timeout. */
        private volatile long lastHeartbeatNanos;

        private volatile String deathReason;
        private volatile String killReason;
        private volatile String location;
        private volatile boolean stopping;
        private FrameChannel channel;
        private long currentId = -1;
        private BlockingQueue<Object> currentQueue;

        private Host(
                ModelSpec spec, EngineProcessSettings settings, Path directory, Process process, MemoryLimit limit) {
            this.spec = spec;
            this.settings = settings;
            this.directory = directory;
            this.process = process;
            this.limit = limit;
        }

        static Host start(ModelSpec spec, EngineProcessSettings settings, Path file) throws EngineException {
            Path directory;
            try {
                directory = Files.createTempDirectory("slm-engine-");
            } catch (IOException e) {
                throw new EngineException(
                        "model '" + spec.name() + "': no temporary directory for its engine: " + e, true, e);
            }
            Path socket = directory.resolve("engine.sock");
            ServerSocketChannel server = null;
            Process process = null;
            try {
                server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(socket));
                server.configureBlocking(false);
                List<String> command = new ArrayList<>();
                if (spec.nice() != 0) {
                    command.addAll(List.of("nice", "-n", Integer.toString(spec.nice())));
                }
                command.add(javaBinary());
                command.addAll(settings.javaOptions());
                command.add("-Dde.kherud.llama.tmpdir=" + directory.resolve("llama"));
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS, socket.toString()));
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("engine.log").toFile())
                        .start();
                MemoryLimit limit = MemoryLimit.apply(spec.memoryLimitBytes(), process.pid(), spec.name());
                Host host = new Host(spec, settings, directory, process, limit);
                host.connect(server, file);
                return host;
            } catch (IOException e) {
                if (process != null) {
                    process.destroyForcibly();
                }
                deleteQuietly(directory);
                throw new EngineException(
                        "model '" + spec.name() + "': could not start its engine process: " + e.getMessage(), true, e);
            } finally {
                if (server != null) {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the socket file goes with the directory
                    }
                }
            }
        }

        /** Accepts the engine's connection, then reads its frames on a thread of its own. */
        private void connect(ServerSocketChannel server, Path file) throws IOException, EngineException {
            Duration startLimit = settings.startTimeout().compareTo(settings.loadTimeout()) < 0
                    ? settings.startTimeout()
                    : settings.loadTimeout();
            long deadline = System.nanoTime() + startLimit.toNanos();
            SocketChannel accepted = null;
            while (accepted == null) {
                accepted = server.accept();
                if (accepted != null) {
                    break;
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String known = process.isAlive()
                            ? "did not connect within " + startLimit.toMillis() + " ms of its start (slm.engine."
                                    + (startLimit.equals(settings.startTimeout()) ? "start-timeout" : "load-timeout")
                                    + ")"
                            : null;
                    process.destroyForcibly();
                    String reason = waitForDeath(known);
                    deleteQuietly(directory);
                    throw new EngineException("model '" + spec.name() + "': its engine process " + reason, true);
                }
                sleep(5);
            }
            accepted.configureBlocking(true);
            channel = new FrameChannel(SocketStreams.in(accepted), SocketStreams.out(accepted));
            Thread reader = new Thread(this::read, "engine-reader-" + spec.name());
            reader.setDaemon(true);
            reader.start();
            channel.send(new HostFrame.Load(
                    spec.name(),
                    file.toString(),
                    spec.contextSize(),
                    spec.threads(),
                    settings.heartbeatInterval().toMillis()));
            Thread watchdog = new Thread(this::watch, "engine-watchdog-" + spec.name());
            watchdog.setDaemon(true);
            watchdog.start();
        }

        void awaitLoaded(Duration timeout) throws EngineException {
            try {
                location = loaded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info(
                        "model {} loaded in engine process {} (memory limit: {})",
                        spec.name(),
                        process.pid(),
                        limit.mechanism());
            } catch (TimeoutException e) {
                kill("did not load the model within " + settings.loadTimeout().toSeconds()
                        + " s (slm.engine.load-timeout)");
                throw new EngineException("model '" + spec.name() + "': its engine process " + killReason, true);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof EngineException engineError
                        ? engineError
                        : new EngineException("model '" + spec.name() + "': " + e.getCause(), true, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill("was abandoned while loading");
                throw new EngineException("model '" + spec.name() + "': interrupted while loading", true, e);
            }
        }

        GenerationResult generate(long id, GenerationRequest request, Consumer<String> onToken) throws EngineException {
            BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
            synchronized (requestLock) {
                if (deathReason != null) {
                    throw new EngineCrashedException(crashMessage());
                }
                currentId = id;
                currentQueue = answers;
            }
            try {
                channel.send(new HostFrame.Generate(id, request, onToken != null));
                while (true) {
                    Object answer = answers.take();
                    if (answer == CRASHED) {
                        throw new EngineCrashedException(crashMessage());
                    } else if (answer instanceof HostFrame.Token token) {
                        onToken.accept(token.text());
                    } else if (answer instanceof HostFrame.Done done) {
                        return done.result();
                    } else if (answer instanceof HostFrame.Failed failed) {
                        if (failed.invalidRequest()) {
                            throw new InvalidRequestException(failed.message());
                        }
                        throw new EngineException(failed.message(), failed.retryable());
                    }
                }
            } catch (IOException e) {
                // the reader notices the same broken socket and records why the engine went
                waitForDeath(null);
                throw new EngineCrashedException(crashMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel(id);
                throw new EngineException("model '" + spec.name() + "': generation interrupted", true, e);
            } catch (RuntimeException e) {
                // the caller's token consumer failed: stop the generation, as the in-process engine does
                cancel(id);
                throw new EngineException("model '" + spec.name() + "': generation failed: " + e.getMessage(), true, e);
            } finally {
                synchronized (requestLock) {
                    currentId = -1;
                    currentQueue = null;
                }
            }
        }

        private void cancel(long id) {
            try {
                channel.send(new HostFrame.Cancel(id));
            } catch (IOException ignored) {
                // a dead engine has nothing to cancel
            }
        }

        private String crashMessage() {
            return "model '" + spec.name() + "': engine crashed: " + deathReason;
        }

        private void read() {
            try {
                HostFrame first = channel.receive();
                if (!(first instanceof HostFrame.Hello hello) || hello.version() != HostFrame.PROTOCOL_VERSION) {
                    kill("speaks another protocol (" + first + ", expected version " + HostFrame.PROTOCOL_VERSION
                            + ")");
                    return;
                }
                // from its first frame on, the engine is watched by heartbeat: it heartbeats while loading too
                lastHeartbeatNanos = System.nanoTime();
                while (true) {
                    HostFrame frame = channel.receive();
                    lastHeartbeatNanos = System.nanoTime();
                    if (frame instanceof HostFrame.Loaded ok) {
                        loaded.complete(ok.location());
                    } else if (frame instanceof HostFrame.LoadFailed failed) {
                        loaded.completeExceptionally(new EngineException(failed.message(), false));
                    } else if (frame instanceof HostFrame.Token token) {
                        offer(token.id(), token);
                    } else if (frame instanceof HostFrame.Done done) {
                        offer(done.id(), done);
                    } else if (frame instanceof HostFrame.Failed failed) {
                        offer(failed.id(), failed);
                    }
                }
            } catch (EOFException e) {
                died();
            } catch (IOException | RuntimeException e) {
                if (!stopping) {
                    LOG.debug("engine of model {}: reading failed: {}", spec.name(), e.toString());
                }
                died();
            }
        }

        private void offer(long id, HostFrame frame) {
            synchronized (requestLock) {
                if (id == currentId && currentQueue != null) {
                    currentQueue.add(frame);
                }
                // else: the answer to a cancelled request, which nobody waits for any more
            }
        }

        /** The socket closed: the process ended (or is ending); record why and fail whoever waits. */
        private void died() {
            String reason = waitForDeath(killReason);
            synchronized (requestLock) {
                deathReason = reason;
                if (currentQueue != null) {
                    currentQueue.add(CRASHED);
                }
            }
            loaded.completeExceptionally(
                    new EngineException("model '" + spec.name() + "': its engine process " + reason, true));
            limit.release();
            if (!stopping) {
                LOG.warn("model {}: engine process {} {}", spec.name(), process.pid(), reason);
            }
            deleteQuietly(directory);
        }

        /** Kills a hung or oversized engine; the reader then reports it with this reason. */
        private void watch() {
            Duration timeout = settings.heartbeatTimeout();
            while (process.isAlive() && !stopping) {
                sleep(WATCH_INTERVAL.toMillis());
                long last = lastHeartbeatNanos;
                long silentNanos = System.nanoTime() - last;
                if (last != 0 && silentNanos > timeout.toNanos()) {
                    kill("hung: no heartbeat for " + silentNanos / 1_000_000 + " ms (slm.engine.heartbeat-timeout "
                            + timeout.toMillis() + " ms)");
                    return;
                }
                if (limit.watched()) {
                    long rss = MemoryLimit.rssBytes(process.pid());
                    if (rss > limit.bytes()) {
                        kill("exceeded its memory limit of " + MemoryLimit.describe(limit.bytes())
                                + " (memory-limit, enforced by the rss-watchdog): resident " + (rss >> 20) + " MiB");
                        return;
                    }
                }
            }
        }

        private void kill(String reason) {
            if (killReason == null) {
                killReason = reason;
            }
            process.destroyForcibly();
        }

        /** Waits for the process to end and says how it ended. */
        private String waitForDeath(String knownReason) {
            int exit;
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
                exit = process.isAlive() ? -1 : process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit = -1;
            }
            if (knownReason != null) {
                return knownReason;
            }
            String log = logTail();
            String how;
            if (exit == 137 && limit != null && limit.oomKilled()) {
                how = "was killed by the kernel's OOM killer at its memory limit of "
                        + MemoryLimit.describe(limit.bytes()) + " (memory-limit, enforced by cgroup-v2 memory.max)";
            } else if (exit == 137) {
                how = "was killed (SIGKILL: the kernel's out-of-memory killer or a signal)";
            } else if (exit == 134) {
                how = "aborted (SIGABRT: a native assertion in llama.cpp)";
            } else if (exit == 139) {
                how = "crashed (SIGSEGV)";
            } else if (exit > 128) {
                how = "was ended by signal " + (exit - 128);
            } else {
                how = "exited with status " + exit;
            }
            return how + (log.isEmpty() ? "" : "; last output: " + log);
        }

        /** The engine's last meaningful output line (a GGML_ASSERT says what went wrong). */
        private String logTail() {
            Path log = directory.resolve("engine.log");
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                String pick = "";
                for (String line : lines) {
                    if (line.contains("GGML_ASSERT") || line.contains("error") || line.contains("Exception")) {
                        pick = line.strip();
                    }
                }
                if (pick.isEmpty() && !lines.isEmpty()) {
                    pick = lines.get(lines.size() - 1).strip();
                }
                return pick.length() > 300 ? pick.substring(0, 300) + "..." : pick;
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }

        /** Closing the socket ends the engine; it is killed when it does not end at once. */
        void stop() {
            stopping = true;
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // closing is all we wanted
            }
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            limit.release();
            deleteQuietly(directory);
        }

        private static String javaBinary() {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void deleteQuietly(Path directory) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException ignored) {
                        // a leftover temporary file
                    }
                });
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // already gone (the reader and close may both clean up)
            }
        }
    }
}
