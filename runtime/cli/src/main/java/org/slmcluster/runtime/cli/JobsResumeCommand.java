package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.client.PlatformClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slm jobs resume ID}: continues a cancelled, failed or interrupted job; only what is missing runs. */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = {
            "Continue a job that is not running (cancelled, completed with failures, interrupted): only the "
                    + "tasks its models' ledgers lack are run. A coordinator restarted on the same data "
                    + "resumes interrupted jobs by itself.",
            "Exit codes: 0 resumed, 1 server failure, 2 unknown job or refused (running, suite changed), "
                    + "3 cannot connect."
        })
public final class JobsResumeCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The job id.")
    String id;

    @Override
    public Integer call() {
        PlatformClient platform = client.platform();
        JsonNode resumed = ClientOptions.call(() -> platform.resumeJob(id));
        if (client.json()) {
            ClientOptions.printJson(resumed);
        } else {
            System.out.println("resumed " + id + ": " + resumed.path("done").asInt() + "/"
                    + resumed.path("total").asInt() + " done so far; 'slm jobs " + id + " --wait' follows it");
        }
        return 0;
    }
}
