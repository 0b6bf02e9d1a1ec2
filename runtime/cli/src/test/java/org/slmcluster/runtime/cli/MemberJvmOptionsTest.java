package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.slmcluster.testing.RepoFiles;

class MemberJvmOptionsTest {

    @Test
    void theScriptAndTheJavaSideGiveMembersTheSameOptions() throws Exception {
        String script = Files.readString(RepoFiles.root().resolve("nodes/jvm-options.sh"));
        String printed = script.substring(script.indexOf("slm_member_java_opts() {"));
        for (String option : MemberJvmOptions.FIXED) {
            assertThat(printed).as("nodes/jvm-options.sh prints " + option).contains(option + " ");
        }
        assertThat(printed).contains(MemberJvmOptions.PARALLELISM + "$cores");
    }

    @Test
    void overridesComeLastSoTheyWin() {
        assertThat(MemberJvmOptions.of(4, " -Xmx1g  -XX:+UseG1GC "))
                .endsWith(MemberJvmOptions.PARALLELISM + "4", "-Xmx1g", "-XX:+UseG1GC")
                .startsWith("-XX:MaxRAMPercentage=25");
        assertThat(MemberJvmOptions.of(2, null)).hasSize(MemberJvmOptions.FIXED.size() + 1);
    }
}
