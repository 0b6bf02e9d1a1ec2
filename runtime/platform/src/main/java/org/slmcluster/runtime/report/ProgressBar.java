package org.slmcluster.runtime.report;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slmcluster.runtime.jobs.JobProgress;

/**
 * Shows a running job's progress on a terminal: one redrawn line (done/total, bar, per model, ETA) on a
 * TTY, plain lines (every 10% and at the end) otherwise, so logs and CI output stay readable.
 */
public final class ProgressBar implements AutoCloseable {

    private static final int BAR_WIDTH = 24;

    private final Supplier<Optional<JobProgress>> source;
    private final PrintStream out;
    private final boolean interactive;
    private final Thread poller;
    private volatile boolean stopped;
    private int lastDecile = -1;
    private int lastWidth;

    private ProgressBar(Supplier<Optional<JobProgress>> source, PrintStream out, boolean interactive, Duration every) {
        this.source = source;
        this.out = out;
        this.interactive = interactive;
        this.poller = new Thread(
                () -> {
                    while (!stopped) {
                        source.get().ifPresent(this::show);
                        try {
                            Thread.sleep(every.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "slm-progress");
        poller.setDaemon(true);
    }

    /** Starts polling {@code source}; interactive when the JVM has a console. */
    public static ProgressBar start(Supplier<Optional<JobProgress>> source, PrintStream out) {
        return start(source, out, onTerminal());
    }

    public static ProgressBar start(Supplier<Optional<JobProgress>> source, PrintStream out, boolean interactive) {
        ProgressBar bar = new ProgressBar(source, out, interactive, Duration.ofMillis(interactive ? 250 : 1000));
        bar.poller.start();
        return bar;
    }

    /** One line of progress, without a line end. */
    public static String line(JobProgress progress) {
        int filled = (int) Math.round(progress.fraction() * BAR_WIDTH);
        StringBuilder text = new StringBuilder();
        text.append('[')
                .append("#".repeat(filled))
                .append(".".repeat(BAR_WIDTH - filled))
                .append("] ")
                .append(progress.done())
                .append('/')
                .append(progress.total())
                .append(String.format(java.util.Locale.ROOT, " %3d%%", Math.round(progress.fraction() * 100)));
        for (Map.Entry<String, Map<String, JobProgress.Counts>> model :
                progress.perModel().entrySet()) {
            int done = model.getValue().values().stream()
                    .mapToInt(JobProgress.Counts::done)
                    .sum();
            int total = model.getValue().values().stream()
                    .mapToInt(JobProgress.Counts::total)
                    .sum();
            text.append("  ")
                    .append(model.getKey())
                    .append(' ')
                    .append(done)
                    .append('/')
                    .append(total);
        }
        if (progress.failed() > 0) {
            text.append("  failed ").append(progress.failed());
        }
        if (progress.cached() > 0) {
            text.append("  cached ").append(progress.cached());
        }
        text.append("  elapsed ").append(clock(progress.elapsed()));
        progress.eta().ifPresent(eta -> text.append("  ETA ").append(clock(eta)));
        return text.toString();
    }

    static String clock(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return String.format(java.util.Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private synchronized void show(JobProgress progress) {
        String text = line(progress);
        if (interactive) {
            out.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
            out.flush();
            lastWidth = text.length();
        } else {
            int decile = (int) Math.floor(progress.fraction() * 10);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.println(text);
            }
        }
    }

    /** Stops polling and shows the final state once. */
    @Override
    public void close() {
        stopped = true;
        poller.interrupt();
        try {
            poller.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.get().ifPresent(progress -> {
            synchronized (this) {
                if (interactive) {
                    show(progress);
                    out.println();
                } else if (lastDecile != 10) {
                    lastDecile = 10;
                    out.println(line(progress));
                }
            }
        });
    }

    /** True when this JVM writes to a terminal: on Java 17 {@code System.console()} is null when it does not. */
    @SuppressWarnings("SystemConsoleNull") // the Java 17 contract; from JDK 22 on Console.isTerminal() tells it
    public static boolean onTerminal() {
        return System.console() != null;
    }
}
