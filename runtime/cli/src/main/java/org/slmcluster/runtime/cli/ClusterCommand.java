package org.slmcluster.runtime.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slmcluster.runtime.models.ModelFileException;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.node.NodeConfig;
import org.slmcluster.runtime.node.NodeConfigException;
import org.slmcluster.runtime.node.NodeOverrides;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.runtime.node.NodeStartException;
import org.slmcluster.runtime.server.NodeEndpoints;
import org.slmcluster.topology.Labels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slm cluster local} (the whole cluster of {@code nodes/*.conf} on this machine) and membership. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "Start or manage the cluster.",
        subcommands = {
            ClusterCommand.Local.class,
            ClusterMembersCommand.class,
            ClusterMemberChangeCommand.Leave.class,
            ClusterMemberChangeCommand.Down.class
        })
public final class ClusterCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command; see 'slm cluster --help'.");
    }

    @Command(
            name = "local",
            mixinStandardHelpOptions = true,
            description = {
                "Start every member of nodes/*.conf on this machine (coordinator first), print where each "
                        + "listens, and run until Ctrl-C, then stop them all.",
                "By default every member is an ActorSystem in this JVM; --jvm-per-node starts one "
                        + "'slm node start' process per member instead."
            })
    static final class Local implements Callable<Integer> {

        @Option(
                names = "--nodes",
                paramLabel = "DIR",
                description = "Directory of node files (default: nodes/ of the slm installation).")
        Path nodesDir;

        @Option(names = "--jvm-per-node", description = "One JVM per member, as on separate devices.")
        boolean jvmPerNode;

        @Option(
                names = "--up-timeout",
                paramLabel = "SECONDS",
                defaultValue = "120",
                description = "How long to wait for every member to be Up (default: ${DEFAULT-VALUE}).")
        int upTimeoutSeconds;

        @Override
        public Integer call() throws Exception {
            // Members sharing this JVM get small thread pools; separate JVMs run the files as they are.
            NodeOverrides overrides = jvmPerNode
                    ? NodeOverrides.NONE
                    : NodeOverrides.NONE.withSettings(EmbeddedCluster.sharedJvmSettings());
            List<NodeConfig> configs = loadAll(nodesDir == null ? defaultNodesDir() : nodesDir, overrides);
            return jvmPerNode ? runProcesses(configs) : runEmbedded(configs);
        }

        private int runEmbedded(List<NodeConfig> configs) throws InterruptedException {
            List<NodeRuntime> started = new ArrayList<>();
            List<NodeEndpoints> endpoints = new ArrayList<>();
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        System.out.println("stopping " + started.size() + " members");
                        synchronized (started) {
                            endpoints.forEach(NodeEndpoints::close);
                        }
                        stopAll(started);
                        stopped.countDown();
                    },
                    "slm-cluster-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                for (NodeConfig config : configs) {
                    NodeRuntime node = NodeRuntime.start(config);
                    synchronized (started) {
                        started.add(node);
                        endpoints.add(NodeEndpoints.serve(node));
                    }
                    System.out.printf("%-12s %-5s %s%n", config.name(), config.label(), node.address());
                }
            } catch (NodeStartException | NodeConfigException e) {
                Runtime.getRuntime().removeShutdownHook(hook);
                stopAll(started);
                throw e.getCause() instanceof ModelFileException || e instanceof NodeConfigException
                        ? CliFailure.badInput(e.getMessage())
                        : CliFailure.failed(e.getMessage());
            }
            awaitUp(started, Duration.ofSeconds(upTimeoutSeconds));
            System.out.println("cluster Up: " + started.size() + " members; Ctrl-C stops them");
            System.out.flush();
            stopped.await();
            return 0;
        }

        private int runProcesses(List<NodeConfig> configs) throws InterruptedException {
            Path work;
            try {
                work = Files.createTempDirectory("slm-cluster-local-");
            } catch (IOException e) {
                throw CliFailure.failed("cannot create a work directory: " + e.getMessage());
            }
            List<NodeProcess> processes = new ArrayList<>();
            CountDownLatch stopped = new CountDownLatch(1);
            Runnable stopAll = () -> {
                System.out.println("stopping " + processes.size() + " member processes");
                synchronized (processes) {
                    // SIGTERM to all at once (each leaves the cluster), then SIGKILL whoever lingers.
                    processes.forEach(NodeProcess::terminate);
                    processes.forEach(p -> p.stop(Duration.ofSeconds(20)));
                }
                stopped.countDown();
            };
            Thread hook = new Thread(stopAll, "slm-cluster-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            NodeConfig waitingFor = null;
            try {
                for (NodeConfig config : configs) {
                    NodeProcess process = NodeProcess.start(
                            config.name(), Path.of(config.origin()), NodeOverrides.NONE, Map.of(), work);
                    synchronized (processes) {
                        processes.add(process);
                    }
                    if (Labels.ROOT.equals(config.label())) {
                        // The coordinator founds the cluster; the others join it.
                        waitingFor = config;
                        process.awaitListening(Duration.ofSeconds(upTimeoutSeconds));
                    }
                }
                for (int i = 0; i < configs.size(); i++) {
                    NodeConfig config = configs.get(i);
                    NodeProcess process = processes.get(i);
                    waitingFor = config;
                    process.awaitOutput(NodeProcess.UP, Duration.ofSeconds(upTimeoutSeconds));
                    System.out.printf(
                            "%-12s %-5s %s:%d  pid %d  log %s%n",
                            config.name(),
                            config.label(),
                            config.host(),
                            config.port(),
                            process.pid(),
                            process.logFile());
                }
            } catch (NodeProcess.StartFailedException e) {
                Runtime.getRuntime().removeShutdownHook(hook);
                stopAll.run();
                String message = "member " + waitingFor.name() + " [" + waitingFor.label() + "] did not start: "
                        + e.reason() + " (log in " + work + ")";
                throw e.exitCode() == 2 ? CliFailure.badInput(message) : CliFailure.failed(message);
            }
            System.out.println("cluster Up: " + processes.size() + " member processes; Ctrl-C stops them");
            System.out.flush();
            stopped.await();
            return 0;
        }

        private static void awaitUp(List<NodeRuntime> nodes, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!nodes.stream().allMatch(NodeRuntime::isUp)) {
                if (System.nanoTime() > deadline) {
                    throw CliFailure.failed("members not Up after " + timeout.toSeconds() + " s: "
                            + nodes.stream()
                                    .filter(n -> !n.isUp())
                                    .map(NodeRuntime::toString)
                                    .toList());
                }
                Thread.sleep(100);
            }
        }

        /** Leaves the workers first and the coordinator (the seed) last. */
        private static void stopAll(List<NodeRuntime> nodes) {
            List<NodeRuntime> copy;
            synchronized (nodes) {
                copy = new ArrayList<>(nodes);
            }
            for (int i = copy.size() - 1; i >= 0; i--) {
                copy.get(i).stop(Duration.ofSeconds(15));
            }
        }

        private static Path defaultNodesDir() {
            String home = System.getProperty("slm.home");
            if (home == null) {
                return Path.of("nodes");
            }
            // The distribution keeps the node files under conf/, the checkout at its top.
            Path installed = Path.of(home, "conf", "nodes");
            return Files.isDirectory(installed) ? installed : Path.of(home, "nodes");
        }

        /** Every *.conf of the directory, coordinator (label root) first, then by file name. */
        static List<NodeConfig> loadAll(Path dir, NodeOverrides overrides) {
            if (!Files.isDirectory(dir)) {
                throw CliFailure.badInput("no node directory " + dir);
            }
            List<Path> files;
            try (Stream<Path> listing = Files.list(dir)) {
                files = listing.filter(p -> p.getFileName().toString().endsWith(".conf"))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw CliFailure.failed("cannot list " + dir + ": " + e.getMessage());
            }
            if (files.isEmpty()) {
                throw CliFailure.badInput("no node files (*.conf) in " + dir);
            }
            List<NodeConfig> configs = new ArrayList<>();
            for (Path file : files) {
                try {
                    configs.add(NodeConfig.load(file, overrides));
                } catch (NodeConfigException e) {
                    throw CliFailure.badInput(e.getMessage());
                }
            }
            configs.sort(Comparator.comparing((NodeConfig c) -> !Labels.ROOT.equals(c.label())));
            List<String> labels = configs.stream().map(NodeConfig::label).toList();
            for (NodeConfig config : configs) {
                if (labels.indexOf(config.label()) != labels.lastIndexOf(config.label())) {
                    throw CliFailure.badInput(
                            "label '" + config.label() + "' is claimed by more than one file in " + dir);
                }
            }
            return configs;
        }
    }
}
