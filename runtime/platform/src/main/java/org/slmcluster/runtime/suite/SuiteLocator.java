package org.slmcluster.runtime.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a suite folder from what a user typed: a folder path, or the name of a suite shipped in the
 * project's {@code suites/} folder ({@code builtin}, {@code smoke}). Shipped suites are looked up under
 * {@code <slm.home>/suites} (the launcher sets the {@code slm.home} system property), then in a
 * {@code suites/} folder of the working directory or any of its parents.
 */
public final class SuiteLocator {

    public static final String HOME_PROPERTY = "slm.home";

    private SuiteLocator() {}

    public static Optional<Path> find(String folderOrName) {
        Path direct = Path.of(folderOrName);
        if (Files.isRegularFile(direct.resolve(SuiteLoader.SUITE_FILE))) {
            return Optional.of(direct);
        }
        if (!folderOrName.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            return Optional.empty();
        }
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            Path shipped = Path.of(home, "suites", folderOrName);
            if (Files.isRegularFile(shipped.resolve(SuiteLoader.SUITE_FILE))) {
                return Optional.of(shipped);
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("suites").resolve(folderOrName);
            if (Files.isRegularFile(candidate.resolve(SuiteLoader.SUITE_FILE))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Finds and loads a suite; an unknown name is reported like any other suite problem. */
    public static Suite load(String folderOrName) throws SuiteException {
        Optional<Path> found = find(folderOrName);
        if (found.isEmpty()) {
            throw new SuiteException(java.util.List.of(new SuiteProblem(
                    Path.of(folderOrName),
                    0,
                    "no suite folder (with " + SuiteLoader.SUITE_FILE + ") and no shipped suite of that name")));
        }
        return SuiteLoader.load(found.get());
    }
}
