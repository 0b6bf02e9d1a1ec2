package org.slmcluster.runtime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads one-segment-per-line files for {@code slm score}, with the checks every metric needs. */
public final class SegmentFiles {

    private SegmentFiles() {
    }

    /**
     * Lines of a UTF-8 file ({@code -} or null: standard input). Lines end at '\n' only, as sacreBLEU
     * reads them; a trailing '\r' and a leading BOM are kept as content. A final newline does not
     * start an extra empty segment.
     */
    public static List<String> read(String path) {
        byte[] bytes;
        String name = path == null || path.equals("-") ? "<stdin>" : path;
        try {
            if (path == null || path.equals("-")) {
                InputStream in = System.in;
                bytes = in.readAllBytes();
            } else {
                bytes = Files.readAllBytes(Path.of(path));
            }
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput("file not found: " + name);
        } catch (IOException e) {
            throw CliFailure.badInput("cannot read " + name + ": " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        if (lines.isEmpty()) {
            throw CliFailure.badInput(name + " is empty: expected one segment per line");
        }
        return lines;
    }

    /** Reads every reference stream and checks each has as many lines as the hypotheses. */
    public static List<List<String>> readReferences(List<String> paths, int hypothesisCount) {
        if (paths == null || paths.isEmpty()) {
            throw CliFailure.badInput("no references given: use --refs FILE (repeatable)");
        }
        List<List<String>> streams = new ArrayList<>();
        for (String path : paths) {
            List<String> lines = read(path);
            if (lines.size() != hypothesisCount) {
                throw CliFailure.badInput("line counts differ: " + hypothesisCount + " hypotheses but "
                        + lines.size() + " lines in " + path);
            }
            streams.add(lines);
        }
        return streams;
    }
}
