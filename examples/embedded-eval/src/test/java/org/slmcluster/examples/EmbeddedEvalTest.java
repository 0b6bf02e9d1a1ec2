package org.slmcluster.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the example as its main would (without System.exit) and checks what it printed. */
class EmbeddedEvalTest {

    @Test
    void answersATaskRunsTheSmokeSuiteAndPrintsLedgerLines() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status = EmbeddedEval.run("smoke", new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String out = buffer.toString(StandardCharsets.UTF_8);

        assertThat(status).as(out).isZero();
        assertThat(out).containsPattern("answer from node 1: \\S+");
        assertThat(out).containsPattern("suite smoke: COMPLETED(_WITH_FAILURES)?, [1-9]\\d*/15 done");
        assertThat(out).containsPattern("ledger stories260k translation: 3 items, (bleu|chrf)");
    }
}
