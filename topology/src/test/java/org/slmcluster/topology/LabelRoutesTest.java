package org.slmcluster.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelRoutesTest {

    @Test
    void shiftsTheDestinationDigitsInReusingTheOverlap() {
        // suffix "11" of the source is the destination's prefix: shift in 0, then 1.
        assertThat(LabelRoutes.route("011", "1101").path()).containsExactly("011", "110", "1101");
        assertThat(LabelRoutes.route("000", "111").path()).containsExactly("000", "001", "011", "111");
        assertThat(LabelRoutes.route("00", "11").path()).containsExactly("00", "01", "11");
    }

    @Test
    void climbsTheTreeWhenTheCommonPrefixIsTheBetterPiece() {
        assertThat(LabelRoutes.route("0123", "0124").path()).containsExactly("0123", "012", "0124");
        assertThat(LabelRoutes.route("root", "012").path()).containsExactly("root", "0", "01", "012");
        assertThat(LabelRoutes.route("012", "root").path()).containsExactly("012", "01", "0", "root");
    }

    @Test
    void usesInterLevelLinksToDropOrPrependFirstDigits() {
        assertThat(LabelRoutes.route("3012", "12").path()).containsExactly("3012", "012", "12");
        assertThat(LabelRoutes.route("12", "4312").path()).containsExactly("12", "312", "4312");
    }

    @Test
    void theRouteToItselfHasNoHop() {
        assertThat(LabelRoutes.route("root", "root").hops()).isZero();
        assertThat(LabelRoutes.route("0101", "0101").path()).containsExactly("0101");
        assertThat(LabelRoutes.nextHop("0101", "0101")).isEqualTo("0101");
        assertThat(LabelRoutes.nextHop("011", "1101")).isEqualTo("110");
        assertThat(LabelRoutes.hops("011", "1101")).isEqualTo(2);
    }

    @Test
    void rejectsWhatIsNotALabel() {
        assertThatThrownBy(() -> LabelRoutes.route("", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelRoutes.route("0x", "1")).hasMessage("a label is 'root' or a string of digits, got '0x'");
    }

    @Test
    void topologyChecksTheLabelsBelongToIt() {
        Topology topology = Topology.of(2, 3);
        assertThat(topology.labelRoute("011", "110").path()).containsExactly("011", "110");
        assertThatThrownBy(() -> topology.labelRoute("012", "110")).isInstanceOf(NoRouteException.class)
                .hasMessage("unknown source label '012' (arity 2, depth 3)");
    }
}
