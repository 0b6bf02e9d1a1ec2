package org.slmcluster.runtime.suite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slmcluster.runtime.digest.Sha256;

/** What one load collects: the problems found so far and the hash of every file read. */
final class LoadContext {

    private final Path directory;
    private final List<SuiteProblem> problems = new ArrayList<>();
    private final Map<String, String> fileHashes = new TreeMap<>();

    LoadContext(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Records a problem once (suite-wide settings are checked again for every task that inherits them). */
    void problem(Path file, int line, String reason) {
        SuiteProblem problem = new SuiteProblem(file, line, reason);
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    List<SuiteProblem> problems() {
        return problems;
    }

    Map<String, String> fileHashes() {
        return fileHashes;
    }

    /** The path of {@code file} relative to the suite folder, with {@code /} separators. */
    String relative(Path file) {
        Path base = directory.toAbsolutePath().normalize();
        return base.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /**
     * Reads a UTF-8 text file (without BOM, {@code \r\n} turned into {@code \n}) and records its hash.
     * A missing or unreadable file is reported where it was referenced.
     */
    Optional<String> readText(Path file, Path referencedIn, int referenceLine, String what) {
        if (!Files.isRegularFile(file)) {
            problem(referencedIn, referenceLine, what + " " + relative(file) + " not found");
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            problem(referencedIn, referenceLine, "cannot read " + what + " " + relative(file) + ": " + e.getMessage());
            return Optional.empty();
        }
        fileHashes.put(relative(file), Sha256.hex(bytes));
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            problem(file, firstBadLine(bytes), "not valid UTF-8");
            return Optional.empty();
        }
        int nul = text.indexOf('\u0000');
        if (nul >= 0) {
            problem(
                    file,
                    (int) text.substring(0, nul).chars().filter(c -> c == '\n').count() + 1,
                    "contains a NUL byte: not a text file");
            return Optional.empty();
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return Optional.of(text.replace("\r\n", "\n"));
    }

    private static int firstBadLine(byte[] bytes) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                try {
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, lineStart, i - lineStart));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                lineStart = i + 1;
            }
        }
        return line;
    }
}
