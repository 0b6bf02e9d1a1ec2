package org.slmcluster.runtime.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.slmcluster.runtime.suite.RagChunk;
import org.slmcluster.runtime.suite.RagCollection;

class ChunkerTest {

    private static final String DOC = """
            # Kettle guide
            The kettle boils water. It switches off by itself.

            ## Cleaning
            Descale it every month with vinegar. Rinse it twice afterwards. Never use bleach.


            ## Safety
            Keep the cord away from the sink.
            """;

    @Test
    void paragraphChunksHaveTheSuiteIdsTextAndExactOffsets() {
        List<DocumentChunk> chunks = Chunker.chunk("kettle", DOC, ChunkingOptions.paragraphs());
        List<RagChunk> reference = RagCollection.paragraphs("kettle", DOC);

        assertThat(chunks).extracting(DocumentChunk::id).containsExactly("kettle#1", "kettle#2", "kettle#3");
        assertThat(chunks)
                .extracting(DocumentChunk::id)
                .isEqualTo(reference.stream().map(RagChunk::id).toList());
        assertThat(chunks)
                .extracting(DocumentChunk::text)
                .isEqualTo(reference.stream().map(RagChunk::text).toList());
        for (DocumentChunk chunk : chunks) {
            assertThat(DOC.substring(chunk.start(), chunk.end())).isEqualTo(chunk.text());
            assertThat(chunk.paragraphIds()).containsExactly(chunk.id());
            assertThat(chunk.documentId()).isEqualTo("kettle");
        }
        assertThat(chunks.get(1).text()).startsWith("## Cleaning\nDescale").endsWith("bleach.");
    }

    @Test
    void sentencesEndAtParagraphsAndHeadingsAreSentencesOfTheirOwn() {
        List<String> sentences = Chunker.sentences(DOC).stream()
                .map(span -> DOC.substring(span.start(), span.end()))
                .toList();

        assertThat(sentences)
                .containsExactly(
                        "# Kettle guide",
                        "The kettle boils water.",
                        "It switches off by itself.",
                        "## Cleaning",
                        "Descale it every month with vinegar.",
                        "Rinse it twice afterwards.",
                        "Never use bleach.",
                        "## Safety",
                        "Keep the cord away from the sink.");
    }

    @Test
    void titlesAndInitialsDoNotEndSentences() {
        String text = "Ask Dr. Ines Marlow or J. R. Smith first. Then e.g. call 555. Done.";
        assertThat(Chunker.sentences(text))
                .extracting(span -> text.substring(span.start(), span.end()))
                .containsExactly("Ask Dr. Ines Marlow or J. R. Smith first.", "Then e.g. call 555.", "Done.");
    }

    @Test
    void sentenceWindowsRespectTheTargetOverlapAndMapToParagraphs() {
        List<DocumentChunk> chunks = Chunker.chunk("kettle", DOC, ChunkingOptions.sentences(70, 30));

        assertThat(chunks).extracting(DocumentChunk::id).startsWith("kettle#s1", "kettle#s2");
        for (int i = 0; i < chunks.size(); i++) {
            DocumentChunk chunk = chunks.get(i);
            assertThat(chunk.ordinal()).isEqualTo(i + 1);
            assertThat(DOC.substring(chunk.start(), chunk.end())).isEqualTo(chunk.text());
            assertThat(chunk.text().length()).isLessThanOrEqualTo(70);
        }
        // Window 1: the title and both sentences of paragraph 1 (65 chars; the next heading would make 78); window 2
        // starts with its last
        // sentence (26 chars <= 30 of overlap) and runs into paragraph 2.
        assertThat(chunks.get(0).text())
                .isEqualTo("# Kettle guide\nThe kettle boils water. It switches off by itself.");
        assertThat(chunks.get(0).paragraphIds()).containsExactly("kettle#1");
        assertThat(chunks.get(1).text()).startsWith("It switches off by itself.\n\n## Cleaning");
        assertThat(chunks.get(1).paragraphIds()).containsExactly("kettle#1", "kettle#2");
        assertThat(chunks.get(chunks.size() - 1).text()).endsWith("Keep the cord away from the sink.");
        assertThat(chunks.get(chunks.size() - 1).paragraphIds()).endsWith("kettle#3");
    }

    @Test
    void withoutOverlapWindowsTileTheSentences() {
        List<DocumentChunk> chunks = Chunker.chunk("kettle", DOC, ChunkingOptions.sentences(60, 0));
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).start()).isGreaterThan(chunks.get(i - 1).end());
        }
    }

    @Test
    void aSentenceLongerThanTheTargetIsAWindowOfItsOwn() {
        String text = "Short one. Long " + "word ".repeat(40).strip() + ". Tail.";
        List<DocumentChunk> chunks = Chunker.chunk("long", text, ChunkingOptions.sentences(50, 20));
        assertThat(chunks)
                .extracting(DocumentChunk::text)
                .containsExactly("Short one.", "Long " + "word ".repeat(40).strip() + ".", "Tail.");
    }

    @Test
    void idsAreStableWhenTextIsAppended() {
        ChunkingOptions options = ChunkingOptions.sentences(80, 30);
        List<DocumentChunk> before = Chunker.chunk("kettle", DOC, options);
        List<DocumentChunk> again = Chunker.chunk("kettle", DOC, options);
        List<DocumentChunk> after = Chunker.chunk("kettle", DOC + "\n## Storage\nStore it dry.\n", options);

        assertThat(again).isEqualTo(before);
        // The last window may grow into the new text; every earlier one is unchanged.
        assertThat(after.subList(0, before.size() - 1)).isEqualTo(before.subList(0, before.size() - 1));
        assertThat(Chunker.chunk("kettle", DOC + "\nMore.\n", ChunkingOptions.paragraphs())
                        .subList(0, 3))
                .isEqualTo(Chunker.chunk("kettle", DOC, ChunkingOptions.paragraphs()));
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> ChunkingOptions.sentences(0, 0)).hasMessageContaining("target size");
        assertThatThrownBy(() -> ChunkingOptions.sentences(100, 100)).hasMessageContaining("overlap");
        assertThatThrownBy(() -> ChunkingOptions.sentences(100, -1)).hasMessageContaining("overlap");
    }

    @Property(tries = 200)
    void windowsCoverEverySentenceInOrderWithExactOffsets(
            @ForAll @StringLength(max = 400) String noise,
            @ForAll @IntRange(min = 1, max = 200) int target,
            @ForAll @IntRange(min = 0, max = 199) int overlapSeed) {
        String text = noise.replace('\r', '\n');
        int overlap = overlapSeed % target;
        List<DocumentChunk> chunks = Chunker.chunk("doc", text, ChunkingOptions.sentences(target, overlap));
        List<Chunker.Span> sentences = Chunker.sentences(text);

        int covered = 0;
        int previousStart = -1;
        for (DocumentChunk chunk : chunks) {
            assertThat(text.substring(chunk.start(), chunk.end())).isEqualTo(chunk.text());
            assertThat(chunk.start()).isGreaterThan(previousStart);
            assertThat(chunk.paragraphIds()).isNotEmpty();
            previousStart = chunk.start();
            for (Chunker.Span sentence : sentences) {
                if (sentence.start() >= chunk.start() && sentence.end() <= chunk.end()) {
                    covered = Math.max(covered, sentences.indexOf(sentence) + 1);
                }
            }
        }
        assertThat(covered).isEqualTo(sentences.size());
    }
}
