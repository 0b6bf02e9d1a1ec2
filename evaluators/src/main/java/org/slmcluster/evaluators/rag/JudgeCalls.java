package org.slmcluster.evaluators.rag;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the judge and reads its answer strictly, retrying up to a number of attempts when the answer
 * is malformed or the judge throws. A retry repeats the prompt with a note naming the previous
 * problem, as RAGAS's output-fixing step does.
 */
final class JudgeCalls {

    private static final Logger LOG = LoggerFactory.getLogger(JudgeCalls.class);

    /** Every attempt failed; the message holds the last problem. */
    static final class GaveUp extends Exception {
        private static final long serialVersionUID = 1L;

        GaveUp(String message) {
            super(message);
        }
    }

    private final Judge judge;
    private final int maxAttempts;
    private final JudgeStats stats;

    JudgeCalls(Judge judge, int maxAttempts, JudgeStats stats) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        this.judge = judge;
        this.maxAttempts = maxAttempts;
        this.stats = stats;
    }

    <T> T ask(String prompt, Function<JsonNode, T> reader) throws GaveUp {
        String problem = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            String sent = problem == null
                    ? prompt
                    : prompt + "\n\nYour previous answer was rejected: " + problem
                            + ". Answer again with the JSON object only.\nOutput: ";
            stats.call();
            String output;
            try {
                output = judge.complete(sent);
            } catch (RuntimeException e) {
                stats.error();
                problem = "the judge failed: " + e.getMessage();
                LOG.debug("judge attempt {} failed", attempt, e);
                continue;
            }
            try {
                return reader.apply(VerdictJson.parseObject(output));
            } catch (MalformedVerdictException e) {
                stats.malformed();
                problem = e.getMessage();
                LOG.debug("judge attempt {} gave malformed output: {}", attempt, problem);
            }
        }
        throw new GaveUp("no usable answer from the judge after " + maxAttempts + " attempt"
                + (maxAttempts == 1 ? "" : "s") + "; last problem: " + problem);
    }
}
