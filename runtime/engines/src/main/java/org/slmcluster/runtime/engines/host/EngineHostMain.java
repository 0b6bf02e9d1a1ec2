package org.slmcluster.runtime.engines.host;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InvalidRequestException;
import org.slmcluster.runtime.engines.LlamaCppEngine;
import org.slmcluster.runtime.models.ModelSpec;

/**
 * The engine host: a small process that loads one llama.cpp model and serves it to its member over a Unix
 * domain socket ({@link HostFrame}s through a {@link FrameChannel}). Started by {@link ProcessIsolatedEngine}
 * as {@code java -cp <the member's classpath> EngineHostMain SOCKET}; a native abort here ends this process
 * only. It exits when the member closes the socket (or dies).
 */
public final class EngineHostMain {

    private EngineHostMain() {}

    public static void main(String[] args) {
        // The socket is the channel; stdout goes to the engine's log like stderr (the native loader prints).
        PrintStream log = System.err;
        System.setOut(log);
        if (args.length != 1) {
            log.println("usage: EngineHostMain SOCKET");
            System.exit(2);
        }
        int status;
        try {
            status = serve(args[0], log);
        } catch (IOException | RuntimeException e) {
            log.println("engine host: " + e);
            status = 1;
        }
        // llama.cpp's native threads keep the JVM alive: leave explicitly.
        System.exit(status);
    }

    private static int serve(String socket, PrintStream log) throws IOException {
        SocketChannel socketChannel = SocketChannel.open(StandardProtocolFamily.UNIX);
        socketChannel.connect(UnixDomainSocketAddress.of(socket));
        FrameChannel channel = new FrameChannel(SocketStreams.in(socketChannel), SocketStreams.out(socketChannel));
        channel.send(new HostFrame.Hello(
                HostFrame.PROTOCOL_VERSION, ProcessHandle.current().pid()));
        if (!(channel.receive() instanceof HostFrame.Load load)) {
            log.println("engine host: expected a load frame first");
            return 2;
        }
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("engine-heartbeat"));
        // runs until the process ends; its future would only report a cancellation that never comes
        java.util.concurrent.ScheduledFuture<?> unused = heartbeats.scheduleAtFixedRate(
                () -> {
                    try {
                        channel.send(new HostFrame.Heartbeat(System.currentTimeMillis()));
                    } catch (IOException e) {
                        // the member has gone; the reader sees it too and ends the process
                    }
                },
                0,
                load.heartbeatMillis(),
                TimeUnit.MILLISECONDS);
        LlamaCppEngine engine = new LlamaCppEngine(ModelSpec.llamaCpp(load.model(), load.file(), null)
                .withContextSize(load.contextSize())
                .withThreads(load.threads()));
        try {
            engine.load();
        } catch (EngineException e) {
            channel.send(new HostFrame.LoadFailed(e.getMessage()));
            return 3;
        }
        channel.send(new HostFrame.Loaded(engine.describe().location()));
        // One generation at a time, as the engine itself allows; this thread keeps reading for cancels.
        ExecutorService generations = Executors.newSingleThreadExecutor(daemon("engine-generation"));
        Running running = new Running();
        while (true) {
            HostFrame frame;
            try {
                frame = channel.receive();
            } catch (EOFException e) {
                return 0;
            }
            if (frame instanceof HostFrame.Generate generate) {
                Future<?> future = generations.submit(() -> generate(engine, channel, generate, running));
                running.add(generate.id(), future);
            } else if (frame instanceof HostFrame.Cancel cancel) {
                running.cancel(cancel.id());
            } else {
                log.println("engine host: unexpected frame " + frame.getClass().getSimpleName());
            }
        }
    }

    private static void generate(
            LlamaCppEngine engine, FrameChannel channel, HostFrame.Generate generate, Running running) {
        HostFrame answer;
        try {
            GenerationResult result = generate.stream()
                    ? engine.stream(
                            generate.request(), piece -> send(channel, new HostFrame.Token(generate.id(), piece)))
                    : engine.generate(generate.request());
            answer = new HostFrame.Done(generate.id(), result);
        } catch (InvalidRequestException e) {
            answer = new HostFrame.Failed(generate.id(), e.getMessage(), false, true);
        } catch (EngineException e) {
            answer = new HostFrame.Failed(generate.id(), e.getMessage(), e.retryable(), false);
        } catch (RuntimeException e) {
            answer = new HostFrame.Failed(generate.id(), e.toString(), true, false);
        } finally {
            running.remove(generate.id());
            // a cancel that arrived after the generation ended must not interrupt the next one
            Thread.interrupted();
        }
        send(channel, answer);
    }

    private static void send(FrameChannel channel, HostFrame frame) {
        try {
            channel.send(frame);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Generations submitted and not yet answered, by id, so that a cancel can interrupt its own. */
    private static final class Running {
        private final java.util.Map<Long, Future<?>> byId = new java.util.HashMap<>();

        synchronized void add(long id, Future<?> future) {
            if (!future.isDone()) {
                byId.put(id, future);
            }
        }

        synchronized void remove(long id) {
            byId.remove(id);
        }

        synchronized void cancel(long id) {
            Future<?> future = byId.remove(id);
            if (future != null) {
                future.cancel(true);
            }
        }
    }
}
