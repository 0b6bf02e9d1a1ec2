package org.slmcluster.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code slm score METRIC}: metrics over files of hypotheses and references, like sacreBLEU's CLI. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Score hypotheses against references with a metric (one segment per line).",
        subcommands = {
            BleuScoreCommand.class,
            ChrfScoreCommand.class,
            TerScoreCommand.class,
            RougeScoreCommand.class,
            SeqevalScoreCommand.class,
            NerScoreCommand.class,
            ClassificationScoreCommand.class,
            BertScoreCommand.class,
            CometScoreCommand.class,
            SquadScoreCommand.class
        })
public final class ScoreCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "Missing metric: one of bleu, chrf, ter, rouge, seqeval, ner, classification, bertscore, comet, squad.");
    }
}
