package org.slmcluster.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's cluster.conf and nodes/ from wherever the tests run (module or root). */
public final class RepoFiles {

    private RepoFiles() {}

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("cluster.conf")) && Files.isDirectory(dir.resolve("nodes"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no cluster.conf above " + Path.of("").toAbsolutePath());
    }

    public static Path clusterConf() {
        return root().resolve("cluster.conf");
    }

    public static Path node(String name) {
        return root().resolve("nodes").resolve(name + ".conf");
    }
}
