package org.slmcluster.runtime.rag;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.slmcluster.runtime.digest.Sha256;

/**
 * Reads the documents of a collection folder: its {@code .txt}, {@code .md} and {@code .pdf} files
 * (hidden files and sub-folders ignored, as in suites; other files are listed as skipped). Text files
 * must be UTF-8; PDF text is extracted with PDFBox, with a blank line between the paragraphs it detects.
 */
public final class DocumentReader {

    /** What a folder holds: its documents in file-name order, and the files that were not ingested. */
    public record Listing(List<SourceDocument> documents, List<String> skipped) {}

    private DocumentReader() {}

    public static Listing read(Path folder) {
        List<SourceDocument> documents = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, String> idToFile = new HashMap<>();
        for (Path file : list(folder)) {
            String name = file.getFileName().toString();
            DocumentType type = DocumentType.of(name).orElse(null);
            if (type == null) {
                skipped.add(name);
                continue;
            }
            String id = name.substring(0, name.lastIndexOf('.'));
            String other = idToFile.putIfAbsent(id, name);
            if (other != null) {
                throw new CollectionException("document id \"" + id + "\" of " + file + " is also used by " + other
                        + " (ids are file names without extension)");
            }
            byte[] bytes = readBytes(file);
            String text = extract(file, type, bytes);
            documents.add(new SourceDocument(id, name, type, text, Sha256.hex(bytes)));
        }
        return new Listing(documents, skipped);
    }

    /** The sha256 of every ingestible file, by file name: cheap enough to check a collection for changes. */
    public static Map<String, String> hashes(Path folder) {
        Map<String, String> hashes = new java.util.TreeMap<>();
        for (Path file : list(folder)) {
            String name = file.getFileName().toString();
            if (DocumentType.of(name).isPresent()) {
                hashes.put(name, Sha256.hex(readBytes(file)));
            }
        }
        return hashes;
    }

    /** The visible files of the folder that are not ingested (wrong type), by name. */
    public static List<String> skipped(Path folder) {
        return list(folder).stream()
                .map(file -> file.getFileName().toString())
                .filter(name -> DocumentType.of(name).isEmpty())
                .toList();
    }

    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new CollectionException("document folder not found: " + folder);
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CollectionException("cannot list document folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CollectionException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String extract(Path file, DocumentType type, byte[] bytes) {
        String text = switch (type) {
            case TEXT, MARKDOWN -> decodeUtf8(file, bytes);
            case PDF -> pdfText(file, bytes);
        };
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String decodeUtf8(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CollectionException(file + " is not valid UTF-8 text", e);
        }
    }

    private static String pdfText(Path file, byte[] bytes) {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setLineSeparator("\n");
            stripper.setParagraphEnd("\n");
            stripper.setPageEnd("\n");
            return stripper.getText(pdf);
        } catch (IOException e) {
            throw new CollectionException("cannot read PDF " + file + ": " + e.getMessage(), e);
        }
    }
}
