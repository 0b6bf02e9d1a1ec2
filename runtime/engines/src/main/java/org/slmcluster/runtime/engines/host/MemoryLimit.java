package org.slmcluster.runtime.engines.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory limit of one engine process: a cgroup v2 {@code memory.max} where this member may create a
 * cgroup (root of a cgroup v2 hierarchy with the memory controller), otherwise an RSS watchdog in the member
 * (the engine is killed when its resident memory passes the limit, checked with every heartbeat check).
 */
final class MemoryLimit {

    static final String CGROUP = "cgroup-v2 memory.max";
    static final String WATCHDOG = "rss-watchdog";
    static final String NONE = "none";

    private static final Logger LOG = LoggerFactory.getLogger(MemoryLimit.class);
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private final long bytes;
    private final Path cgroup;

    private MemoryLimit(long bytes, Path cgroup) {
        this.bytes = bytes;
        this.cgroup = cgroup;
    }

    /** Puts {@code pid} under {@code bytes} (0 = no limit) the best way this machine allows. */
    static MemoryLimit apply(long bytes, long pid, String model) {
        if (bytes <= 0) {
            return new MemoryLimit(0, null);
        }
        Path group = CGROUP_ROOT.resolve("slm-engines").resolve(safe(model) + "-" + pid);
        try {
            String controllers = Files.readString(CGROUP_ROOT.resolve("cgroup.controllers"));
            if (!controllers.contains("memory")) {
                throw new IOException("no memory controller in " + CGROUP_ROOT);
            }
            Files.writeString(CGROUP_ROOT.resolve("cgroup.subtree_control"), "+memory");
            Files.createDirectories(group);
            Files.writeString(group.getParent().resolve("cgroup.subtree_control"), "+memory");
            Files.writeString(group.resolve("memory.max"), Long.toString(bytes));
            if (Files.exists(group.resolve("memory.swap.max"))) {
                Files.writeString(group.resolve("memory.swap.max"), "0");
            }
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
            return new MemoryLimit(bytes, group);
        } catch (IOException | RuntimeException e) {
            LOG.debug(
                    "engine of model {}: no cgroup v2 memory limit ({}); using the RSS watchdog", model, e.toString());
            try {
                Files.deleteIfExists(group);
            } catch (IOException | RuntimeException ignored) {
                // nothing was created, or it is in use; either way the watchdog applies
            }
            return new MemoryLimit(bytes, null);
        }
    }

    long bytes() {
        return bytes;
    }

    String mechanism() {
        return bytes <= 0 ? NONE : cgroup != null ? CGROUP : WATCHDOG;
    }

    /** True when the member must watch the RSS itself. */
    boolean watched() {
        return bytes > 0 && cgroup == null;
    }

    /** True when the kernel killed a process of this cgroup for want of memory. */
    boolean oomKilled() {
        if (cgroup == null) {
            return false;
        }
        try {
            for (String line : Files.readAllLines(cgroup.resolve("memory.events"), StandardCharsets.UTF_8)) {
                if (line.startsWith("oom_kill ")
                        && Long.parseLong(line.substring(9).trim()) > 0) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** Removes the cgroup once its process is gone. */
    void release() {
        if (cgroup != null) {
            try {
                Files.deleteIfExists(cgroup);
            } catch (IOException e) {
                LOG.debug("could not remove cgroup {}: {}", cgroup, e.toString());
            }
        }
    }

    /** Resident memory of {@code pid} from /proc, 0 when unknown. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static String describe(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return bytes + " bytes";
    }

    private static String safe(String model) {
        return model.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
