package org.slmcluster.runtime.demo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.jobs.JobHandle;
import org.slmcluster.runtime.jobs.JobManager;
import org.slmcluster.runtime.jobs.JobProgress;
import org.slmcluster.runtime.jobs.JobSpec;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.models.CatalogueEntry;
import org.slmcluster.runtime.models.EngineKind;
import org.slmcluster.runtime.models.ModelCatalogue;
import org.slmcluster.runtime.models.ModelFileException;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.report.JobReport;
import org.slmcluster.runtime.report.LedgerTable;
import org.slmcluster.runtime.report.ProgressBar;
import org.slmcluster.runtime.report.ReportFiles;
import org.slmcluster.runtime.server.Coordinator;
import org.slmcluster.runtime.suite.Metric;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteException;
import org.slmcluster.runtime.suite.SuiteLoader;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.topology.Node;
import org.slmcluster.topology.Topology;

/**
 * One evaluation job on a cluster started in this JVM: the default 7-member overlay (arity 2, depth 2),
 * the models placed round-robin on its four leaves, the suite run on every model with a progress bar,
 * then the ledger table printed and the report written under {@code <data>/jobs/<id>/report/}. What
 * {@code slm demo} and {@code slm eval} (without a coordinator URL) run; it never exits the JVM.
 */
public final class EmbeddedEvaluation {

    public static final int ARITY = 2;
    public static final int DEPTH = 2;
    public static final List<String> DEFAULT_MODELS = List.of("stories260k", "llama-2-tiny-random");

    /**
     * @param suiteDirectory the suite folder (already located)
     * @param models         model names of the cluster configuration, or paths of GGUF files
     * @param clusterConf    the cluster.conf that defines the models (empty: the installation's)
     * @param reportDirectory where the report goes (empty: {@code <data>/jobs/<id>/report})
     * @param interactive    redraw one progress line (a TTY) instead of printing plain lines
     * @param maxTokensCap   when positive, every task generates at most this many tokens (a capped copy of
     *                       the suite runs, see {@link CappedSuite}); 0 runs the suite as written
     * @param encoderMetrics BERTScore and embedding similarity with the bundled encoder (all-MiniLM-L6-v2);
     *                       false: lexical metrics only
     */
    public record Request(
            Path suiteDirectory,
            List<String> models,
            List<Long> seeds,
            Path dataDir,
            Optional<Path> clusterConf,
            Optional<Path> reportDirectory,
            boolean interactive,
            int maxTokensCap,
            boolean encoderMetrics,
            PrintStream out,
            PrintStream err) {

        public Request {
            models = List.copyOf(models);
            seeds = seeds == null ? List.of() : List.copyOf(seeds);
        }
    }

    /** What ran and where its report went. */
    public record Outcome(
            String jobId,
            JobProgress progress,
            JobReport report,
            String table,
            ReportFiles.Written files,
            Duration clusterStart,
            Duration job,
            Duration total) {

        public boolean complete() {
            return progress.failed() == 0 && progress.done() == progress.total();
        }
    }

