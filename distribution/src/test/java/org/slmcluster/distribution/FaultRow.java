package org.slmcluster.distribution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row of the fault-injection table (docs/FAULTS.md): what the job did under the fault, and what the ledger
 * shows against the fault-free run of the same job. The ledger columns stay -1 until the ledger is read.
 */
final class FaultRow {

    static final String HEADER = "scenario\tsubmitted\tcompleted\tfailed\tlost\tanswered_twice\tunlike_fault_free\t"
            + "next_item_ms\tremoved_ms\tback_up_ms";

    final String name;
    final long seed;
    int submitted;
    int completed;
    int failed;
    int lost = -1;
    int answeredTwice = -1;
    int unlikeFaultFree = -1;
    /** From the fault until the job's next recorded item. */
    long nextItemMillis = -1;
    /** From the fault until the cut member(s) left the coordinator's membership. */
    long removedMillis = -1;
    /** From the heal until the cut member(s) were Up again with their models ready. */
    long backUpMillis = -1;

    FaultRow(String name, long seed) {
        this.name = name;
        this.seed = seed;
    }

    /** Takes the counts from the job's final progress ({@code GET /api/v1/jobs/{id}}). */
    void ended(JsonNode job) {
        submitted = job.path("total").asInt();
        completed = job.path("done").asInt();
        failed = job.path("failed").asInt();
    }

    String row() {
        return String.join(
                "\t",
                name,
                Integer.toString(submitted),
                Integer.toString(completed),
                Integer.toString(failed),
                Integer.toString(lost),
                Integer.toString(answeredTwice),
                Integer.toString(unlikeFaultFree),
                millis(nextItemMillis),
                millis(removedMillis),
                millis(backUpMillis));
    }

    private static String millis(long value) {
        return value < 0 ? "-" : Long.toString(value);
    }
}
