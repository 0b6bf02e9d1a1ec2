package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TopologyCommandTest {

    record Outcome(int exitCode, String out, String err) {}

    static Outcome run(String... args) {
        CliRun run = CliRun.of(args);
        return new Outcome(run.exitCode(), run.out(), run.err());
    }

    @Test
    void printsTheFiguresNextToThePlainTree() {
        Outcome result = run("topology", "--arity", "2", "--depth", "2");
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("arity 2, depth 2");
        assertThat(result.out().lines())
                .contains(
                        "nodes                             7            7",
                        "links                            14            6",
                        "min degree                        2            1",
                        "max degree                        5            3",
                        "diameter                          2            4",
                        "average path length          1.3333       2.2857");
        assertThat(result.out()).doesNotContain("sampled");
    }

    @Test
    void printsJsonInTheDocumentedShape() throws Exception {
        Outcome result = run("topology", "--arity", "2", "--depth", "2", "--json");
        assertThat(result.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("arity").asInt()).isEqualTo(2);
        assertThat(json.get("depth").asInt()).isEqualTo(2);
        assertThat(json.get("nodes")).hasSize(7);
        assertThat(json.get("nodes").get(0).toString()).isEqualTo("{\"label\":\"root\",\"level\":0}");
        assertThat(json.get("nodes").get(6).toString()).isEqualTo("{\"label\":\"11\",\"level\":2}");
        assertThat(json.get("links")).hasSize(14);
        assertThat(json.get("links").get(0).toString()).isEqualTo("[\"0\",\"root\"]");
        assertThat(json.get("nodeCount").asInt()).isEqualTo(7);
        assertThat(json.get("linkCount").asInt()).isEqualTo(14);
        assertThat(json.get("minDegree").asInt()).isEqualTo(2);
        assertThat(json.get("maxDegree").asInt()).isEqualTo(5);
        assertThat(json.get("diameter").asInt()).isEqualTo(2);
        assertThat(json.get("averagePathLength").asDouble()).isEqualTo(56.0 / 42);
        assertThat(json.get("tree").toString())
                .isEqualTo("{\"linkCount\":6,\"diameter\":4,\"averagePathLength\":" + (96.0 / 42) + "}");
        assertThat(json.has("sampledSources")).isFalse();
    }

    @Test
    void printsGraphvizDot() {
        Outcome result = run("topology", "--arity", "3", "--depth", "1", "--dot");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .startsWith("graph \"tree_debruijn_d3_h1\" {")
                .contains("\"root\" -- \"2\";", "\"0\" -- \"1\" [style=dashed, color=blue];");
        assertThat(result.out().lines().filter(line -> line.contains(" -- "))).hasSize(6);
    }

    @Test
    void badOptionsGiveOneClearLineAndExitTwo() {
        Outcome badArity = run("topology", "--arity", "1", "--depth", "2");
        assertThat(badArity.exitCode()).isEqualTo(2);
        assertThat(badArity.err().trim()).isEqualTo("topology: arity must be between 2 and 10, got 1");
        assertThat(badArity.out()).isEmpty();

        Outcome badDepth = run("topology", "--arity", "2", "--depth", "0");
        assertThat(badDepth.exitCode()).isEqualTo(2);
        assertThat(badDepth.err().trim()).isEqualTo("topology: depth must be at least 1, got 0");

        Outcome tooLarge = run("topology", "--arity", "10", "--depth", "9");
        assertThat(tooLarge.exitCode()).isEqualTo(2);
        assertThat(tooLarge.err()).contains("at most 5000000 are supported");

        Outcome missing = run("topology", "--depth", "2");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().trim()).isEqualTo("topology: missing --arity D (2..10)");

        Outcome both = run("topology", "--arity", "2", "--depth", "2", "--json", "--dot");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err().trim()).isEqualTo("topology: choose one of --json and --dot");

        Outcome notANumber = run("topology", "--arity", "two", "--depth", "2");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("--arity");
    }
}
