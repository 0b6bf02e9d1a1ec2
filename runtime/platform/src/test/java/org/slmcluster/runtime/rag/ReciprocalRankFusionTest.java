package org.slmcluster.runtime.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {

    @Test
    void sumsReciprocalRanksAcrossRankings() {
        List<ReciprocalRankFusion.Fused<String>> fused =
                ReciprocalRankFusion.fuse(List.of(List.of("a", "b", "c"), List.of("c", "a", "d")), 60);

        assertThat(fused).extracting(ReciprocalRankFusion.Fused::item).containsExactly("a", "c", "b", "d");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-15));
        assertThat(fused.get(1).score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-15));
        assertThat(fused.get(2).score()).isCloseTo(1.0 / 62, within(1e-15));
        assertThat(fused.get(3).score()).isCloseTo(1.0 / 63, within(1e-15));
    }

    @Test
    void tiesKeepTheBetterRankFirstAndSmallKFavoursTopRanks() {
        List<ReciprocalRankFusion.Fused<String>> tie =
                ReciprocalRankFusion.fuse(List.of(List.of("x", "y"), List.of("y", "x")), 60);
        assertThat(tie).extracting(ReciprocalRankFusion.Fused::item).containsExactly("x", "y");

        // One list's winner against an item second in both: k decides.
        List<List<String>> rankings = List.of(List.of("top", "x", "both"), List.of("other", "y", "both"));
        assertThat(ReciprocalRankFusion.fuse(rankings, 0).get(0).item()).isEqualTo("top");
        assertThat(ReciprocalRankFusion.fuse(rankings, 60).get(0).item()).isEqualTo("both");
    }

    @Test
    void emptyRankingsFuseToNothing() {
        assertThat(ReciprocalRankFusion.fuse(List.of(List.<String>of(), List.<String>of()), 60))
                .isEmpty();
    }
}
