package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.slmcluster.runtime.cli.TopologyCommandTest.run;

import org.junit.jupiter.api.Test;
import org.slmcluster.runtime.cli.TopologyCommandTest.Outcome;

class TopologyRouteCommandTest {

    @Test
    void printsTheShortestPath() {
        Outcome result = run("topology", "route", "--arity", "2", "--depth", "2", "--from", "00", "--to", "11");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().trim()).isEqualTo("00 -> 01 -> 11  (2 hops)");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void printsJsonWithPathAndHops() {
        Outcome result =
                run("topology", "route", "--arity", "2", "--depth", "3", "--from", "000", "--to", "111", "--json");
        assertThat(result.exitCode()).isZero();
        // 001 and 100 are equally short first hops; the pair (000, 111) takes 100, as every router would
        assertThat(result.out().trim()).isEqualTo("{\"path\":[\"000\",\"100\",\"110\",\"111\"],\"hops\":3}");
    }

    @Test
    void routesAroundFailedNodes() {
        Outcome result = run(
                "topology",
                "route",
                "--arity",
                "2",
                "--depth",
                "2",
                "--from",
                "00",
                "--to",
                "11",
                "--failed",
                "01,10",
                "--json");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().trim()).isEqualTo("{\"path\":[\"00\",\"0\",\"1\",\"11\"],\"hops\":3}");
        Outcome text = run(
                "topology", "route", "--arity", "2", "--depth", "2", "--from", "00", "--to", "11", "--failed", "01");
        assertThat(text.out().trim()).isEqualTo("00 -> 10 -> 11  (2 hops, avoiding 01)");
    }

    @Test
    void labelBasedRoutesReportTheShortestHopCount() {
        Outcome result = run(
                "topology",
                "route",
                "--arity",
                "2",
                "--depth",
                "4",
                "--from",
                "0110",
                "--to",
                "0110",
                "--label-based",
                "--json");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().trim()).isEqualTo("{\"path\":[\"0110\"],\"hops\":0,\"shortestHops\":0}");
        Outcome longer = run(
                "topology", "route", "--arity", "4", "--depth", "4", "--from", "0123", "--to", "0120", "--label-based");
        assertThat(longer.exitCode()).isZero();
        // 0012, 012, 1012, 2012 and 3012 are all one hop from 0120; the pair picks 012
        assertThat(longer.out().trim()).isEqualTo("0123 -> 012 -> 0120  (2 hops, label-based; shortest 2)");
    }

    @Test
    void unknownLabelsFailedEndpointsAndPartitionsAreClearErrors() {
        Outcome unknown = run("topology", "route", "--arity", "2", "--depth", "2", "--from", "02", "--to", "11");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().trim())
                .isEqualTo("route: unknown node label '02' in --from (arity 2, depth 2: root or 1..2 digits 0..1)");
        assertThat(unknown.out()).isEmpty();

        Outcome failedEndpoint = run(
                "topology", "route", "--arity", "2", "--depth", "2", "--from", "00", "--to", "11", "--failed", "11");
        assertThat(failedEndpoint.exitCode()).isEqualTo(2);
        assertThat(failedEndpoint.err().trim()).isEqualTo("route: destination 11 is in --failed");

        Outcome unknownFailed =
                run("topology", "route", "--arity", "2", "--depth", "2", "--from", "00", "--to", "11", "--failed", "7");
        assertThat(unknownFailed.exitCode()).isEqualTo(2);
        assertThat(unknownFailed.err()).contains("unknown node label '7' in --failed");

        Outcome noRoute = run(
                "topology",
                "route",
                "--arity",
                "2",
                "--depth",
                "2",
                "--from",
                "00",
                "--to",
                "11",
                "--failed",
                "0,01,10");
        assertThat(noRoute.exitCode()).isEqualTo(1);
        assertThat(noRoute.err().trim()).isEqualTo("route: no route from 00 to 11 avoiding [0, 01, 10]");

        Outcome missing = run("topology", "route", "--arity", "2", "--depth", "2", "--to", "11");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().trim()).isEqualTo("route: missing --from LABEL");

        Outcome mixed = run(
                "topology",
                "route",
                "--arity",
                "2",
                "--depth",
                "2",
                "--from",
                "00",
                "--to",
                "11",
                "--failed",
                "01",
                "--label-based");
        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.err()).contains("--label-based routes do not avoid failed nodes");
    }
}
