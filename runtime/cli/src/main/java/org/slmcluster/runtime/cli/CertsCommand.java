package org.slmcluster.runtime.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.node.NodeConfig;
import org.slmcluster.runtime.node.NodeConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slm certs init}: the cluster's CA and one certificate per member, for TLS between members and HTTPS. */
@Command(
        name = "certs",
        mixinStandardHelpOptions = true,
        description = "Certificates for an encrypted, authenticated cluster.",
        subcommands = {CertsCommand.Init.class})
public final class CertsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command; see 'slm certs --help'.");
    }

    @Command(
            name = "init",
            mixinStandardHelpOptions = true,
            description = {
                "Create a cluster CA (unless DIR has one) and a key pair + certificate for every member that has "
                        + "none yet: DIR/NAME.p12, DIR/truststore.p12, DIR/ca.pem, passwords in DIR/*.password.",
                "Members whose node file names them (slm.node.name) use TLS between members and HTTPS for the API "
                        + "and Management once DIR/NAME.p12 exists (slm.tls.dir, default 'certs'). "
                        + "Copy NAME.p12, NAME.password, truststore.p12 and truststore.password to each member; "
                        + "keep ca.p12 and ca.password off the members.",
                "Exit codes: 0 ok, 1 keytool failed, 2 bad input."
            })
    static final class Init implements Callable<Integer> {

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where the files go, e.g. certs.")
        Path dir;

        @Option(
                names = "--members",
                split = ",",
                paramLabel = "NAME[=HOST]",
                description = "Members by node name, each with the host or address others reach it at "
                        + "(e.g. coordinator=192.168.1.10,pi-01=192.168.1.11).")
        List<String> members = new ArrayList<>();

        @Option(
                names = "--nodes",
                paramLabel = "FILE",
                arity = "1..*",
                description = "Node files (e.g. nodes/*.conf): their slm.node.name and slm.node.host.")
        List<Path> nodeFiles = new ArrayList<>();

        @Override
        public Integer call() {
            Map<String, ClusterCertificates.Member> wanted = new LinkedHashMap<>();
            for (String entry : members) {
                String spec = entry.strip();
                int equals = spec.indexOf('=');
                String name = equals < 0 ? spec : spec.substring(0, equals).strip();
                List<String> hosts = equals < 0
                        ? List.of()
                        : List.of(spec.substring(equals + 1).strip());
                add(wanted, new ClusterCertificates.Member(name, hosts));
            }
            for (Path file : nodeFiles) {
                NodeConfig node;
                try {
                    node = NodeConfig.load(file);
                } catch (NodeConfigException e) {
                    throw CliFailure.badInput(e.getMessage());
                }
                add(wanted, new ClusterCertificates.Member(node.name(), List.of(node.host())));
            }
            if (wanted.isEmpty()) {
                throw CliFailure.badInput("name the members: --members a,b,c or --nodes nodes/*.conf");
            }
            ClusterCertificates.Outcome outcome = new ClusterCertificates(dir).init(List.copyOf(wanted.values()));
            System.out.println((outcome.createdCa() ? "created the cluster CA in " : "kept the cluster CA in ")
                    + dir.toAbsolutePath());
            if (!outcome.created().isEmpty()) {
                System.out.println("created member certificates: " + String.join(", ", outcome.created()));
            }
            if (!outcome.kept().isEmpty()) {
                System.out.println("kept existing member certificates: " + String.join(", ", outcome.kept()));
            }
            System.out.println("members find them with slm.tls.dir = \"" + dir + "\" (or SLM_CERTS_DIR)");
            return 0;
        }

        private static void add(Map<String, ClusterCertificates.Member> wanted, ClusterCertificates.Member member) {
            if (wanted.putIfAbsent(member.name(), member) != null) {
                throw CliFailure.badInput("member '" + member.name() + "' is named twice");
            }
        }
    }
}
