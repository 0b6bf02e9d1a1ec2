package org.slmcluster.runtime.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of a member started from Java ({@link NodeProcess}): the same values as
 * {@code nodes/jvm-options.sh}, which {@code ./slm} and the distribution's launcher source (see that file
 * for why each one). Options in the environment variable {@code SLM_JAVA_OPTS} come last and so win.
 */
final class MemberJvmOptions {

    /** Options that do not depend on the machine, in the order the script prints them. */
    static final List<String> FIXED = List.of(
            "-XX:MaxRAMPercentage=25",
            "-Xms16m",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:+UseSerialGC",
            "-Xss512k",
            "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=48m",
            "-XX:CICompilerCount=1",
            "-XX:MaxDirectMemorySize=64m");

    static final String PARALLELISM = "-Dpekko.actor.default-dispatcher.fork-join-executor.parallelism-max=";

    private MemberJvmOptions() {}

    /** The options for a member on this machine, {@code SLM_JAVA_OPTS} appended. */
    static List<String> forThisMachine() {
        return of(Runtime.getRuntime().availableProcessors(), System.getenv("SLM_JAVA_OPTS"));
    }

    static List<String> of(int cores, String overrides) {
        List<String> options = new ArrayList<>(FIXED);
        options.add(PARALLELISM + cores);
        if (overrides != null && !overrides.isBlank()) {
            options.addAll(List.of(overrides.trim().split("\\s+")));
        }
        return options;
    }
}
