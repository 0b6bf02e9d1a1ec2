package org.slmcluster.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The archive the build produced ({@code slm.distribution.archive}, set by the failsafe configuration),
 * unpacked with {@code tar} into an empty directory, and a {@code PATH} that holds a Java runtime, bash and
 * the few coreutils {@code bin/slm} calls, and nothing else (no {@code mvn}, no source tree).
 */
final class UnpackedDistribution {

    /** What bin/slm and its {@code #!/usr/bin/env bash} line need besides java. */
    private static final List<String> TOOLS = List.of("bash", "dirname", "readlink", "mktemp", "rm", "uname");

    private final Path home;
    private final Path pathDir;

    private UnpackedDistribution(Path home, Path pathDir) {
        this.home = home;
        this.pathDir = pathDir;
    }

    static Path archive() {
        String archive = System.getProperty("slm.distribution.archive");
        if (archive == null || !Files.isRegularFile(Path.of(archive))) {
            throw new IllegalStateException("no distribution archive at " + archive
                    + " (system property slm.distribution.archive; built by 'package' in distribution/)");
        }
        return Path.of(archive);
    }

    /** Unpacks into {@code dir/unpacked} and builds the restricted PATH in {@code dir/path}. */
    static UnpackedDistribution unpack(Path dir) throws IOException, InterruptedException {
        Path target = Files.createDirectories(dir.resolve("unpacked"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive().toString(), "-C", target.toString())
                .redirectErrorStream(true)
                .start();
        String tarOutput = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("tar failed: " + tarOutput);
        }
        Path home;
        try (Stream<Path> entries = Files.list(target)) {
            List<Path> top = entries.toList();
            if (top.size() != 1 || !Files.isDirectory(top.get(0))) {
                throw new IllegalStateException("the archive should hold one top directory, not " + top);
            }
            home = top.get(0);
        }
        Path pathDir = Files.createDirectories(dir.resolve("path"));
        Files.createSymbolicLink(pathDir.resolve("java"), javaBinary());
        for (String tool : TOOLS) {
            Files.createSymbolicLink(pathDir.resolve(tool), systemTool(tool));
        }
        return new UnpackedDistribution(home, pathDir);
    }

    static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static Path systemTool(String name) {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + name + " in /usr/bin or /bin");
    }

    Path home() {
        return home;
    }

    Path launcher() {
        return home.resolve("bin").resolve("slm");
    }

    /** The only directory on the PATH of every command started here. */
    Path pathDir() {
        return pathDir;
    }

    /**
     * {@code bin/slm ARGS} in {@code workDir}, with the restricted PATH, no JAVA_HOME, and {@code extraEnv};
     * output to {@code log}.
     */
    Process start(Path workDir, Path log, Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", pathDir.toString());
        env.put("HOME", workDir.toString());
        env.put("TMPDIR", workDir.toString());
        env.putAll(extraEnv);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code bin/slm ARGS} to its end (at most two minutes); the exit code and everything it printed. */
    Result run(Path workDir, Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "slm-", ".log");
        Process process = start(workDir, log, extraEnv, args);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(
                    "bin/slm " + String.join(" ", args) + " did not finish in 2 min:\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    record Result(int exitCode, String output) {}
}
