package org.slmcluster.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopologyExportTest {

    private final Topology small = Topology.of(2, 2);

    @Test
    void jsonHasNodesLinksAndFigures() {
        String json = TopologyExport.json(small, TopologyFigures.of(small));
        assertThat(json)
                .isEqualTo("{\"arity\":2,\"depth\":2,\"nodes\":["
                        + "{\"label\":\"root\",\"level\":0},{\"label\":\"0\",\"level\":1},{\"label\":\"1\",\"level\":1},"
                        + "{\"label\":\"00\",\"level\":2},{\"label\":\"01\",\"level\":2},{\"label\":\"10\",\"level\":2},"
                        + "{\"label\":\"11\",\"level\":2}],\"links\":["
                        + "[\"0\",\"root\"],[\"1\",\"root\"],[\"0\",\"00\"],[\"0\",\"01\"],[\"0\",\"1\"],[\"0\",\"10\"],"
                        + "[\"00\",\"01\"],[\"00\",\"10\"],[\"01\",\"1\"],[\"01\",\"10\"],[\"01\",\"11\"],[\"1\",\"10\"],"
                        + "[\"1\",\"11\"],[\"10\",\"11\"]],"
                        + "\"nodeCount\":7,\"linkCount\":14,\"minDegree\":2,\"maxDegree\":5,\"diameter\":2,"
                        + "\"averagePathLength\":" + (56.0 / 42) + ","
                        + "\"tree\":{\"linkCount\":6,\"diameter\":4,\"averagePathLength\":" + (96.0 / 42) + "}}");
    }

    @Test
    void sampledFiguresAreMarkedInJson() {
        Topology topology = Topology.of(2, 7);
        String json = TopologyExport.json(topology, TopologyFigures.of(topology, 1));
        assertThat(json).contains(",\"sampledSources\":64,\"tree\":");
    }

    @Test
    void dotDrawsEveryLinkWithItsKindAndOneRankPerLevel() {
        String dot = TopologyExport.dot(small);
        assertThat(dot).startsWith("graph \"tree_debruijn_d2_h2\" {");
        assertThat(dot)
                .contains(
                        "{ rank=same; \"root\" }",
                        "{ rank=same; \"0\" \"1\" }",
                        "{ rank=same; \"00\" \"01\" \"10\" \"11\" }");
        assertThat(dot)
                .contains(
                        "\"root\" -- \"0\";",
                        "\"0\" -- \"00\";",
                        "\"0\" -- \"1\" [style=dashed, color=blue];",
                        "\"01\" -- \"1\" [style=dotted, color=red];",
                        "\"0\" -- \"10\" [style=dotted, color=red];");
        assertThat(dot.lines().filter(line -> line.contains(" -- "))).hasSize(14);
        assertThat(dot.trim()).endsWith("}");
    }
}
