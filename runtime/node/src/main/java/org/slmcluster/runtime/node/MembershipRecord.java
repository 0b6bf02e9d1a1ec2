package org.slmcluster.runtime.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A file saying that the member keeping it was Up in a cluster: a restarted first seed reads it to decide
 * whether a cluster may still run without it ({@link JoinPlan}). Kept in the coordinator's data directory,
 * beside the jobs it resumes after such a restart.
 */
public final class MembershipRecord {

    public static final String FILE = "cluster-member";

    private final Path file;

    private MembershipRecord(Path file) {
        this.file = file;
    }

    /** The record in {@code directory} (written there once the member is Up). */
    public static MembershipRecord in(Path directory) {
        return new MembershipRecord(directory.resolve(FILE));
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** Records that the member at {@code address} is Up, now. */
    public void write(String address) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, address + " up since " + Instant.now() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    public Path file() {
        return file;
    }
}
