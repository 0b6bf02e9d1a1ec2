package org.slmcluster.runtime.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The documents of a RAG task, split into paragraph chunks with stable ids (see {@link RagChunk}). */
public record RagCollection(Path folder, List<RagChunk> chunks) {

    public RagCollection {
        chunks = List.copyOf(chunks);
    }

    public Optional<RagChunk> chunk(String id) {
        return chunks.stream().filter(chunk -> chunk.id().equals(id)).findFirst();
    }

    public Map<String, RagChunk> byId() {
        Map<String, RagChunk> map = new LinkedHashMap<>();
        chunks.forEach(chunk -> map.put(chunk.id(), chunk));
        return map;
    }

    /**
     * Splits one document into paragraphs: maximal runs of non-blank lines, numbered from 1 in file order.
     * Line breaks inside a paragraph are kept; the chunk text is the paragraph without surrounding
     * whitespace. The text is expected with {@code \n} line ends (the loader converts {@code \r\n}).
     */
    public static List<RagChunk> paragraphs(String document, String text) {
        List<RagChunk> chunks = new ArrayList<>();
        int position = 0;
        int start = -1;
        int end = -1;
        while (position <= text.length()) {
            int lineEnd = text.indexOf('\n', position);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            String line = text.substring(position, lineEnd);
            if (line.isBlank()) {
                if (start >= 0) {
                    chunks.add(chunk(document, chunks.size() + 1, text, start, end));
                    start = -1;
                }
            } else {
                if (start < 0) {
                    start = position;
                }
                end = lineEnd;
            }
            position = lineEnd + 1;
        }
        if (start >= 0) {
            chunks.add(chunk(document, chunks.size() + 1, text, start, end));
        }
        return chunks;
    }

    private static RagChunk chunk(String document, int paragraph, String text, int start, int end) {
        return new RagChunk(
                document + "#" + paragraph,
                document,
                paragraph,
                text.substring(start, end).strip(),
                start,
                end);
    }
}
