package org.slmcluster.runtime.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionIndexTest {

    @TempDir
    Path temp;

    Path docs;
    Path store;
    final HashingEncoder encoder = new HashingEncoder();

    @BeforeEach
    void documents() throws Exception {
        docs = Files.createDirectories(temp.resolve("docs"));
        store = temp.resolve("store");
        Files.writeString(docs.resolve("garden.md"), """
                # Garden
                Water the tomatoes every evening in summer.

                The compost heap is behind the shed.
                """);
        Files.writeString(docs.resolve("kitchen.txt"), """
                The dishwasher runs at night to save power.

                Knives go in the wooden block, never in the drawer.
                """);
    }

    private CollectionIndex open() {
        return CollectionIndex.openOrBuild(
                "home", store, docs, IndexSettings.defaults(), HashingEncoder.model(encoder));
    }

    @Test
    void buildsOnceAndReopensWithoutEmbeddingAgain() {
        try (CollectionIndex first = open()) {
            assertThat(first.built()).isTrue();
            assertThat(first.chunks())
                    .extracting(DocumentChunk::id)
                    .containsExactly("garden#1", "garden#2", "kitchen#1", "kitchen#2");
            assertThat(first.manifest().documents()).containsOnlyKeys("garden.md", "kitchen.txt");
            assertThat(first.manifest().chunks()).isEqualTo(4);
        }
        assertThat(encoder.embeddedTexts.get()).isEqualTo(4);
        assertThat(Files.isRegularFile(store.resolve("manifest.json"))).isTrue();

        try (CollectionIndex second = open()) {
            assertThat(second.built()).isFalse();
            assertThat(second.chunks()).hasSize(4);
            assertThat(second.search("compost heap", 1, RetrievalMode.BM25))
                    .extracting(SearchHit::id)
                    .containsExactly("garden#2");
        }
        assertThat(encoder.embeddedTexts.get()).isEqualTo(4);
    }

    @Test
    void touchingAFileDoesNotRebuildButChangingItDoes() throws Exception {
        open().close();
        Path kitchen = docs.resolve("kitchen.txt");
        Files.setLastModifiedTime(kitchen, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        try (CollectionIndex touched = open()) {
            assertThat(touched.built()).isFalse();
        }

        Files.writeString(kitchen, Files.readString(kitchen) + "\nThe kettle descaler is under the sink.\n");
        try (CollectionIndex changed = open()) {
            assertThat(changed.built()).isTrue();
            assertThat(changed.manifest().embeddedChunks()).isEqualTo(1);
            assertThat(changed.search("dishwasher at night", 1, RetrievalMode.VECTOR))
                    .extracting(SearchHit::id)
                    .containsExactly("kitchen#1");
            assertThat(changed.search("kettle descaler", 1, RetrievalMode.BM25))
                    .extracting(SearchHit::id)
                    .containsExactly("kitchen#3");
        }
        // Only the new paragraph is embedded (plus the query); the unchanged chunks keep their vectors.
        assertThat(encoder.embeddedTexts.get()).isEqualTo(4 + 1 + 1);
    }

    @Test
    void addingOrRemovingADocumentOrChangingSettingsRebuilds() throws Exception {
        open().close();
        Files.writeString(docs.resolve("attic.md"), "Winter clothes are stored in the attic.");
        try (CollectionIndex added = open()) {
            assertThat(added.built()).isTrue();
            assertThat(added.manifest().documents()).containsKey("attic.md");
        }
        Files.delete(docs.resolve("attic.md"));
        try (CollectionIndex removed = open()) {
            assertThat(removed.built()).isTrue();
            assertThat(removed.chunks()).extracting(DocumentChunk::documentId).doesNotContain("attic");
        }
        IndexSettings sentences = IndexSettings.defaults().withChunking(ChunkingOptions.sentences(60, 20));
        try (CollectionIndex rechunked =
                CollectionIndex.openOrBuild("home", store, docs, sentences, HashingEncoder.model(encoder))) {
            assertThat(rechunked.built()).isTrue();
            assertThat(rechunked.chunks()).extracting(DocumentChunk::id).allMatch(id -> id.contains("#s"));
        }
        try (CollectionIndex otherEncoder = CollectionIndex.openOrBuild(
                "home", store, docs, sentences, new EmbeddingModel("another-encoder", () -> encoder))) {
            assertThat(otherEncoder.built()).isTrue();
            // Another encoder's vectors are not comparable: everything is embedded again.
            assertThat(otherEncoder.manifest().embeddedChunks()).isEqualTo((int) otherEncoder.chunks().stream()
                    .map(DocumentChunk::text)
                    .distinct()
                    .count());
        }
    }

    @Test
    void concurrentOpensBuildOnce() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<CollectionIndex>> opens = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opens.add(pool.submit(this::open));
            }
            int builds = 0;
            for (var future : opens) {
                try (CollectionIndex index = future.get()) {
                    builds += index.built() ? 1 : 0;
                    assertThat(index.chunks()).hasSize(4);
                }
            }
            assertThat(builds).isEqualTo(1);
            assertThat(encoder.embeddedTexts.get()).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCorruptManifestRebuilds() throws Exception {
        open().close();
        Files.writeString(store.resolve("manifest.json"), "{ not json");
        try (CollectionIndex index = open()) {
            assertThat(index.built()).isTrue();
        }
    }

    @Test
    void chunksKeepTheirOffsetsThroughTheIndex() throws Exception {
        String garden = Files.readString(docs.resolve("garden.md"));
        try (CollectionIndex index = open()) {
            DocumentChunk compost = index.chunks().get(1);
            assertThat(garden.substring(compost.start(), compost.end())).isEqualTo(compost.text());
            assertThat(compost.paragraphIds()).containsExactly("garden#2");
            assertThat(compost.ordinal()).isEqualTo(2);
        }
    }

    @Test
    void theThreeModesRankTheMatchingChunkFirst() {
        try (CollectionIndex index = open()) {
            for (RetrievalMode mode : RetrievalMode.values()) {
                List<SearchHit> hits = index.search("where do the knives go", 2, mode);
                assertThat(hits).as(mode.name()).isNotEmpty();
                assertThat(hits.get(0).id()).as(mode.name()).isEqualTo("kitchen#2");
                assertThat(hits)
                        .extracting(SearchHit::score)
                        .as(mode.name())
                        .isSortedAccordingTo(java.util.Comparator.reverseOrder());
            }
            SearchHit fused = index.search("where do the knives go", 1, RetrievalMode.HYBRID)
                    .get(0);
            assertThat(fused.bm25Rank()).isEqualTo(1);
            assertThat(fused.vectorRank()).isEqualTo(1);
            assertThat(fused.score()).isEqualTo(2.0 / (60 + 1), org.assertj.core.api.Assertions.within(1e-12));
            assertThat(fused.toContextChunk().id()).isEqualTo("kitchen#2");
            // BM25 matches only chunks that share a term; vectors rank every chunk.
            assertThat(index.search("knives", 10, RetrievalMode.BM25))
                    .extracting(SearchHit::id)
                    .containsExactly("kitchen#2");
            assertThat(index.search("knives", 10, RetrievalMode.VECTOR)).hasSize(4);
            assertThat(index.search("knives", 10, RetrievalMode.HYBRID)).hasSize(4);
        }
    }

    @Test
    void stopWordOnlyQueriesFindNothingWithBm25AndBadArgumentsAreRejected() {
        try (CollectionIndex index = open()) {
            assertThat(index.search("the and of", 3, RetrievalMode.BM25)).isEmpty();
            assertThat(index.search("AND OR (\"*", 3, RetrievalMode.BM25)).isEmpty();
            assertThatThrownBy(() -> index.search("  ", 3, RetrievalMode.HYBRID))
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> index.search("x", 0, RetrievalMode.HYBRID)).hasMessageContaining("k must");
        }
    }

    @Test
    void aFolderWithoutDocumentsIsAnError() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThatThrownBy(() -> CollectionIndex.openOrBuild(
                        "x", store, empty, IndexSettings.defaults(), HashingEncoder.model(encoder)))
                .isInstanceOf(CollectionException.class)
                .hasMessageContaining("no .txt");
    }
}
