package org.slmcluster.runtime.cli;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.slmcluster.runtime.models.ModelFileException;
import org.slmcluster.runtime.node.MembershipRecord;
import org.slmcluster.runtime.node.NodeConfig;
import org.slmcluster.runtime.node.NodeConfigException;
import org.slmcluster.runtime.node.NodeOverrides;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.runtime.node.NodeStartException;
import org.slmcluster.runtime.platform.DataDirectory;
import org.slmcluster.runtime.server.NodeEndpoints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slm node start --config nodes/pi-01.conf}: one cluster member in this JVM, until Ctrl-C. */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = "Run one cluster member.",
        subcommands = {NodeCommand.Start.class})
public final class NodeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command; see 'slm node --help'.");
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = {
                "Start a member from its node file and run until Ctrl-C or SIGTERM, then leave the "
                        + "cluster gracefully.",
                "JVM -D settings override the file (e.g. -Dpekko.loglevel=DEBUG)."
            })
    static final class Start implements Callable<Integer> {

        @Option(
                names = "--config",
                required = true,
                paramLabel = "FILE",
                description = "Node file, e.g. nodes/pi-01.conf (it includes cluster.conf).")
        Path config;

        @Option(
                names = "--host",
                paramLabel = "HOST",
                defaultValue = "${env:SLM_HOST}",
                description = "Address other members reach this one at (default: $SLM_HOST, else the file's).")
        String host;

        @Option(
                names = "--bind-host",
                paramLabel = "HOST",
                defaultValue = "${env:SLM_BIND_HOST}",
                description = "Local address to listen on when it differs from --host, e.g. 0.0.0.0 behind NAT "
                        + "(default: $SLM_BIND_HOST, else --host).")
        String bindHost;

        @Option(
                names = "--label",
                paramLabel = "LABEL",
                defaultValue = "${env:SLM_LABEL}",
                description = "Position on the overlay, e.g. 00 (default: $SLM_LABEL, else the file's).")
        String label;

        @Option(
                names = "--coordinator",
                paramLabel = "HOST:PORT",
                defaultValue = "${env:SLM_COORDINATOR}",
                description = "The coordinator's cluster address: the member joins through it instead of the "
                        + "file's seeds (default: $SLM_COORDINATOR). --seed adds further seeds after it.")
        String coordinator;

        @Option(names = "--port", paramLabel = "PORT", description = "Cluster (Artery) port; 0 picks a free one.")
        Integer port;

        @Option(
                names = "--seed",
                paramLabel = "HOST:PORT",
                description = "A member to join through (repeatable); replaces slm.cluster.seeds.")
        List<String> seeds = new ArrayList<>();

        @Option(
                names = "--http-port",
                paramLabel = "PORT",
                description = "HTTP API port (served on the coordinator; 0 = none).")
        Integer httpPort;

        @Option(names = "--management-port", paramLabel = "PORT", description = "Pekko Management port (0 = none).")
        Integer managementPort;

        @Override
        public Integer call() {
            List<String> joinThrough = new ArrayList<>();
            if (coordinator != null && !coordinator.isBlank()) {
                joinThrough.add(coordinator.strip());
            }
            joinThrough.addAll(seeds);
            Map<String, String> settings = new LinkedHashMap<>();
            if (bindHost != null && !bindHost.isBlank()) {
                settings.put("slm.node.bind-host", bindHost.strip());
            }
            if (label != null && !label.isBlank()) {
                settings.put("slm.node.label", label.strip());
            }
            NodeOverrides overrides = NodeOverrides.NONE
                    .withHost(host == null || host.isBlank() ? null : host.strip())
                    .withPort(port)
                    .withSeeds(joinThrough)
                    .withSettings(ConfigFactory.parseMap(settings, "command line"))
                    .withHttpPort(httpPort)
                    .withManagementPort(managementPort);
            NodeConfig nodeConfig;
            try {
                // A member started on its own runs each llama.cpp model in a supervised engine process.
                nodeConfig = NodeConfig.load(
                        config, overrides, true, ConfigFactory.parseString("slm.engine.isolation = process"));
            } catch (NodeConfigException e) {
                throw CliFailure.badInput(e.getMessage());
            }
            NodeRuntime node;
            try {
                // The coordinator remembers in its data dir that it was Up: restarted, it rejoins first.
                node = NodeRuntime.start(
                        nodeConfig, Optional.of(MembershipRecord.in(DataDirectory.of(nodeConfig.config()))));
            } catch (NodeStartException e) {
                throw e.getCause() instanceof ModelFileException
                        ? CliFailure.badInput(e.getMessage())
                        : CliFailure.failed(e.getMessage());
            } catch (NodeConfigException e) {
                throw CliFailure.badInput(e.getMessage());
            }
            return runUntilStopped(node);
        }

        private static int runUntilStopped(NodeRuntime node) {
            NodeConfig c = node.config();
            String who = c.name() + " [" + c.label() + "]";
            System.out.println(who + " " + NodeProcess.LISTENING + " "
                    + node.address().getHost().get() + ":" + node.boundPort() + " (" + node.address() + ")"
                    + "; http port " + c.httpPort() + ", management port " + c.managementPort()
                    + "; models: " + (c.models().isEmpty() ? "none" : String.join(", ", c.models()))
                    + "; seeds: " + String.join(", ", c.seeds()));
            if (node.joinPlan().rejoinsFirst()) {
                System.out.println(who + " was a member before: rejoining the running cluster through "
                        + String.join(", ", node.joinPlan().rejoinThrough()) + " for up to "
                        + node.joinPlan().rejoinFor().toSeconds() + " s before founding one");
            }
            System.out.flush();
            NodeEndpoints endpoints = NodeEndpoints.serve(node);
            Cluster.get(Adapter.toClassic(node.system())).registerOnMemberUp(() -> {
                System.out.println(who + " " + NodeProcess.UP + " in the cluster");
                System.out.flush();
            });

            AtomicBoolean stopRequested = new AtomicBoolean();
            Thread hook = new Thread(
                    () -> {
                        stopRequested.set(true);
                        System.out.println(who + " stopping: leaving the cluster");
                        System.out.flush();
                        endpoints.close();
                        node.stop(Duration.ofSeconds(20));
                    },
                    "slm-node-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);

            node.whenTerminated().toCompletableFuture().join();
            if (stopRequested.get()) {
                return 0;
            }
            // Terminated on its own: downed by the split brain resolver, its label taken, ...
            // Closing engines here lets the caller's System.exit end a JVM that llama.cpp would keep alive.
            endpoints.close();
            node.stop(Duration.ofSeconds(5));
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyExiting) {
                return 0;
            }
            var reason =
                    CoordinatedShutdown.get(Adapter.toClassic(node.system())).getShutdownReason();
            if (reason.isPresent() && reason.get().equals(CoordinatedShutdown.clusterJoinUnsuccessfulReason())) {
                System.err.println(
                        "slm: " + who + " could not join the cluster: no seed (" + String.join(", ", c.seeds())
                                + ") answered within " + c.joinTimeout().toSeconds()
                                + " s (slm.cluster.join-timeout); check that the coordinator runs and that this host reaches it");
                return CliFailure.FAILED;
            }
            System.err.println(
                    who + " left the cluster: " + reason.map(Object::toString).orElse("the actor system terminated"));
            return CliFailure.FAILED;
        }
    }
}
