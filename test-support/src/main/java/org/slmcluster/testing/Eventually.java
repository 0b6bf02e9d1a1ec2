package org.slmcluster.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something that happens asynchronously (a member joins, a job finishes, a port opens): the one
 * polling loop of the tests. The probe is retried with a short, growing pause until it passes or the time
 * is up; then the last failure is rethrown with how long was waited, so a timeout reads like the assertion
 * that kept failing.
 */
public final class Eventually {

    private static final long FIRST_PAUSE_MILLIS = 20;
    private static final long MAX_PAUSE_MILLIS = 250;

    /** A check that throws (an {@link AssertionError} or any exception) while its condition does not hold. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /** A probe that throws while its value is not there yet. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    private Eventually() {}

    /** Reruns {@code check} until it passes; fails with its last error once {@code timeout} has passed. */
    public static void eventually(Duration timeout, Check check) {
        eventually(timeout, () -> {
            check.run();
            return null;
        });
    }

    /** Reruns {@code probe} until it returns without throwing, and returns its value. */
    public static <T> T eventually(Duration timeout, Probe<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            Throwable last;
            try {
                return probe.get();
            } catch (AssertionError | Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                AssertionError timedOut =
                        new AssertionError("still failing after " + timeout + ": " + last.getMessage(), last);
                throw timedOut;
            }
            sleep(pause);
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }

    /** Waits until {@code condition} holds; fails naming {@code what} once {@code timeout} has passed. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        eventually(timeout, () -> {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("waiting for " + what);
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
