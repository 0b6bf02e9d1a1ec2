package org.slmcluster.runtime.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a RAG collection folder: its {@code .md} and {@code .txt} files (hidden files and sub-folders are
 * ignored), each split into paragraph chunks. Document ids are file names without extension.
 */
final class CollectionReader {

    private CollectionReader() {}

    static Optional<RagCollection> read(LoadContext context, Path folder, Path suiteFile, int line) {
        if (!Files.isDirectory(folder)) {
            context.problem(suiteFile, line, "collection folder " + context.relative(folder) + " not found");
            return Optional.empty();
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(folder)) {
            files = entries.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            context.problem(suiteFile, line, "cannot list collection folder " + context.relative(folder) + ": " + e);
            return Optional.empty();
        }
        int problemsBefore = context.problems().size();
        List<RagChunk> chunks = new ArrayList<>();
        Map<String, Path> documents = new HashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.endsWith(".md") && !lower.endsWith(".txt")) {
                context.problem(file, 0, "unsupported document type (a suite collection holds .md and .txt files)");
                continue;
            }
            String document = name.substring(0, name.lastIndexOf('.'));
            Path other = documents.putIfAbsent(document, file);
            if (other != null) {
                context.problem(file, 0, "document id \"" + document + "\" is also used by " + other.getFileName());
                continue;
            }
            Optional<String> text = context.readText(file, suiteFile, line, "collection document");
            if (text.isEmpty()) {
                continue;
            }
            List<RagChunk> paragraphs = RagCollection.paragraphs(document, text.get());
            if (paragraphs.isEmpty()) {
                context.problem(file, 0, "document has no text");
            }
            chunks.addAll(paragraphs);
        }
        if (files.isEmpty()) {
            context.problem(suiteFile, line, "collection folder " + context.relative(folder) + " has no documents");
        }
        return context.problems().size() == problemsBefore
                ? Optional.of(new RagCollection(folder, chunks))
                : Optional.empty();
    }
}
