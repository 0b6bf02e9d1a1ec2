package org.slmcluster.runtime.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slmcluster.runtime.node.FreePorts;

/**
 * A throw-away PostgreSQL server for one test: Debian's binaries ({@code /usr/lib/postgresql/<version>/bin},
 * package {@code postgresql}, which {@code .ci/run} installs), a cluster made by {@code initdb} in a new
 * temporary directory, listening on 127.0.0.1 on a free port, trust authentication for user {@code slm}.
 * initdb refuses to run as root, so as root the server runs as the {@code postgres} user (the package
 * creates it). {@link #close()} stops it at once and deletes the directory.
 */
final class LocalPostgres implements AutoCloseable {

    static final String USER = "slm";

    private final Path bin;
    private final Path root;
    private final Path data;
    private final int port;
    private final String runAs;

    private LocalPostgres(Path bin, Path root, int port, String runAs) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.runAs = runAs;
    }

    /** Creates and starts the server; fails with what is missing when PostgreSQL is not installed. */
    static LocalPostgres start() throws IOException {
        Path bin = binaries();
        String runAs = "root".equals(System.getProperty("user.name")) ? "postgres" : null;
        Path root = Files.createTempDirectory("slm-postgres-");
        LocalPostgres server = new LocalPostgres(bin, root, FreePorts.pick(1).get(0), runAs);
        try {
            server.create();
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} that has initdb. */
    private static Path binaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                List<Path> found = versions.map(version -> version.resolve("bin"))
                        .filter(dir -> Files.isExecutable(dir.resolve("initdb")))
                        .sorted(Comparator.comparing((Path dir) -> versionOf(dir))
                                .reversed())
                        .toList();
                if (!found.isEmpty()) {
                    return found.get(0);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no PostgreSQL under " + base + ": install the Debian package postgresql"
                + " (.ci/run does) to run this test");
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void create() throws IOException {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        if (runAs != null) {
            UserPrincipal owner =
                    root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
            Files.setOwner(root, owner);
            Files.setOwner(data, owner);
        }
        run(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync");
        // test only: no fsync (the test kills coordinators, never the database)
        run(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                root.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -F",
                "start");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** HOCON that puts a member's ledgers (and, with failover, its job journal) in this server. */
    String ledgerSettings() {
        return "slm.ledger { jdbc { profile = \"slick.jdbc.PostgresProfile$\", driver = \"org.postgresql.Driver\", url = \""
                + jdbcUrl() + "\", user = \"" + USER + "\", password = \"\" } }\n";
    }

    private void run(String... command) throws IOException {
        List<String> full = new ArrayList<>();
        if (runAs != null) {
            full.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        full.addAll(List.of(command));
        Path log = root.resolve("commands.log");
        Process process = new ProcessBuilder(full)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not end within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted running " + full.get(0), e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    String.join(" ", full) + " failed with " + process.exitValue() + ":\n" + Files.readString(log));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
            }
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
