package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** How {@code slm jobs ID} words a job's judge failures. */
class JobsCommandTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void judgeFailuresAreListedPerModelAndMetric() throws Exception {
        assertThat(
                        JobsCommand.judgeFailures(
                                json.readTree(
                                        "{\"stories260k\": {\"context-recall\": 1, \"faithfulness\": 3}, \"tiny\": {\"faithfulness\": 2}}")))
                .isEqualTo("stories260k context-recall 1, stories260k faithfulness 3, tiny faithfulness 2");
    }

    @Test
    void noFailuresOrAnOlderServerWithoutTheFieldSayNothing() throws Exception {
        assertThat(JobsCommand.judgeFailures(json.readTree("{}"))).isEmpty();
        assertThat(JobsCommand.judgeFailures(json.readTree("{\"id\": \"j\"}").path("judge_failures")))
                .isEmpty();
    }
}
