package org.slmcluster.runtime.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a full disk from other failures, so that a job stopped by one and a request refused by one say so
 * (issue 17) instead of showing a timeout or an internal error. A full disk is what the kernel reports as
 * ENOSPC ("No space left on device") or EDQUOT ("Disk quota exceeded"); the JDK passes its text on in the
 * message of the {@link IOException}, which H2 and Jackson wrap.
 */
public final class DiskFull {

    private static final String[] SIGNS = {"no space left on device", "disk quota exceeded"};
    /** What {@link #probe} writes: enough that a nearly full file system (a page or two left) counts as full. */
    private static final int PROBE_BYTES = 64 * 1024;

    private DiskFull() {}

    /** The one-line reason when {@code error} or one of its causes is a full disk, else empty. */
    public static Optional<String> reason(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            for (String sign : SIGNS) {
                if (message.contains(sign)) {
                    return Optional.of("disk full: " + sign + " (" + firstLine(cause.getMessage()) + ")");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code dataDir} can take another write: writes and deletes a small probe file. The reason (naming
     * the directory) when it cannot because the disk is full, else empty.
     */
    public static Optional<String> probe(Path dataDir) {
        Path probe = dataDir.resolve(".space-probe");
        try {
            Files.write(probe, new byte[PROBE_BYTES]);
            return Optional.empty();
        } catch (IOException e) {
            return reason(e).map(why -> "disk full: no space left in the data directory " + dataDir);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                // nothing was written, or it goes with the next probe
            }
        }
    }

    private static String firstLine(String message) {
        String text = message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }
}
