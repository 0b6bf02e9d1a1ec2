package org.slmcluster.runtime.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.demo.EmbeddedEvaluation;
import org.slmcluster.runtime.report.ProgressBar;
import org.slmcluster.runtime.suite.SuiteLocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slm eval}: one job (a suite on several models, optionally repeated with seeds). With {@code --url}
 * the job runs on that running coordinator (through {@code slm jobs --start ... --wait}); without it, on a
 * cluster started in this JVM from the cluster configuration.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Run an evaluation job: a suite on several models, scored into the models' ledgers; "
                    + "prints the ledger table and writes the report."
        })
public final class EvalCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--suite",
            required = true,
            paramLabel = "DIR|NAME",
            description = "Suite folder (or builtin / smoke).")
    String suite;

    @Option(
            names = "--models",
            required = true,
            split = ",",
            paramLabel = "MODEL",
            description = "Models: names from the cluster configuration or paths of .gguf files.")
    List<String> models;

    @Option(
            names = "--seeds",
            split = ",",
            paramLabel = "SEED",
            description = "Repeat every task once per seed (default: the suite's seed).")
    List<Long> seeds;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Run the job on this running coordinator's HTTP API (e.g. http://127.0.0.1:8080); the suite "
                    + "is a name or a folder on the coordinator. Without it, a cluster starts in this process.")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "With --url: API token (default: $SLM_TOKEN).")
    String token;

    @Option(
            names = "--max-tokens",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Generate at most N tokens per answer (runs a capped copy of the suite); 0 (default): the suite's limits.")
    int maxTokens;

    @Option(names = "--lexical-only", description = "Skip BERTScore and embedding similarity (no encoder model).")
    boolean lexicalOnly;

    @Mixin
    ClusterConfOption clusterConf;

    @Mixin
    DataDirOption data;

    @Mixin
    ReportOutOption report;

    @Override
    public Integer call() {
        if (url != null) {
            return onCoordinator();
        }
        if (maxTokens < 0) {
            throw CliFailure.badInput("--max-tokens must be 0 (the suite's limits) or positive, got " + maxTokens);
        }
        Path suiteDir = SuiteLocator.find(suite)
                .orElseThrow(() -> CliFailure.badInput(
                        "no suite '" + suite + "': give a folder with a suite.conf, or builtin / smoke"));
        try {
            return EmbeddedEvaluation.runAndPrint(new EmbeddedEvaluation.Request(
                    suiteDir,
                    models,
                    seeds == null ? List.of() : seeds,
                    data.directory(),
                    clusterConf.file(),
                    report.folder(),
                    ProgressBar.onTerminal(),
                    maxTokens,
                    !lexicalOnly,
                    System.out,
                    System.err));
        } catch (EmbeddedEvaluation.UserError e) {
            throw CliFailure.failed(e.getMessage());
        } catch (EmbeddedEvaluation.JobRefused e) {
            throw CliFailure.badInput(e.getMessage());
        }
    }

    /** The same job through the coordinator's jobs API; its ledgers and report stay on the coordinator. */
    private int onCoordinator() {
        if (clusterConf.config != null || data.given() || report.out != null || maxTokens != 0 || lexicalOnly) {
            throw CliFailure.badInput("--config, --data-dir, --out, --max-tokens and --lexical-only apply to a cluster "
                    + "started by this command, not with --url (the coordinator uses its own)");
        }
        List<String> args = new ArrayList<>(List.of("--url", url, "--start", suite, "--wait"));
        if (token != null) {
            args.addAll(List.of("--token", token));
        }
        models.forEach(model -> args.addAll(List.of("--model", model)));
        if (seeds != null) {
            seeds.forEach(seed -> args.addAll(List.of("--seed", Long.toString(seed))));
        }
        return spec.commandLine().getParent().getSubcommands().get("jobs").execute(args.toArray(String[]::new));
    }
}
