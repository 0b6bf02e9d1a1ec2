package org.slmcluster.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, as the browser tests run it: a fresh profile per run, no network of its own, the
 * log on stderr. Tests require it (CI installs {@code chromium}); without it {@link #require()} fails the test
 * with the command that installs it rather than skipping.
 */
public final class HeadlessChromium {

    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

    /** What one run printed: the page (for {@code --dump-dom}) and the browser's log. */
    public record Output(String stdout, String stderr) {}

    private final String browser;

    private HeadlessChromium(String browser) {
        this.browser = browser;
    }

    public static HeadlessChromium require() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String name : BROWSERS) {
                for (String entry : path.split(File.pathSeparator)) {
                    Path candidate = Path.of(entry, name);
                    if (Files.isExecutable(candidate)) {
                        return new HeadlessChromium(candidate.toString());
                    }
                }
            }
        }
        throw new AssertionError("headless Chromium is required for this test and was not found on PATH (tried "
                + BROWSERS + "); install it: apt-get install -y chromium");
    }

    /**
     * Runs the browser with {@code arguments} after the common flags, in the profile directory {@code profile}
     * (created; stdout and stderr are kept there), killing it and its children after {@code timeout}.
     */
    public Output run(Path profile, Duration timeout, String... arguments) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        Path out = profile.resolve("stdout.txt");
        Path err = profile.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Output(
                        "",
                        "timed out after " + timeout.toSeconds() + " s\n"
                                + Files.readString(err, StandardCharsets.UTF_8));
            }
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
        return new Output(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
