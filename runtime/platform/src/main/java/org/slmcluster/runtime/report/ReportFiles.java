package org.slmcluster.runtime.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a job's report files into one folder: {@code report.html}, {@code views.json}, {@code views.csv}. */
public final class ReportFiles {

    public static final String HTML = "report.html";
    public static final String JSON = "views.json";
    public static final String CSV = "views.csv";

    /** Where the files went. */
    public record Written(Path directory, Path html, Path json, Path csv) {}

    private ReportFiles() {}

    public static Written write(JobReport report, Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory + ": " + e.getMessage(), e);
        }
        Written written =
                new Written(directory, directory.resolve(HTML), directory.resolve(JSON), directory.resolve(CSV));
        ViewsJson.write(report, written.json());
        ViewsCsv.write(report, written.csv());
        HtmlReport.write(report, written.html());
        return written;
    }
}
