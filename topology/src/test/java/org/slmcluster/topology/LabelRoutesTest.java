package org.slmcluster.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelRoutesTest {

    @Test
    void shiftsTheDestinationDigitsIn() {
        // 000 -> 111 can shift the 1s in from either end; this pair's tie-break prepends them
        assertThat(LabelRoutes.route(2, "000", "111").path()).containsExactly("000", "100", "110", "111");
        assertThat(LabelRoutes.route(2, "00", "11").path()).containsExactly("00", "01", "11");
        // append first (the shift 011 -> 110 is as short; the pair picks the append), then shift in the last digit
        assertThat(LabelRoutes.route(2, "011", "1101").path()).containsExactly("011", "0110", "1101");
    }

    @Test
    void climbsAndDescendsTheTree() {
        // down the tree (0, 01) or prepending digits (2, 12): equally short, the pair picks prepending
        assertThat(LabelRoutes.route(3, "root", "012").path()).containsExactly("root", "2", "12", "012");
        assertThat(LabelRoutes.route(3, "012", "root").path()).containsExactly("012", "01", "0", "root");
        // 0012, 012 and 1012 are all one hop from 0124; the pair picks 1012
        assertThat(LabelRoutes.route(5, "0123", "0124").path()).containsExactly("0123", "1012", "0124");
    }

    @Test
    void usesInterLevelLinksToDropOrPrependFirstDigits() {
        assertThat(LabelRoutes.route(4, "3012", "12").path()).containsExactly("3012", "012", "12");
        assertThat(LabelRoutes.route(5, "12", "4312").path()).containsExactly("12", "312", "4312");
        assertThat(LabelRoutes.route(2, "00", "1001").path()).containsExactly("00", "100", "1001");
    }

    @Test
    void usesBackwardShifts() {
        // drop the last digit while prepending one: an in-level link seen from its other end
        assertThat(LabelRoutes.route(4, "0123", "3012").path()).containsExactly("0123", "3012");
        assertThat(LabelRoutes.route(4, "0123", "3210").path()).containsExactly("0123", "1012", "2101", "3210");
    }

    @Test
    void hopCountsComeFromTheLabelsAlone() {
        assertThat(LabelRoutes.hops("00", "1001")).isEqualTo(2);
        assertThat(LabelRoutes.hops("0123", "3210")).isEqualTo(3);
        assertThat(LabelRoutes.hops("root", "0123")).isEqualTo(4);
        assertThat(LabelRoutes.hops("0123", "0123")).isZero();
    }

    @Test
    void theRouteToItselfHasNoHop() {
        assertThat(LabelRoutes.route(2, "root", "root").hops()).isZero();
        assertThat(LabelRoutes.route(2, "0101", "0101").path()).containsExactly("0101");
        assertThat(LabelRoutes.nextHop(2, "0101", "0101")).isEqualTo("0101");
        assertThat(LabelRoutes.nextHop(2, "011", "1101")).isEqualTo("0110");
        assertThat(LabelRoutes.nextHop(2, "0", "root")).isEqualTo("root");
    }

    @Test
    void rejectsWhatIsNotALabel() {
        assertThatThrownBy(() -> LabelRoutes.route(2, "", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelRoutes.hops("0x", "1"))
                .hasMessage("a label is 'root' or a string of digits, got '0x'");
    }

    @Test
    void topologyChecksTheLabelsBelongToIt() {
        Topology topology = Topology.of(2, 3);
        assertThat(topology.labelRoute("011", "110").path()).containsExactly("011", "110");
        assertThatThrownBy(() -> topology.labelRoute("012", "110"))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("unknown source label '012' (arity 2, depth 3)");
    }
}
