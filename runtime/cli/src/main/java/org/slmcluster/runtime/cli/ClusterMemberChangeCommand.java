package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code slm cluster leave|down ADDRESS}: one membership change through Pekko Management. */
abstract class ClusterMemberChangeCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ManagementOptions options;

    @CommandLine.Parameters(
            paramLabel = "ADDRESS",
            description = "e.g. pekko://slm@192.168.1.12:25521 (see 'slm cluster members').")
    String address;

    abstract JsonNode change();

    abstract String done();

    @Override
    public Integer call() {
        JsonNode answer = ClientOptions.call(this::change);
        if (options.client.json()) {
            ClientOptions.printJson(answer);
        } else {
            System.out.println(answer.path("message").asText(done() + ": " + address));
        }
        return 0;
    }

    @Command(
            name = "leave",
            mixinStandardHelpOptions = true,
            description = {
                "Ask a member to leave the cluster gracefully.",
                "Exit codes: 0 ok, 1 server failure, 2 bad input (unknown member, missing token), 3 cannot connect."
            })
    static final class Leave extends ClusterMemberChangeCommand {

        @Override
        JsonNode change() {
            return options.management().leave(address);
        }

        @Override
        String done() {
            return "leaving";
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = {
                "Mark an unreachable member down, so the cluster stops waiting for it.",
                "Exit codes: 0 ok, 1 server failure, 2 bad input (unknown member, missing token), 3 cannot connect."
            })
    static final class Down extends ClusterMemberChangeCommand {

        @Override
        JsonNode change() {
            return options.management().down(address);
        }

        @Override
        String done() {
            return "down";
        }
    }
}
