package org.slmcluster.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JoinPlanTest {

    static final List<String> SEEDS = List.of("10.0.0.1:25520", "10.0.0.2:25521", "10.0.0.3:25522");
    static final Duration REJOIN = Duration.ofSeconds(20);

    @Test
    void aRestartedFirstSeedTriesTheOtherSeedsBeforeFoundingACluster() {
        JoinPlan plan = JoinPlan.decide("10.0.0.1:25520", SEEDS, true, REJOIN);

        assertThat(plan.rejoinsFirst()).isTrue();
        assertThat(plan.rejoinThrough()).containsExactly("10.0.0.2:25521", "10.0.0.3:25522");
        assertThat(plan.rejoinFor()).isEqualTo(REJOIN);
        // then Pekko's first-seed process, which founds the cluster when nobody answers
        assertThat(plan.seeds()).isEqualTo(SEEDS);
    }

    @Test
    void aColdStartOfTheFirstSeedFoundsTheClusterAsPekkoDoes() {
        JoinPlan plan = JoinPlan.decide("10.0.0.1:25520", SEEDS, false, REJOIN);

        assertThat(plan.rejoinsFirst()).isFalse();
        assertThat(plan.seeds()).isEqualTo(SEEDS);
    }

    @Test
    void otherMembersNeverFoundAClusterSoTheyKeepPekkosJoinProcess() {
        assertThat(JoinPlan.decide("10.0.0.2:25521", SEEDS, true, REJOIN).rejoinsFirst())
                .isFalse();
        assertThat(JoinPlan.decide("10.0.0.9:25525", SEEDS, true, REJOIN).rejoinsFirst())
                .isFalse();
        assertThat(JoinPlan.isFirstSeed("10.0.0.2:25521", SEEDS)).isFalse();
        assertThat(JoinPlan.isFirstSeed("10.0.0.1:25520", SEEDS)).isTrue();
    }

    @Test
    void aLoneSeedHasNobodyToRejoinAndFoundsAtOnce() {
        JoinPlan plan = JoinPlan.decide("10.0.0.1:25520", List.of("10.0.0.1:25520"), true, REJOIN);

        assertThat(plan.rejoinsFirst()).isFalse();
    }

    @Test
    void theSelfEntryIsLeftOutWhereverItIsListed() {
        JoinPlan plan = JoinPlan.decide(
                "10.0.0.1:25520", List.of("10.0.0.1:25520", "10.0.0.2:25521", "10.0.0.1:25520"), true, REJOIN);

        assertThat(plan.rejoinThrough()).containsExactly("10.0.0.2:25521");
    }

    @Test
    void theRecordExistsOnceWritten(@TempDir Path dir) {
        MembershipRecord record = MembershipRecord.in(dir.resolve("data"));
        assertThat(record.exists()).isFalse();

        record.write("pekko://slm@10.0.0.1:25520");

        assertThat(record.exists()).isTrue();
        assertThat(MembershipRecord.in(dir.resolve("data")).exists()).isTrue();
    }
}
