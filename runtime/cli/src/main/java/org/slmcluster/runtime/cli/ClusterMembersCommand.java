package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.client.Tables;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code slm cluster members}: the membership as Pekko Management reports it. */
@Command(
        name = "members",
        mixinStandardHelpOptions = true,
        description = {
            "List the cluster's members as Pekko Management reports them.",
            "Exit codes: 0 ok, 1 server failure, 2 bad input, 3 cannot connect."
        })
final class ClusterMembersCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ManagementOptions options;

    @Override
    public Integer call() {
        JsonNode members = ClientOptions.call(() -> options.management().members());
        if (options.client.json()) {
            ClientOptions.printJson(members);
            return 0;
        }
        Set<String> unreachable = new HashSet<>();
        members.path("unreachable").forEach(u -> unreachable.add(u.path("node").asText()));
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode member : members.path("members")) {
            List<String> roles = new ArrayList<>();
            member.path("roles").forEach(r -> roles.add(r.asText()));
            String node = member.path("node").asText();
            rows.add(List.of(
                    node,
                    member.path("status").asText(),
                    unreachable.contains(node) ? "NO" : "yes",
                    String.join(",", roles)));
        }
        System.out.print(Tables.render(List.of("ADDRESS", "STATUS", "REACHABLE", "ROLES"), rows));
        System.out.println("leader " + members.path("leader").asText("-") + ", answered by "
                + members.path("selfNode").asText());
        return 0;
    }
}
