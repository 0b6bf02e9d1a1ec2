package org.slmcluster.runtime.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteLocatorTest {

    @Test
    void shippedSuitesAreFoundByNameAndFoldersByPath() throws Exception {
        Path builtin = SuiteFolders.repositorySuite("builtin");
        assertThat(SuiteLocator.find("builtin")).contains(builtin);
        assertThat(SuiteLocator.find(builtin.toString())).contains(builtin);
        assertThat(SuiteLocator.load("smoke").name()).isEqualTo("smoke");
    }

    @Test
    void slmHomeIsSearchedFirst(@TempDir Path home) throws IOException {
        Path suite = Files.createDirectories(home.resolve("suites").resolve("smoke"));
        Files.writeString(suite.resolve(SuiteLoader.SUITE_FILE), "name = other\n");
        String previous = System.getProperty(SuiteLocator.HOME_PROPERTY);
        System.setProperty(SuiteLocator.HOME_PROPERTY, home.toString());
        try {
            assertThat(SuiteLocator.find("smoke")).contains(suite);
        } finally {
            if (previous == null) {
                System.clearProperty(SuiteLocator.HOME_PROPERTY);
            } else {
                System.setProperty(SuiteLocator.HOME_PROPERTY, previous);
            }
        }
    }

    @Test
    void anUnknownNameIsASuiteProblem() {
        assertThat(SuiteLocator.find("no-such-suite")).isEmpty();
        SuiteException error = catchThrowableOfType(SuiteException.class, () -> SuiteLocator.load("no-such-suite"));
        assertThat(error.problems())
                .extracting(SuiteProblem::toString)
                .containsExactly("no-such-suite: no suite folder (with suite.conf) and no shipped suite of that name");
    }
}
