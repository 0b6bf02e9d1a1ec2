package org.slmcluster.runtime.rag;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slmcluster.runtime.suite.RagChunk;
import org.slmcluster.runtime.suite.RagCollection;

/**
 * Cuts a document into chunks (see {@link ChunkingOptions}). Paragraphs are those of
 * {@link RagCollection#paragraphs}, the suites' reference definition, so paragraph ids equal suite gold ids.
 * Sentences are found inside paragraphs (a paragraph end always ends a sentence, a Markdown heading line
 * is a sentence of its own) with the JDK's sentence {@link BreakIterator}, which is not split after common
 * titles and initials. Chunking is a pure function of
 * the text and the options: the same document always gets the same chunk ids.
 */
public final class Chunker {

    /** A span {@code [start, end)} of the document text. */
    record Span(int start, int end) {}

    private Chunker() {}

    public static List<DocumentChunk> chunk(String documentId, String text, ChunkingOptions options) {
        List<Paragraph> paragraphs = paragraphs(documentId, text);
        return switch (options.strategy()) {
            case PARAGRAPHS ->
                paragraphs.stream()
                        .map(p -> new DocumentChunk(
                                p.id,
                                documentId,
                                p.number,
                                text.substring(p.start, p.end),
                                p.start,
                                p.end,
                                List.of(p.id)))
                        .toList();
            case SENTENCES -> sentenceWindows(documentId, text, paragraphs, options);
        };
    }

    private record Paragraph(String id, int number, int start, int end) {}

    /** The suite's paragraphs, with offsets tightened to the stripped text so that text == substring. */
    private static List<Paragraph> paragraphs(String documentId, String text) {
        List<Paragraph> out = new ArrayList<>();
        for (RagChunk chunk : RagCollection.paragraphs(documentId, text)) {
            int start = chunk.start();
            while (start < chunk.end() && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            out.add(new Paragraph(
                    chunk.id(), chunk.paragraph(), start, start + chunk.text().length()));
        }
        return out;
    }

    static List<Span> sentences(String text) {
        List<Span> sentences = new ArrayList<>();
        for (Paragraph paragraph : paragraphs("", text)) {
            int blockStart = -1;
            int position = paragraph.start;
            while (position < paragraph.end) {
                int lineEnd = text.indexOf('\n', position);
                if (lineEnd < 0 || lineEnd > paragraph.end) {
                    lineEnd = paragraph.end;
                }
                if (text.substring(position, lineEnd).strip().startsWith("#")) {
                    if (blockStart >= 0) {
                        splitBlock(text, blockStart, position, sentences);
                        blockStart = -1;
                    }
                    addTrimmed(text, position, lineEnd, sentences);
                } else if (blockStart < 0) {
                    blockStart = position;
                }
                position = lineEnd + 1;
            }
            if (blockStart >= 0) {
                splitBlock(text, blockStart, paragraph.end, sentences);
            }
        }
        return sentences;
    }

    private static void splitBlock(String text, int start, int end, List<Span> out) {
        String block = text.substring(start, end);
        BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ROOT);
        iterator.setText(block);
        int from = iterator.first();
        for (int to = iterator.next(); to != BreakIterator.DONE; to = iterator.next()) {
            if (to < block.length() && endsWithAbbreviation(block.substring(from, to))) {
                continue;
            }
            addTrimmed(text, start + from, start + to, out);
            from = to;
        }
    }

    /** Titles and initials the JDK's sentence rules take for a sentence end ("Dr. Ines Marlow"). */
    private static final java.util.Set<String> ABBREVIATIONS = java.util.Set.of(
            "dr", "mr", "mrs", "ms", "prof", "st", "mt", "no", "fig", "vs", "e.g", "i.e", "etc", "approx", "dept");

    private static boolean endsWithAbbreviation(String sentence) {
        String trimmed = sentence.stripTrailing();
        if (!trimmed.endsWith(".")) {
            return false;
        }
        int space = trimmed.lastIndexOf(' ');
        String word = trimmed.substring(space + 1, trimmed.length() - 1);
        while (!word.isEmpty() && !Character.isLetterOrDigit(word.charAt(0))) {
            word = word.substring(1);
        }
        return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT))
                || (word.length() == 1 && Character.isUpperCase(word.charAt(0)));
    }

    private static void addTrimmed(String text, int start, int end, List<Span> out) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end > start) {
            out.add(new Span(start, end));
        }
    }

    /**
     * Greedy windows: whole sentences while the window stays within the target size (a longer sentence is
     * a window of its own); the next window starts with the previous window's trailing sentences that fit
     * in the overlap, but always at a later sentence than the previous window started.
     */
    private static List<DocumentChunk> sentenceWindows(
            String documentId, String text, List<Paragraph> paragraphs, ChunkingOptions options) {
        List<Span> sentences = sentences(text);
        List<DocumentChunk> chunks = new ArrayList<>();
        int first = 0;
        while (first < sentences.size()) {
            int last = first;
            while (last + 1 < sentences.size()
                    && sentences.get(last + 1).end() - sentences.get(first).start() <= options.targetChars()) {
                last++;
            }
            int start = sentences.get(first).start();
            int end = sentences.get(last).end();
            int ordinal = chunks.size() + 1;
            chunks.add(new DocumentChunk(
                    documentId + "#s" + ordinal,
                    documentId,
                    ordinal,
                    text.substring(start, end),
                    start,
                    end,
                    overlapping(paragraphs, start, end)));
            if (last + 1 >= sentences.size()) {
                break;
            }
            int next = last + 1;
            while (next - 1 > first
                    && sentences.get(last).end() - sentences.get(next - 1).start() <= options.overlapChars()) {
                next--;
            }
            first = next;
        }
        return chunks;
    }

    private static List<String> overlapping(List<Paragraph> paragraphs, int start, int end) {
        return paragraphs.stream()
                .filter(p -> p.start < end && start < p.end)
                .map(Paragraph::id)
                .toList();
    }
}
