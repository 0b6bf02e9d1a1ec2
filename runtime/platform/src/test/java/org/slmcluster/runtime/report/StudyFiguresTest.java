package org.slmcluster.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which suites' reports draw the study's five figures. */
class StudyFiguresTest {

    @Test
    void theStudyAndTheBuiltinSuiteDrawThemAlsoWhenCapped() {
        assertThat(StudyFigures.drawnFor("study")).isTrue();
        assertThat(StudyFigures.drawnFor("study-max8")).isTrue();
        assertThat(StudyFigures.drawnFor("builtin")).isTrue();
        assertThat(StudyFigures.drawnFor("builtin-max16")).isTrue();
    }

    @Test
    void otherSuitesDoNot() {
        assertThat(StudyFigures.drawnFor("smoke")).isFalse();
        assertThat(StudyFigures.drawnFor("builtin-copy")).isFalse();
        assertThat(StudyFigures.drawnFor("my-study")).isFalse();
        assertThat(StudyFigures.drawnFor("")).isFalse();
    }
}
