package org.slmcluster.runtime.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionStoreTest {

    @TempDir
    Path temp;

    Path docs;
    final HashingEncoder encoder = new HashingEncoder();

    @BeforeEach
    void documents() throws Exception {
        docs = Files.createDirectories(temp.resolve("docs"));
        Files.writeString(docs.resolve("boats.md"), """
                # Boats
                The sailing dinghy is launched from the north slipway.

                Life jackets hang in the boathouse.
                """);
        TestPdfs.write(
                docs.resolve("bikes.pdf"),
                List.of(
                        List.of("Bicycle tyres are pumped to four bar."),
                        List.of("The repair stand is in the garage.")));
    }

    private CollectionStore collections() {
        return new CollectionStore(temp.resolve("data"), HashingEncoder.model(encoder));
    }

    @Test
    void addStoresACollectionThatANewServiceOpensAndSearches() {
        try (CollectionStore first = collections()) {
            CollectionIndex index = first.add("hobbies", docs);
            assertThat(index.built()).isTrue();
            assertThat(index.folder()).isEqualTo(temp.resolve("data/collections/hobbies"));
            assertThat(index.chunks())
                    .extracting(DocumentChunk::id)
                    .containsExactly("bikes#1", "bikes#2", "boats#1", "boats#2");
        }
        int embedded = encoder.embeddedTexts.get();
        try (CollectionStore second = collections()) {
            assertThat(second.names()).containsExactly("hobbies");
            List<SearchHit> hits = second.search("hobbies", "where is the repair stand", 2, RetrievalMode.HYBRID);
            assertThat(hits.get(0).id()).isEqualTo("bikes#2");
            assertThat(hits.get(0).chunk().text()).isEqualTo("The repair stand is in the garage.");
            assertThat(second.open("hobbies").built()).isFalse();
        }
        // One query embedding, no chunk re-embedded.
        assertThat(encoder.embeddedTexts.get()).isEqualTo(embedded + 1);
    }

    @Test
    void openRebuildsWhenTheSourceChangedAndServesTheIndexWhenTheSourceIsGone() throws Exception {
        try (CollectionStore service = collections()) {
            service.add("hobbies", docs);
        }
        Files.writeString(docs.resolve("boats.md"), "# Boats\nThe kayak rack is by the gate.\n");
        try (CollectionStore service = collections()) {
            CollectionIndex reopened = service.open("hobbies");
            assertThat(reopened.built()).isTrue();
            assertThat(service.search("hobbies", "kayak rack", 1, RetrievalMode.BM25))
                    .extracting(SearchHit::id)
                    .containsExactly("boats#1");
        }
        Files.delete(docs.resolve("boats.md"));
        Files.delete(docs.resolve("bikes.pdf"));
        Files.delete(docs);
        try (CollectionStore service = collections()) {
            CollectionIndex stale = service.open("hobbies");
            assertThat(stale.built()).isFalse();
            assertThat(service.search("hobbies", "kayak rack", 1, RetrievalMode.BM25))
                    .hasSize(1);
        }
    }

    @Test
    void refreshPicksUpChangesOfAnOpenCollection() throws Exception {
        try (CollectionStore service = collections()) {
            service.add("hobbies", docs);
            assertThat(service.refresh("hobbies").built()).isFalse();
            Files.writeString(docs.resolve("kites.txt"), "Kites are flown on the east meadow.");
            assertThat(service.open("hobbies").chunks()).hasSize(4);
            CollectionIndex refreshed = service.refresh("hobbies");
            assertThat(refreshed.built()).isTrue();
            assertThat(refreshed.chunks()).extracting(DocumentChunk::id).contains("kites#1");
        }
    }

    @Test
    void unknownOrBadNamesAreClearErrors() {
        try (CollectionStore service = collections()) {
            assertThat(service.names()).isEmpty();
            assertThatThrownBy(() -> service.open("missing"))
                    .isInstanceOf(CollectionException.class)
                    .hasMessageContaining("no collection named \"missing\"");
            assertThatThrownBy(() -> service.add("../escape", docs)).hasMessageContaining("bad collection name");
            assertThatThrownBy(() -> service.add("x", temp.resolve("absent")))
                    .hasMessageContaining("document folder not found");
        }
    }
}