    /** A problem the user can fix (unknown model, missing weights, bad suite): one clear message. */
    public static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UserError(String message) {
            super(message);
        }
    }

    /** The job cannot run as asked (a metric of the suite cannot be computed here): bad input, exit 2. */
    public static final class JobRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public JobRefused(String message) {
            super(message);
        }
    }

    private EmbeddedEvaluation() {}

    public static Outcome run(Request request) {
        long begun = System.nanoTime();
        Suite suite;
        Path suiteDirectory = request.suiteDirectory();
        try {
            suite = SuiteLoader.load(suiteDirectory);
            if (CappedSuite.needsCap(suite, request.maxTokensCap())) {
                int asked = suite.tasks().stream()
                        .mapToInt(t -> t.generation().maxTokens())
                        .max()
                        .orElse(0);
                suiteDirectory = CappedSuite.write(suiteDirectory, suite, request.maxTokensCap(), request.dataDir());
                request.err()
                        .println("max-tokens capped at " + request.maxTokensCap() + " (suite " + suite.name()
                                + " asks up to " + asked + "): running the copy " + suiteDirectory);
                suite = SuiteLoader.load(suiteDirectory);
            }
        } catch (SuiteException e) {
            throw new UserError(e.getMessage());
        }
        Path clusterConf = request.clusterConf().orElseGet(EmbeddedEvaluation::installedClusterConf);
        Map<String, ModelSpec> catalogue = catalogue(clusterConf);
        Map<String, String> extraModels = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (String model : request.models()) {
            names.add(resolveModel(model, catalogue, extraModels));
        }
        for (String name : names) {
            DemoModels.fetchIfMissing(catalogue.get(name), request.err());
            checkWeights(catalogue.get(name));
        }
        describe(request, suiteDirectory, suite, names, catalogue);
        EvaluationOptions evaluation = encoderMetrics(request, suite);

        Map<String, List<String>> placement = placement(names);
        EmbeddedCluster.Options options =
                EmbeddedCluster.Options.defaults().withClusterConf(clusterConf).withSettings("""
                        pekko.cluster.seed-node-timeout = 3s
                        pekko.cluster.retry-unsuccessful-join-after = 2s
                        """);
        StringBuilder hocon = new StringBuilder();
        // A model named only in the catalogue gets its file and sha256 from there (ModelSpec's shortcut).
        extraModels.forEach((name, file) -> hocon.append("slm.models.")
                .append(ConfigUtil.quoteString(name))
                .append(
                        file == null
                                ? " { engine = llama-cpp }\n"
                                : " { engine = llama-cpp, file = " + ConfigUtil.quoteString(file) + " }\n"));
        // The suite's context-size is the context every engine is loaded with (suites/README.md); the
        // cluster configuration's smaller default would refuse the longer prompts.
        int contextSize = suite.tasks().stream()
                .mapToInt(t -> t.generation().contextSize())
                .max()
                .orElse(0);
        for (String name : names) {
            ModelSpec spec = catalogue.get(name);
            if (spec.engine() == EngineKind.LLAMA_CPP && spec.contextSize() < contextSize) {
                hocon.append("slm.models.")
                        .append(ConfigUtil.quoteString(name))
                        .append(".context-size = ")
                        .append(contextSize)
                        .append('\n');
                request.err()
                        .println("model " + name + ": loaded with the suite's context of " + contextSize
                                + " tokens (configured: " + spec.contextSize() + ")");
            }
        }
        if (hocon.length() > 0) {
            options = options.withSettings(hocon.toString());
        }
        quietClusterLogs();
        request.err()
                .println("starting the embedded cluster (arity " + ARITY + ", depth " + DEPTH + ", 7 members) ...");
        // The coordinator closes the encoder too; this closes it when the cluster does not start.
        try (EvaluationOptions scoring = evaluation;
                EmbeddedCluster cluster = EmbeddedCluster.start(ARITY, DEPTH, placement, options)) {
            cluster.awaitUp(Duration.ofSeconds(90));
            Duration clusterStart = Duration.ofNanos(System.nanoTime() - begun);
            request.err().println("cluster up in " + seconds(clusterStart) + "; placement " + new TreeMap<>(placement));
            try (Coordinator services = Coordinator.open(cluster.coordinator(), request.dataDir(), scoring)) {
                JobManager jobs = services.jobs();
                Ledgers ledgers = services.ledgers();
                long jobBegun = System.nanoTime();
                JobHandle handle;
                try {
                    handle = jobs.start(new JobSpec(suiteDirectory, names, request.seeds()));
                } catch (SuiteException e) {
                    throw new UserError(e.getMessage());
                } catch (IllegalArgumentException e) {
                    throw new JobRefused(e.getMessage());
                }
                request.err().println("job " + handle.id() + " started");
                JobProgress progress;
                ProgressBar bar =
                        ProgressBar.start(() -> jobs.progress(handle.id()), request.err(), request.interactive());
                try {
                    progress = await(handle);
                } finally {
                    bar.close();
                }
                Duration job = Duration.ofNanos(System.nanoTime() - jobBegun);
                JobReport report = JobReport.collect(request.dataDir(), handle.id(), ledgers);
                String table = LedgerTable.render(report);
                ReportFiles.Written files = ReportFiles.write(
                        report,
                        request.reportDirectory()
                                .orElse(JobReport.defaultReportDirectory(request.dataDir(), handle.id())));
                return new Outcome(
                        handle.id(),
                        progress,
                        report,
                        table,
                        files,
                        clusterStart,
                        job,
                        Duration.ofNanos(System.nanoTime() - begun));
            }
        }
    }

    /**
     * Runs the job and prints what a terminal user needs: the ledger table and the report's path on
     * {@code out}, timings on {@code err}. Returns the exit code: 0 when every task was recorded, 1 otherwise.
     *
     * @throws UserError a problem the user can fix
     */
    public static int runAndPrint(Request request) {
        Outcome outcome = run(request);
        PrintStream out = request.out();
        out.println();
        out.print(outcome.table());
        out.println();
        out.println("report: " + outcome.files().html().toAbsolutePath());
        out.println("views:  " + outcome.files().json().toAbsolutePath() + ", "
                + outcome.files().csv().getFileName());
        JobProgress progress = outcome.progress();
        request.err()
                .println("job " + outcome.jobId() + " " + progress.state() + ": " + progress.done() + "/"
                        + progress.total()
                        + " recorded, " + progress.failed() + " failed, " + progress.cached()
                        + " from the response cache; cluster start "
                        + seconds(outcome.clusterStart()) + ", job " + seconds(outcome.job()) + ", total "
                        + seconds(outcome.total()));
        if (!progress.judgeFailures().isEmpty()) {
            request.err()
                    .println("judge failures (verdicts missing from the judged means: ragas-*, correct): "
                            + judgeFailures(progress));
        }
        progress.notes().forEach(note -> request.err().println("note: " + note));
        if (!outcome.complete()) {
            request.err().println("some tasks were not recorded; resume the job to finish them");
            return 1;
        }
        return 0;
    }

    /** {@code model metric N, ...} */
    static String judgeFailures(JobProgress progress) {
        List<String> parts = new ArrayList<>();
        progress.judgeFailures()
                .forEach((model, metrics) ->
                        metrics.forEach((metric, count) -> parts.add(model + " " + metric + " " + count)));
        return String.join(", ", parts);
    }

    private static JobProgress await(JobHandle handle) {
        try {
            return handle.completion().toCompletableFuture().get(30, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for job " + handle.id(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("job " + handle.id() + " did not finish within 30 minutes", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("job " + handle.id() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Round-robin over the leaves (every model on at least one; with two models each on two leaves). */
    static Map<String, List<String>> placement(List<String> models) {
        List<String> leaves = Topology.of(ARITY, DEPTH).nodes().stream()
                .map(Node::label)
                .filter(label -> label.length() == DEPTH)
                .sorted()
                .toList();
        Map<String, List<String>> placement = new LinkedHashMap<>();
        int slots = Math.max(leaves.size(), models.size());
        for (int i = 0; i < slots; i++) {
            placement
                    .computeIfAbsent(leaves.get(i % leaves.size()), l -> new ArrayList<>())
                    .add(models.get(i % models.size()));
        }
        placement.replaceAll((leaf, hosted) -> hosted.stream().distinct().toList());
        return placement;
    }

    private static String resolveModel(
            String model, Map<String, ModelSpec> catalogue, Map<String, String> extraModels) {
        if (catalogue.containsKey(model)) {
            return model;
        }
        Path file = Path.of(model);
        if (model.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            if (!Files.isRegularFile(file)) {
                throw new UserError("model file " + file.toAbsolutePath() + " not found");
            }
            String name = file.getFileName()
                    .toString()
                    .replaceFirst("(?i)\\.gguf$", "")
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9_.-]", "-");
            catalogue.put(name, ModelSpec.llamaCpp(name, file.toAbsolutePath().toString(), null));
            extraModels.put(name, file.toAbsolutePath().toString());
            return name;
        }
        Optional<CatalogueEntry> listed = ModelCatalogue.builtIn().find(model);
        if (listed.isPresent()) {
            catalogue.put(model, listed.get().toSpec());
            extraModels.put(model, null);
            return model;
        }
        throw new UserError(
                "unknown model '" + model + "': name one of " + new TreeMap<>(catalogue).keySet()
                        + " (models of the cluster configuration), a model of 'slm models list', or give the path of a .gguf file");
    }

    private static void checkWeights(ModelSpec spec) {
        if (spec.engine() != EngineKind.LLAMA_CPP) {
            return;
        }
        try {
            ModelFiles.resolve(spec);
        } catch (ModelFileException e) {
            throw new UserError("model '" + spec.name() + "': weights file '" + spec.file() + "' not found (looked in "
                    + e.pathsTried().stream()
                            .map(p -> p.getParent() == null
                                    ? p.toString()
                                    : p.getParent().toString())
                            .distinct()
                            .toList()
                    + "). Set SLM_MODEL_PATH to the folder that holds it, or run "
                    + "'./slm models pull " + spec.name() + "'.");
        }
    }

    private static Map<String, ModelSpec> catalogue(Path clusterConf) {
        try {
            Config config = ConfigFactory.parseFile(
                            clusterConf.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve();
            return new LinkedHashMap<>(
                    config.hasPath("slm.models") ? ModelSpec.allFromConfig(config.getConfig("slm.models")) : Map.of());
        } catch (ConfigException | IllegalArgumentException e) {
            throw new UserError(clusterConf + ": " + e.getMessage());
        }
    }

    /**
     * The bundled encoder, loaded now when the suite asks for a metric that needs it (before the cluster
     * starts, so a missing encoder costs no cluster start); none with {@code --lexical-only}.
     *
     * @throws JobRefused a metric the suite asks for cannot be computed
     */
    private static EvaluationOptions encoderMetrics(Request request, Suite suite) {
        if (!request.encoderMetrics()) {
            return EvaluationOptions.skippingEncoderMetrics();
        }
        EvaluationOptions evaluation = EvaluationOptions.withDefaultEncoder();
        long loading = System.nanoTime();
        try {
            for (TaskDefinition task : suite.tasks()) {
                for (Metric metric : task.metrics()) {
                    evaluation.require(task.id(), metric);
                }
            }
        } catch (IllegalArgumentException e) {
            evaluation.close();
            throw new JobRefused(e.getMessage());
        }
        if (suite.tasks().stream().flatMap(t -> t.metrics().stream()).anyMatch(EvaluationOptions::needsEncoder)) {
            request.err()
                    .println("encoder for bertscore and embedding-similarity loaded in "
                            + seconds(Duration.ofNanos(System.nanoTime() - loading)));
        }
        return evaluation;
    }

    /** cluster.conf of the installation ({@code slm.home}), else of the working directory or a parent. */
    static Path installedClusterConf() {
        String home = System.getProperty("slm.home");
        if (home != null) {
            // The distribution keeps it under conf/, the checkout at its top.
            for (Path candidate : List.of(Path.of(home, "conf", "cluster.conf"), Path.of(home, "cluster.conf"))) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("cluster.conf"))) {
                return dir.resolve("cluster.conf");
            }
        }
        throw new UserError("no cluster.conf found (in the slm installation or the working directory and its parents); "
                + "pass --config FILE");
    }

    private static void describe(
            Request request, Path suiteDirectory, Suite suite, List<String> models, Map<String, ModelSpec> catalogue) {
        PrintStream err = request.err();
        int items = suite.tasks().stream().mapToInt(t -> t.items().size()).sum();
        int seeds = Math.max(1, request.seeds().size());
        err.println("suite " + suite.name() + " (" + suiteDirectory + "): "
                + suite.tasks().size() + " tasks, "
                + items + " items x " + models.size() + " models" + (seeds > 1 ? " x " + seeds + " seeds" : "") + " = "
                + items * models.size() * seeds + " generations");
        for (TaskDefinition task : suite.tasks()) {
            err.println("  " + task.id() + " (" + task.kind().name().toLowerCase(Locale.ROOT) + "): "
                    + task.items().size()
                    + " items, max-tokens " + task.generation().maxTokens() + ", metrics "
                    + task.metrics().stream().map(m -> m.configName()).toList());
        }
        err.println(
                request.encoderMetrics()
                        ? "  bertscore and embedding-similarity with the bundled encoder (all-MiniLM-L6-v2, int8; no idf, no baseline)"
                        : "  not computed: bertscore and embedding-similarity (--lexical-only)");
        for (String model : models) {
            ModelSpec spec = catalogue.get(model);
            err.println("model " + model + ": " + spec.engine() + " "
                    + (spec.file() != null ? spec.file() : spec.baseUrl()));
        }
    }

    /**
     * Seven members sharing one JVM (and two cores) delay each other's heartbeats and abort each other's
     * connections at shutdown: Pekko warns about both. Unless a log level was asked for ({@code -v}),
     * only its errors are shown; the job's own warnings (failed tasks) still are.
     */
    private static void quietClusterLogs() {
        if (System.getProperty("slm.log.level") != null || System.getenv("SLM_LOG_LEVEL") != null) {
            return;
        }
        if (org.slf4j.LoggerFactory.getLogger("org.apache.pekko") instanceof ch.qos.logback.classic.Logger pekko) {
            pekko.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
