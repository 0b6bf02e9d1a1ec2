package org.slmcluster.runtime.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slmcluster.runtime.jobs.RunManifest;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.ledger.RunComparison;
import org.slmcluster.runtime.ledger.ScoreHistory;
import org.slmcluster.runtime.report.ComparisonTable;
import org.slmcluster.runtime.report.JobReport;
import org.slmcluster.runtime.report.LedgerTable;
import org.slmcluster.runtime.report.ReportFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slm report JOB}: the ledger table and report files of a job, again, from its ledgers and manifest;
 * {@code slm report --compare RUN_A RUN_B}: two runs compared from the score history.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Print a job's ledger table and write its report (report.html, views.json, views.csv) again "
                    + "from the stored ledgers and run manifest. Needs the ledger store to itself: stop a coordinator "
                    + "that uses the same data dir first."
        })
public final class ReportCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "JOB",
            description = "Job id (a folder name under <data-dir>/jobs).")
    String jobId;

    @Option(
            names = "--compare",
            arity = "2",
            paramLabel = "RUN",
            description = "Compare two runs instead (RUN_A RUN_B; a run is JOB/MODEL, or JOB when the job ran one "
                    + "model): per task and metric B - A with a paired-bootstrap 95%% interval, * where it "
                    + "excludes 0, and the items that changed most with both answers. Reads the score history "
                    + "only, so it works while a coordinator runs.")
    List<String> compare;

    @Mixin
    DataDirOption dataOption;

    @Mixin
    ReportOutOption report;

    @Override
    public Integer call() {
        Path data = dataOption.directory();
        if (compare != null) {
            if (jobId != null) {
                throw CliFailure.badInput("give either JOB or --compare RUN_A RUN_B, not both");
            }
            return compare(data);
        }
        if (jobId == null) {
            throw CliFailure.badInput("missing JOB (or --compare RUN_A RUN_B)");
        }
        if (!jobId.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw CliFailure.badInput("'" + jobId + "' is not a job id");
        }
        if (!Files.isRegularFile(JobReport.jobDirectory(data, jobId).resolve(RunManifest.FILE))) {
            throw CliFailure.badInput("no job '" + jobId + "' under " + data.resolve("jobs") + " (no "
                    + RunManifest.FILE + "); pass --data-dir where the job ran");
        }
        JobReport report;
        try (Ledgers ledgers = openLedgers(data)) {
            report = JobReport.collect(data, jobId, ledgers);
        }
        ReportFiles.Written files =
                ReportFiles.write(report, this.report.folder().orElse(JobReport.defaultReportDirectory(data, jobId)));
        System.out.print(LedgerTable.render(report));
        System.out.println();
        System.out.println("report: " + files.html().toAbsolutePath());
        System.out.println(
                "views:  " + files.json().toAbsolutePath() + ", " + files.csv().getFileName());
        return 0;
    }

    private int compare(Path data) {
        try {
            System.out.print(ComparisonTable.render(
                    new RunComparison(new ScoreHistory(data)).compare(compare.get(0), compare.get(1))));
        } catch (RunComparison.UnknownRunException e) {
            throw CliFailure.badInput(e.getMessage() + " (score history under " + data.resolve("history") + ")");
        }
        return 0;
    }

    private static Ledgers openLedgers(Path data) {
        try {
            return Ledgers.open(data);
        } catch (RuntimeException e) {
            throw CliFailure.failed("cannot open the ledgers under " + data.resolve("ledger") + " (is a coordinator "
                    + "using them?): " + e.getMessage());
        }
    }
}
