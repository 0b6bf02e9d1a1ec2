package org.slmcluster.runtime.suite;

import java.util.List;
import java.util.stream.Collectors;

/** A suite that cannot run; lists every problem found, one {@code file:line: reason} per line. */
public final class SuiteException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<SuiteProblem> problems;

    public SuiteException(List<SuiteProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public List<SuiteProblem> problems() {
        return problems;
    }

    private static String describe(List<SuiteProblem> problems) {
        String header = problems.size() == 1 ? "1 problem in suite:" : problems.size() + " problems in suite:";
        return problems.stream().map(SuiteProblem::toString).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
