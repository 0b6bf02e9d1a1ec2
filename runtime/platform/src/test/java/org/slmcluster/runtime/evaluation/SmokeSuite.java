package org.slmcluster.runtime.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteException;
import org.slmcluster.runtime.suite.SuiteLoader;

/** The repository's {@code suites/smoke}, found from wherever the tests run. */
public final class SmokeSuite {

    private SmokeSuite() {}

    public static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("suites").resolve("smoke");
            if (Files.isRegularFile(candidate.resolve("suite.conf"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no suites/smoke above " + Path.of("").toAbsolutePath());
    }

    public static Suite load() {
        try {
            return SuiteLoader.load(directory());
        } catch (SuiteException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
