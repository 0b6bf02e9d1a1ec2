package org.slmcluster.runtime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one-segment-per-line files for {@code slm score}, the way sacreBLEU's command line reads them, with
 * the checks every metric needs.
 */
public final class SegmentFiles {

    private SegmentFiles() {}

    /**
     * Lines of a UTF-8 file ({@code -} or null: standard input); invalid UTF-8 is an error, as in sacreBLEU.
     * A file's lines end at '\n' only (sacreBLEU opens files with {@code newline="\n"}), so a '\r' is kept
     * as content; standard input uses universal newlines ('\n', '\r\n' and '\r' all end a line), as
     * sacreBLEU's {@code io.TextIOWrapper} over stdin does. A leading BOM is content. A final newline
     * does not start an extra empty segment.
     */
    public static List<String> read(String path) {
        boolean stdin = path == null || path.equals("-");
        String name = stdin ? "<stdin>" : path;
        byte[] bytes;
        try {
            if (stdin) {
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
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw CliFailure.badInput(name + " is not valid UTF-8");
        }
        List<String> lines = stdin ? splitUniversal(text) : splitNewlines(text);
        if (lines.isEmpty()) {
            throw CliFailure.badInput(name + " is empty: expected one segment per line");
        }
        return lines;
    }

    private static List<String> splitNewlines(String text) {
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
        return lines;
    }

    private static List<String> splitUniversal(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** Each line right-stripped of (Python) whitespace, as sacreBLEU's command line does after reading. */
    static List<String> rstripped(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            out.add(org.slmcluster.evaluators.mt.PythonText.rstrip(line));
        }
        return out;
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
                throw CliFailure.badInput("line counts differ: " + hypothesisCount + " hypotheses but " + lines.size()
                        + " lines in " + path);
            }
            streams.add(lines);
        }
        return streams;
    }
}
