package org.slmcluster.runtime.suite;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find the repository's suites and the bad fixtures. */
final class SuiteFolders {

    private SuiteFolders() {}

    /** {@code <repo>/suites/<name>}, found by walking up from the working directory (the module folder). */
    static Path repositorySuite(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("suites").resolve(name);
            if (Files.isRegularFile(candidate.resolve(SuiteLoader.SUITE_FILE))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no suites/" + name + " above " + Path.of("").toAbsolutePath());
    }

    /** A fixture under {@code src/test/resources/suites-bad}. */
    static Path bad(String name) {
        URL url = SuiteFolders.class.getResource("/suites-bad/" + name);
        if (url == null) {
            throw new IllegalStateException("no fixture suites-bad/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
