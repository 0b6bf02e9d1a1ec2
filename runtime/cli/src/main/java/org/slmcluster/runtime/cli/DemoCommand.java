package org.slmcluster.runtime.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.demo.EmbeddedEvaluation;
import org.slmcluster.runtime.report.ProgressBar;
import org.slmcluster.runtime.suite.SuiteLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slm demo}: the built-in suite on the two test models over a 7-member cluster in this JVM, then
 * the ledger table and the HTML report. {@link SlmCli#main} exits the JVM afterwards (llama.cpp threads
 * would keep it alive).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start the default 7-node cluster (arity 2, depth 2) in this JVM, place the test models on its "
                    + "worker nodes, run a suite on every model, print the ledger table and write the HTML report.",
            "The test models (stories260K, llama-2-tiny-random) are tiny and not instruction-tuned: their scores "
                    + "show the platform works, not what a real model can do. Pass --models with GGUF files (or models "
                    + "of --config) for real numbers."
        })
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--suite",
            paramLabel = "builtin|smoke|DIR",
            defaultValue = "builtin",
            description = "Suite name or folder (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--quick", description = "Run the smoke suite (2-3 items per task) instead of the built-in one.")
    boolean quick;

    @Option(
            names = "--models",
            split = ",",
            paramLabel = "MODEL",
            description = "Models: names from the cluster configuration or paths of .gguf files "
                    + "(default: stories260k,llama-2-tiny-random).")
    List<String> models;

    @Option(
            names = "--max-tokens",
            paramLabel = "N",
            defaultValue = "32",
            description = "Generate at most N tokens per answer (default: ${DEFAULT-VALUE}, so the demo stays under "
                    + "two minutes; the tiny test models rarely stop early). 0 runs the suite's own limits.")
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
        if (maxTokens < 0) {
            throw CliFailure.badInput("--max-tokens must be 0 (the suite's limits) or positive, got " + maxTokens);
        }
        String suiteName = quick && "builtin".equals(suite) ? "smoke" : suite;
        Path suiteDir = SuiteLocator.find(suiteName)
                .orElseThrow(() -> CliFailure.badInput(
                        "no suite '" + suiteName + "': give a folder with a suite.conf, or builtin / smoke"));
        try {
            return EmbeddedEvaluation.runAndPrint(new EmbeddedEvaluation.Request(
                    suiteDir,
                    models == null || models.isEmpty() ? EmbeddedEvaluation.DEFAULT_MODELS : models,
                    List.of(),
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
}
