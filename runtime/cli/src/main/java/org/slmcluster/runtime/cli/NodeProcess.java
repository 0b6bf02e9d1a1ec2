package org.slmcluster.runtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slmcluster.runtime.node.NodeOverrides;

/**
 * One member in its own JVM: {@code java -cp <this JVM's classpath> SlmCli node start --config FILE ...}.
 * Output (stdout and stderr) goes to a log file in the work directory. {@link #kill()} is SIGKILL: the
 * member gets no chance to leave the cluster, as when a Pi loses power.
 */
public final class NodeProcess implements AutoCloseable {

    /** The line {@code slm node start} prints once the member listens; {@link #awaitListening} waits for it. */
    public static final String LISTENING = "listening on";
    /** The line {@code slm node start} prints once the member is Up in the cluster. */
    public static final String UP = "is Up";

    private final String name;
    private final Process process;
    private final Path log;

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code slm node start --config configFile} with the overrides as command-line options and
     * {@code systemProperties} as {@code -D} settings (they override the file, e.g. fast failure
     * detection). Each JVM gets its own llama.cpp native-library directory under {@code workDir}.
     */
    public static NodeProcess start(
            String name, Path configFile, NodeOverrides overrides, Map<String, String> systemProperties, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path llamaTmp = Files.createTempDirectory(workDir, "llama-" + name + "-");
            Path log = workDir.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            // the member defaults of nodes/jvm-options.sh (small heap, serial GC, C1 only), SLM_JAVA_OPTS last
            command.addAll(MemberJvmOptions.forThisMachine());
            Map<String, String> properties = new TreeMap<>();
            properties.put("de.kherud.llama.tmpdir", llamaTmp.toString());
            inherit(properties, "slm.model.path");
            inherit(properties, "slm.log.level");
            properties.putAll(systemProperties);
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    "org.slmcluster.runtime.cli.SlmCli",
                    "node",
                    "start",
                    "--config",
                    configFile.toString()));
            if (overrides.host() != null) {
                command.addAll(List.of("--host", overrides.host()));
            }
            if (overrides.port() != null) {
                command.addAll(List.of("--port", overrides.port().toString()));
            }
            for (String seed : overrides.seeds()) {
                command.addAll(List.of("--seed", seed));
            }
            if (overrides.httpPort() != null) {
                command.addAll(List.of("--http-port", overrides.httpPort().toString()));
            }
            if (overrides.managementPort() != null) {
                command.addAll(
                        List.of("--management-port", overrides.managementPort().toString()));
            }
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new NodeProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node process " + name + ": " + e.getMessage(), e);
        }
    }

    private static void inherit(Map<String, String> properties, String key) {
        String value = System.getProperty(key);
        if (value != null && !value.isBlank()) {
            properties.put(key, value);
        }
    }

    private static String javaExecutable() {
        return Optional.ofNullable(System.getProperty("java.home"))
                .map(home -> Path.of(home, "bin", "java").toString())
                .orElse("java");
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return log;
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Waits until the output contains {@code text}; fails early, with the output, if the process exits. */
    public void awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                if (output().contains(text)) {
                    return;
                }
                throw new StartFailedException(
                        "node process " + name + " exited with " + process.exitValue() + " before printing '" + text
                                + "':\n" + output(),
                        process.exitValue(),
                        lastLine());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
        }
        throw new StartFailedException(
                "node process " + name + " did not print '" + text + "' within " + timeout + ":\n" + output(),
                -1,
                "not Up within " + timeout.toSeconds() + " s");
    }

    /** The last line the process printed: where a member that fails to start says why. */
    private String lastLine() {
        List<String> lines = output().lines().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
    }

    /** A member process that exited, or never came up, while we waited for it. */
    public static final class StartFailedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        private final int exitCode;
        private final String reason;

        StartFailedException(String message, int exitCode, String reason) {
            super(message);
            this.exitCode = exitCode;
            this.reason = reason;
        }

        /** The process's exit code, or -1 when it is still running. */
        public int exitCode() {
            return exitCode;
        }

        /** One line saying why (the member's own last line). */
        public String reason() {
            return reason;
        }
    }

    public void awaitListening(Duration timeout) {
        awaitOutput(LISTENING, timeout);
    }

    /** Waits for the exit code; empty when the process is still running after {@code timeout}. */
    public Optional<Integer> waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? Optional.of(process.exitValue())
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** SIGKILL: no leaving, no shutdown hook, as a Pi that loses power. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGSTOP: the JVM freezes without dying, as a Pi stalled by swapping or a saturated SD card. */
    public void suspend() {
        signal("STOP");
    }

    /** SIGCONT after {@link #suspend()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + name + " to " + this + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name + " to " + this, e);
        }
    }

    /** SIGTERM without waiting: the member leaves the cluster and exits. */
    public void terminate() {
        process.destroy();
    }

    /** SIGTERM (the member leaves the cluster and exits), then SIGKILL if it is still there after {@code grace}. */
    public void stop(Duration grace) {
        process.destroy();
        if (waitFor(grace).isEmpty()) {
            kill();
        }
    }

    /** Kills the process if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
