package org.slmcluster.runtime.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.demo.DataDirectory;
import org.slmcluster.runtime.demo.EmbeddedEvaluation;
import org.slmcluster.runtime.suite.SuiteLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slm eval}: one job (a suite on several models, optionally repeated with seeds). The coordinator's
 * HTTP API does not serve jobs yet, so the job runs on a cluster started in this JVM from the cluster
 * configuration; {@code --url} is refused with that explanation.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Run an evaluation job: a suite on several models, scored into the models' ledgers; "
                + "prints the ledger table and writes the report."})
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--suite", required = true, paramLabel = "DIR|NAME", description = "Suite folder (or builtin / smoke).")
    String suite;

    @Option(names = "--models", required = true, split = ",", paramLabel = "MODEL",
            description = "Models: names from the cluster configuration or paths of .gguf files.")
    List<String> models;

    @Option(names = "--seeds", split = ",", paramLabel = "SEED",
            description = "Repeat every task once per seed (default: the suite's seed).")
    List<Long> seeds;

    @Option(names = "--url", paramLabel = "URL", description = "A running coordinator's HTTP API (not served yet: see --help).")
    String url;

    @Option(names = "--config", paramLabel = "FILE",
            description = "cluster.conf defining the models (default: the installation's cluster.conf).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Jobs, ledgers and the response cache (default: $SLM_DATA_DIR, else ~/.slm).")
    Path dataDir;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "0",
            description = "Generate at most N tokens per answer (runs a capped copy of the suite); 0 (default): the suite's limits.")
    int maxTokens;

    @Option(names = "--lexical-only", description = "Skip BERTScore and embedding similarity (no encoder model).")
    boolean lexicalOnly;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: <data-dir>/jobs/<job>/report).")
    Path out;

    @Override
    public Integer call() {
        if (url != null) {
            throw CliFailure.failed("--url " + url + ": the coordinator's HTTP API does not run evaluation jobs yet "
                    + "(/api/v1/jobs answers 501); run without --url to evaluate on a cluster started in this process "
                    + "from --config (default: cluster.conf)");
        }
        if (maxTokens < 0) {
            throw CliFailure.badInput("--max-tokens must be 0 (the suite's limits) or positive, got " + maxTokens);
        }
        Path suiteDir = SuiteLocator.find(suite).orElseThrow(() -> CliFailure.badInput(
                "no suite '" + suite + "': give a folder with a suite.conf, or builtin / smoke"));
        try {
            return EmbeddedEvaluation.runAndPrint(new EmbeddedEvaluation.Request(suiteDir, models, seeds == null ? List.of() : seeds,
                dataDir == null ? DataDirectory.defaultDirectory() : dataDir, Optional.ofNullable(config),
                Optional.ofNullable(out), System.console() != null, maxTokens, !lexicalOnly, System.out, System.err));
        } catch (EmbeddedEvaluation.UserError e) {
            throw CliFailure.failed(e.getMessage());
        }
    }
}
