package org.slmcluster.runtime.suite;

import java.nio.file.Path;

/**
 * One thing wrong with a suite: the file, the 1-based line ({@code 0} when it concerns the whole file)
 * and why. Prints as {@code file:line: reason}.
 */
public record SuiteProblem(Path file, int line, String reason) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
    }
}
