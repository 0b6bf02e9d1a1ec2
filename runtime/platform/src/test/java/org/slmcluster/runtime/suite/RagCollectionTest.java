package org.slmcluster.runtime.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RagCollectionTest {

    @Test
    void paragraphsAreNumberedFromOneAndKeepTheirHeadings() {
        String text = "# Title\nFirst line.\nSecond line.\n\n\n  \nNext paragraph.\n\nLast.";
        List<RagChunk> chunks = RagCollection.paragraphs("guide", text);
        assertThat(chunks).extracting(RagChunk::id).containsExactly("guide#1", "guide#2", "guide#3");
        assertThat(chunks)
                .extracting(RagChunk::text)
                .containsExactly("# Title\nFirst line.\nSecond line.", "Next paragraph.", "Last.");
        assertThat(chunks.get(1).start()).isEqualTo(text.indexOf("Next"));
        assertThat(chunks.get(2).end()).isEqualTo(text.length());
    }

    @Property(tries = 200)
    void chunksAreTheParagraphsAndTheirOffsetsPointAtThem(
            @ForAll("paragraphs") List<String> paragraphs, @ForAll @IntRange(min = 1, max = 3) int gap) {
        String text = "\n" + String.join("\n".repeat(gap + 1), paragraphs) + "\n";
        List<RagChunk> chunks = RagCollection.paragraphs("doc", text);
        assertThat(chunks).extracting(RagChunk::text).containsExactlyElementsOf(paragraphs);
        for (int i = 0; i < chunks.size(); i++) {
            RagChunk chunk = chunks.get(i);
            assertThat(chunk.id()).isEqualTo("doc#" + (i + 1));
            assertThat(chunk.paragraph()).isEqualTo(i + 1);
            assertThat(text.substring(chunk.start(), chunk.end()).strip()).isEqualTo(chunk.text());
        }
    }

    @Provide
    Arbitrary<List<String>> paragraphs() {
        Arbitrary<String> line = Arbitraries.strings()
                .withChars("abc XYZ.,#")
                .ofMinLength(1)
                .ofMaxLength(12)
                .filter(s -> !s.isBlank())
                .map(String::strip);
        return line.list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(lines -> String.join("\n", lines))
                .list()
                .ofMinSize(0)
                .ofMaxSize(6);
    }
}
