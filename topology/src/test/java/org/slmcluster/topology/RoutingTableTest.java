package org.slmcluster.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private final Topology small = Topology.of(2, 2);

    @Test
    void nextHopsAreTheSmallestNeighbourOneStepCloser() {
        RoutingTable table = RoutingTable.of(small, "00");
        assertThat(table.self()).isEqualTo("00");
        assertThat(table.nextHop("11")).isEqualTo("01");
        assertThat(table.nextHop("1")).isEqualTo("0");
        assertThat(table.nextHop("root")).isEqualTo("0");
        assertThat(table.nextHop("10")).isEqualTo("10");
        assertThat(table.nextHop("00")).isEqualTo("00");
        assertThat(table.distance("11")).isEqualTo(2);
        assertThat(table.distance("00")).isZero();
    }

    @Test
    void aTableAvoidingFailedNodesRoutesAround() {
        RoutingTable table = RoutingTable.of(small, "00").avoiding(Set.of("01"));
        assertThat(table.failed()).containsExactly("01");
        assertThat(table.nextHop("11")).isEqualTo("10");
        assertThatThrownBy(() -> table.nextHop("01"))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("destination 01 is failed");
        RoutingTable cutOff = RoutingTable.of(small, "00", Set.of("0", "01", "10"));
        assertThat(cutOff.reaches("11")).isFalse();
        assertThatThrownBy(() -> cutOff.nextHop("11"))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("no route from 00 to 11 avoiding [0, 01, 10]");
        assertThatThrownBy(() -> table.nextHop("2"))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("unknown destination label '2' (arity 2, depth 2)");
        assertThatThrownBy(() -> RoutingTable.of(small, "00", Set.of("00")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allNodeTablesAgreeWithTheNodeTables() {
        RoutingTables tables = RoutingTables.of(small);
        for (Node from : small.nodes()) {
            RoutingTable own = RoutingTable.of(small, from.label());
            RoutingTable copy = tables.table(from.label());
            for (Node to : small.nodes()) {
                assertThat(tables.nextHop(from.label(), to.label())).isEqualTo(own.nextHop(to.label()));
                assertThat(copy.nextHop(to.label())).isEqualTo(own.nextHop(to.label()));
                assertThat(copy.distance(to.label())).isEqualTo(own.distance(to.label()));
            }
        }
        assertThat(tables.route("00", "11").path()).containsExactly("00", "01", "11");
        RoutingTables failing = RoutingTables.of(small, Set.of("01", "10"));
        assertThat(failing.route("00", "11").path()).containsExactly("00", "0", "1", "11");
        assertThatThrownBy(() -> failing.route("01", "11"))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("source 01 is failed");
    }

    @Test
    void allNodeTablesRefuseHugeTopologies() {
        assertThatThrownBy(() -> RoutingTables.of(Topology.of(2, 15)))
                .hasMessageContaining("limited to 20000 nodes, this topology has 65535");
    }
}
