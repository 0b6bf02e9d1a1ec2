package org.slmcluster.runtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.evaluation.SmokeSuite;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteLoader;

/**
 * An optional judge whose model the cluster does not have: the job is planned without it and says so once;
 * with the model there, or with a required judge, the planner does as before.
 */
class JobPlannerOptionalJudgeTest {

    static final String JUDGE = "phi-3.5-mini-q4";

    @TempDir
    Path dir;

    private static JobPlanner planner(Map<String, ModelSpec> catalogue) {
        return new JobPlanner(catalogue, (task, item) -> List.of(), EvaluationOptions.skippingEncoderMetrics());
    }

    private static Suite builtin() throws Exception {
        return SuiteLoader.load(SmokeSuite.directory().resolveSibling("builtin"));
    }

    private static ModelSpec spec(String name) {
        return ModelSpec.llamaCpp(name, name + ".gguf", "0".repeat(64));
    }

    @Test
    void anAbsentOptionalJudgeSkipsItsMetricsWithOneNoteInsteadOfRefusingTheJob() throws Exception {
        JobPlan plan = planner(Map.of()).plan(builtin(), List.of(), List.of());

        assertThat(plan.notes())
                .containsExactly("task rag: judge model " + JUDGE + " is not placed: correct not computed");
        assertThat(plan.skippedJudges()).containsOnlyKeys("rag");
        // the suite (its hash, its manifest) keeps the judge; only the planned work goes without it
        assertThat(plan.suite().task("rag").orElseThrow().ragJudge()).isPresent();
    }

    @Test
    void theUnitsOfASkippedJudgesTaskCarryNoJudge() throws Exception {
        String model = "answering";
        JobPlan plan = planner(Map.of(model, spec(model))).plan(builtin(), List.of(model), List.of());

        assertThat(plan.units())
                .filteredOn(unit -> unit.task().id().equals("rag"))
                .isNotEmpty()
                .allSatisfy(unit -> {
                    assertThat(unit.task().ragJudge()).isEmpty();
                });
    }

    @Test
    void aPlacedOptionalJudgeJudgesAsBefore() throws Exception {
        String model = "answering";
        JobPlan plan =
                planner(Map.of(model, spec(model), JUDGE, spec(JUDGE))).plan(builtin(), List.of(model), List.of());

        assertThat(plan.notes()).isEmpty();
        assertThat(plan.units())
                .filteredOn(unit -> unit.task().id().equals("rag"))
                .isNotEmpty()
                .allSatisfy(unit -> {
                    assertThat(unit.task().ragJudge().orElseThrow().model()).isEqualTo(JUDGE);
                });
    }

    @Test
    void aRequiredJudgeWhoseModelIsUnknownStillRefusesTheJob() throws Exception {
        Path builtin = SmokeSuite.directory().resolveSibling("builtin");
        try (Stream<Path> files = Files.walk(builtin)) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(builtin.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path conf = dir.resolve(SuiteLoader.SUITE_FILE);
        String text = Files.readString(conf);
        assertThat(text).containsOnlyOnce("optional = true");
        Files.writeString(conf, text.replace("optional = true", "optional = false"));

        assertThatThrownBy(() -> planner(Map.of()).plan(SuiteLoader.load(dir), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("task rag: unknown judge model '" + JUDGE + "'");
    }
}
