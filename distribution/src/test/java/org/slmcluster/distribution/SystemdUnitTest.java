package org.slmcluster.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.testing.IntegrationTest;

/**
 * The archive's {@code slm-node@.service} under {@code systemd-analyze verify} (Debian's systemd package).
 *
 * <p>verify exits with 0 even for unknown keys or bad values (it prints a warning and ignores the line), and
 * it checks that ExecStart is an executable file: so the unit is verified with /opt/slm pointed at the
 * unpacked archive, and the test requires the exit code 0 AND no output at all. verify does not check that
 * the unit's User exists (tried: User=nosuchuser passes), so that is left to INSTALL's useradd.
 */
@IntegrationTest
class SystemdUnitTest {

    @TempDir
    Path dir;

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnitWithoutAWarning() throws Exception {
        UnpackedDistribution slm = UnpackedDistribution.unpack(dir);
        String unit = Files.readString(slm.home().resolve("systemd/slm-node@.service"));
        assertThat(unit)
                .contains("ExecStart=/opt/slm/bin/slm node start --config ${SLM_NODE_CONFIG}")
                .contains("Restart=on-failure")
                .contains("User=slm")
                .contains("EnvironmentFile=/etc/slm/%i.env");

        Path units = Files.createDirectories(dir.resolve("units"));
        Path installed = units.resolve("slm-node@.service");
        Files.writeString(installed, unit.replace("/opt/slm/", slm.home() + "/"));

        Process verify = new ProcessBuilder("systemd-analyze", "verify", installed.toString())
                .directory(units.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(output).isZero();
        assertThat(output)
                .as("systemd-analyze verify prints nothing for a clean unit")
                .isEmpty();
    }

    @Test
    void verifyReallyReportsABrokenUnit() throws Exception {
        // The check above can fail: a misspelt key is reported (as a warning, exit code still 0).
        Path units = Files.createDirectories(dir.resolve("broken"));
        Path broken = units.resolve("broken@.service");
        Files.writeString(broken, "[Service]\nExecStart=/bin/true\nRestartt=on-failure\n");
        Process verify = new ProcessBuilder("systemd-analyze", "verify", broken.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("Unknown key 'Restartt'");
    }
}
