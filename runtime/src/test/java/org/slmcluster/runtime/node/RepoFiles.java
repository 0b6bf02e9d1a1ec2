package org.slmcluster.runtime.node;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's cluster.conf and nodes/ from wherever the tests run (module or root). */
final class RepoFiles {

    private RepoFiles() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("cluster.conf")) && Files.isDirectory(dir.resolve("nodes"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no cluster.conf above " + Path.of("").toAbsolutePath());
    }

    static Path clusterConf() {
        return root().resolve("cluster.conf");
    }

    static Path node(String name) {
        return root().resolve("nodes").resolve(name + ".conf");
    }
}
