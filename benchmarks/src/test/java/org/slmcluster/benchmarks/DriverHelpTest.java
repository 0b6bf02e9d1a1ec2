package org.slmcluster.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slmcluster.testing.IntegrationTest;
import org.slmcluster.testing.RepoFiles;

/**
 * Every {@code slm bench NAME} driver, run as the launcher runs it (its own JVM), prints its usage for
 * {@code --help} and exits 0, and answers a stray argument with one line and exit 2.
 */
@IntegrationTest
class DriverHelpTest {

    /** The launcher's {@code slm bench} cases: name to main class, read from the {@code slm} script itself. */
    private static Map<String, String> drivers() throws IOException {
        String script = Files.readString(RepoFiles.root().resolve("slm"));
        Matcher cases = Pattern.compile(
                        "^\\s+([a-z0-9-]+)\\)\\s+MAIN=(org\\.slmcluster\\.[\\w.]+)\\s*;;", Pattern.MULTILINE)
                .matcher(script);
        Map<String, String> drivers = new LinkedHashMap<>();
        while (cases.find()) {
            drivers.put(cases.group(1), cases.group(2));
        }
        return drivers;
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String mainClass, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(
                List.of(java.toString(), "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        try {
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as(mainClass + " ended")
                    .isTrue();
            return new Run(
                    process.exitValue(),
                    new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void everyDriverPrintsItsUsageForHelpAndExitsZero() throws Exception {
        Map<String, String> drivers = drivers();
        assertThat(drivers).containsKeys("simulation", "startup", "footprint", "wmt17-metrics", "cli-speed");
        for (Map.Entry<String, String> driver : drivers.entrySet()) {
            Run help = run(driver.getValue(), "--help");
            assertThat(help.exit())
                    .as(driver.getKey() + " --help exit; stderr " + help.err())
                    .isZero();
            assertThat(help.out()).as(driver.getKey()).startsWith("usage: slm bench " + driver.getKey() + " ");
            assertThat(help.out()).as(driver.getKey()).contains("--help");
        }
    }

    @Test
    void aStrayArgumentIsOneLineAndExitTwo() throws Exception {
        Run stray = run(drivers().get("simulation"), "stray");
        assertThat(stray.exit()).isEqualTo(2);
        // lines the JVM itself may print (JAVA_TOOL_OPTIONS in CI) are not the driver's
        List<String> lines = stray.err()
                .lines()
                .filter(line -> !line.startsWith("Picked up "))
                .toList();
        assertThat(lines)
                .containsExactly("slm bench: unexpected argument 'stray' (expected --quick, --out FILE or --key value)"
                        + " (--help prints the usage)");
    }
}
