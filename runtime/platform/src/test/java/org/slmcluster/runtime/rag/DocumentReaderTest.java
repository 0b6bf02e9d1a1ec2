package org.slmcluster.runtime.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.digest.Sha256;

class DocumentReaderTest {

    @TempDir
    Path folder;

    @Test
    void readsTextMarkdownAndPdfAndSkipsTheRest() throws Exception {
        Files.writeString(
                folder.resolve("notes.txt"), "Plain line one.\r\nPlain line two.\r\n\r\nSecond paragraph.\r\n");
        Files.writeString(folder.resolve("guide.md"), "# Guide\nUse the **blue** door.\n");
        TestPdfs.write(
                folder.resolve("manual.pdf"),
                List.of(
                        List.of("The pump runs at 40 litres per minute.", "It must be primed before use."),
                        List.of("Replace the filter every six months.")));
        Files.writeString(folder.resolve("image.png"), "not a document");
        Files.writeString(folder.resolve(".hidden.md"), "ignored");
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("sub/nested.md"), "ignored");

        DocumentReader.Listing listing = DocumentReader.read(folder);

        assertThat(listing.documents()).extracting(SourceDocument::id).containsExactly("guide", "manual", "notes");
        assertThat(listing.documents())
                .extracting(SourceDocument::type)
                .containsExactly(DocumentType.MARKDOWN, DocumentType.PDF, DocumentType.TEXT);
        assertThat(listing.skipped()).containsExactly("image.png");
        SourceDocument notes = listing.documents().get(2);
        assertThat(notes.text()).isEqualTo("Plain line one.\nPlain line two.\n\nSecond paragraph.\n");
        assertThat(notes.sha256()).hasSize(64).isEqualTo(Sha256.hex(Files.readAllBytes(folder.resolve("notes.txt"))));

        SourceDocument pdf = listing.documents().get(1);
        List<DocumentChunk> paragraphs = Chunker.chunk(pdf.id(), pdf.text(), ChunkingOptions.paragraphs());
        assertThat(paragraphs)
                .extracting(DocumentChunk::text)
                .containsExactly(
                        "The pump runs at 40 litres per minute.\nIt must be primed before use.",
                        "Replace the filter every six months.");
    }

    @Test
    void hashesCoverTheIngestibleFiles() throws Exception {
        Files.writeString(folder.resolve("a.md"), "alpha");
        Files.writeString(folder.resolve("b.bin"), "beta");
        assertThat(DocumentReader.hashes(folder)).containsOnlyKeys("a.md");
    }

    @Test
    void twoFilesWithTheSameIdAreAnError() throws Exception {
        Files.writeString(folder.resolve("same.md"), "one");
        Files.writeString(folder.resolve("same.txt"), "two");
        assertThatThrownBy(() -> DocumentReader.read(folder))
                .isInstanceOf(CollectionException.class)
                .hasMessageContaining("document id \"same\"");
    }

    @Test
    void invalidUtf8AndBrokenPdfsAreNamed() throws Exception {
        Files.write(folder.resolve("latin1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> DocumentReader.read(folder)).hasMessageContaining("latin1.txt is not valid UTF-8");
        Files.delete(folder.resolve("latin1.txt"));
        Files.writeString(folder.resolve("broken.pdf"), "%PDF-1.7 nothing else");
        assertThatThrownBy(() -> DocumentReader.read(folder))
                .hasMessageContaining("cannot read PDF")
                .hasMessageContaining("broken.pdf");
    }

    @Test
    void aMissingFolderIsNamed() {
        assertThatThrownBy(() -> DocumentReader.read(folder.resolve("nope")))
                .hasMessageContaining("document folder not found");
    }
}
