package org.slmcluster.runtime.rag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index of one collection, on disk in its own folder: {@code index/} (chunk text for BM25,
 * stored chunk fields, and the unit-length MiniLM embeddings in an HNSW graph under dot-product
 * similarity, which equals cosine on unit vectors) and {@code manifest.json}. Opening compares the
 * documents' sha256, the settings and the encoder with the manifest and rebuilds only on a difference;
 * a rebuild reuses the old index's embeddings of unchanged chunk texts, writes a fresh index beside the
 * old one and swaps it in. Searches are thread-safe.
 */
public final class CollectionIndex implements AutoCloseable {

    static final String INDEX_FOLDER = "index";
    private static final String LOCK_FILE = "build.lock";
    private static final Map<Path, Object> JVM_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final String ID = "id";
    private static final String DOCUMENT = "document";
    private static final String ORDINAL = "ordinal";
    private static final String START = "start";
    private static final String END = "end";
    private static final String PARAGRAPH = "paragraph";
    private static final String TEXT = "text";
    private static final String VECTOR = "vector";
    /** Each retriever offers at least this many candidates to the fusion, so RRF sees beyond the top k. */
    static final int MIN_FUSION_CANDIDATES = 50;

    private static final Logger LOG = LoggerFactory.getLogger(CollectionIndex.class);

    private final Path folder;
    private final Manifest manifest;
    private final boolean built;
    private final EmbeddingModel encoder;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer;
    private final List<DocumentChunk> chunksByDoc;

    private CollectionIndex(Path folder, Manifest manifest, boolean built, EmbeddingModel encoder) {
        this.folder = folder;
        this.manifest = manifest;
        this.built = built;
        this.encoder = encoder;
        this.analyzer = manifest.analysis().newAnalyzer();
        try {
            this.directory = FSDirectory.open(folder.resolve(INDEX_FOLDER));
            this.reader = DirectoryReader.open(directory);
        } catch (IOException e) {
            throw new CollectionException("cannot open the index in " + folder + ": " + e.getMessage(), e);
        }
        this.searcher = new IndexSearcher(reader);
        searcher.setSimilarity(new BM25Similarity());
        this.chunksByDoc = loadChunks(reader);
    }

    /**
     * Opens the index in {@code folder} for the documents of {@code source}, building it first when there is
     * none or when the documents, the settings or the encoder differ from its manifest.
     */
    public static CollectionIndex openOrBuild(
            String name, Path folder, Path source, IndexSettings settings, EmbeddingModel encoder) {
        Path absoluteSource = source.toAbsolutePath().normalize();
        Map<String, String> hashes = DocumentReader.hashes(absoluteSource);
        return underBuildLock(folder, () -> {
            var existing = Manifest.read(folder)
                    .filter(m -> Files.isDirectory(folder.resolve(INDEX_FOLDER)))
                    .filter(m -> m.matches(hashes, settings, encoder.name()));
            if (existing.isPresent()) {
                return new CollectionIndex(folder, existing.get(), false, encoder);
            }
            Manifest manifest = build(name, folder, absoluteSource, settings, encoder);
            return new CollectionIndex(folder, manifest, true, encoder);
        });
    }

    /**
     * Checking, building and opening a collection hold {@code build.lock} in its folder, so that two
     * processes (or two services in one JVM) never build the same collection at once or open it mid-swap.
     */
    private static CollectionIndex underBuildLock(Path folder, java.util.function.Supplier<CollectionIndex> action) {
        Path key = folder.toAbsolutePath().normalize();
        synchronized (JVM_LOCKS.computeIfAbsent(key, k -> new Object())) {
            try {
                Files.createDirectories(folder);
                try (FileChannel channel = FileChannel.open(
                        folder.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock lock = channel.lock();
                    try {
                        return action.get();
                    } finally {
                        lock.release();
                    }
                }
            } catch (IOException e) {
                throw new CollectionException("cannot lock " + folder.resolve(LOCK_FILE) + ": " + e.getMessage(), e);
            }
        }
    }

    /** Opens a built index as it is, without looking at its documents (they may be gone). */
    public static CollectionIndex openExisting(Path folder, EmbeddingModel encoder) {
        Manifest manifest = Manifest.read(folder)
                .filter(m -> Files.isDirectory(folder.resolve(INDEX_FOLDER)))
                .orElseThrow(() -> new CollectionException("no collection index in " + folder));
        if (!manifest.encoder().equals(encoder.name())) {
            throw new CollectionException("the index in " + folder + " was built with encoder " + manifest.encoder()
                    + ", not " + encoder.name());
        }
        return new CollectionIndex(folder, manifest, false, encoder);
    }

    private static Manifest build(
            String name, Path folder, Path source, IndexSettings settings, EmbeddingModel encoder) {
        long startNanos = System.nanoTime();
        DocumentReader.Listing listing = DocumentReader.read(source);
        if (listing.documents().isEmpty()) {
            throw new CollectionException("no .txt, .md or .pdf documents in " + source);
        }
        List<DocumentChunk> chunks = new ArrayList<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        for (SourceDocument document : listing.documents()) {
            chunks.addAll(Chunker.chunk(document.id(), document.text(), settings.chunking()));
            hashes.put(document.fileName(), document.sha256());
        }
        if (chunks.isEmpty()) {
            throw new CollectionException("the documents in " + source + " hold no text");
        }
        Map<String, float[]> previous = previousVectors(folder, encoder.name());
        List<String> missing = chunks.stream()
                .map(DocumentChunk::text)
                .filter(text -> !previous.containsKey(text))
                .distinct()
                .toList();
        Map<String, float[]> embedded = new HashMap<>();
        List<float[]> fresh = missing.isEmpty() ? List.of() : encoder.embed(missing);
        for (int i = 0; i < missing.size(); i++) {
            embedded.put(missing.get(i), fresh.get(i));
        }
        List<float[]> vectors = chunks.stream()
                .map(chunk -> embedded.getOrDefault(chunk.text(), previous.get(chunk.text())))
                .toList();
        int dimension = vectors.get(0).length;
        Path staging = folder.resolve(INDEX_FOLDER + ".building");
        try {
            Files.createDirectories(folder);
            deleteRecursively(staging);
            try (Directory directory = FSDirectory.open(staging);
                    Analyzer analyzer = settings.analysis().newAnalyzer();
                    IndexWriter writer = new IndexWriter(
                            directory,
                            new IndexWriterConfig(analyzer)
                                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                                    .setSimilarity(new BM25Similarity()))) {
                for (int i = 0; i < chunks.size(); i++) {
                    writer.addDocument(toLucene(chunks.get(i), unit(vectors.get(i), dimension)));
                }
                writer.forceMerge(1);
                writer.commit();
            }
            // Without a manifest an interrupted swap is detected (and rebuilt) on the next open.
            Files.deleteIfExists(folder.resolve(Manifest.FILE));
            deleteRecursively(folder.resolve(INDEX_FOLDER));
            Files.move(staging, folder.resolve(INDEX_FOLDER));
        } catch (IOException e) {
            throw new CollectionException("cannot build the index in " + folder + ": " + e.getMessage(), e);
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        Manifest manifest = new Manifest(
                Manifest.FORMAT,
                name,
                source.toString(),
                settings.chunking(),
                settings.analysis(),
                encoder.name(),
                dimension,
                hashes,
                chunks.size(),
                missing.size(),
                Instant.now().toString(),
                millis);
        manifest.write(folder);
        LOG.info(
                "Built collection {}: {} documents, {} chunks ({}, {} embedded, the rest reused) in {} ms",
                name,
                hashes.size(),
                chunks.size(),
                settings.chunking(),
                missing.size(),
                millis);
        return manifest;
    }

    /**
     * The embeddings of the index being replaced, by chunk text, when it was built with the same encoder:
     * a rebuild after a small change embeds only the chunks whose text is new. Unreadable: none.
     */
    private static Map<String, float[]> previousVectors(Path folder, String encoderName) {
        Path index = folder.resolve(INDEX_FOLDER);
        boolean sameEncoder =
                Manifest.read(folder).map(m -> m.encoder().equals(encoderName)).orElse(false);
        Map<String, float[]> vectors = new HashMap<>();
        if (!sameEncoder || !Files.isDirectory(index)) {
            return vectors;
        }
        try (Directory directory = FSDirectory.open(index);
                DirectoryReader reader = DirectoryReader.open(directory)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
                if (values == null) {
                    continue;
                }
                StoredFields fields = leaf.reader().storedFields();
                for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                    vectors.put(
                            fields.document(doc, java.util.Set.of(TEXT)).get(TEXT),
                            values.vectorValue().clone());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("not reusing the embeddings in {}", index, e);
            vectors.clear();
        }
        return vectors;
    }

    private static Document toLucene(DocumentChunk chunk, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField(ID, chunk.id(), Field.Store.YES));
        doc.add(new StringField(DOCUMENT, chunk.documentId(), Field.Store.YES));
        doc.add(new StoredField(ORDINAL, chunk.ordinal()));
        doc.add(new StoredField(START, chunk.start()));
        doc.add(new StoredField(END, chunk.end()));
        chunk.paragraphIds().forEach(id -> doc.add(new StoredField(PARAGRAPH, id)));
        doc.add(new TextField(TEXT, chunk.text(), Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    /** Dot product equals cosine only on unit vectors: renormalise against encoders' rounding. */
    private static float[] unit(float[] vector, int dimension) {
        if (vector.length != dimension) {
            throw new CollectionException(
                    "the encoder returned vectors of " + vector.length + " and " + dimension + " dimensions");
        }
        double norm = 0;
        for (float v : vector) {
            norm += (double) v * v;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = norm == 0 ? 0f : (float) (vector[i] / norm);
        }
        return out;
    }

    private static List<DocumentChunk> loadChunks(DirectoryReader reader) {
        try {
            StoredFields fields = reader.storedFields();
            List<DocumentChunk> chunks = new ArrayList<>(reader.maxDoc());
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                Document stored = fields.document(doc);
                chunks.add(new DocumentChunk(
                        stored.get(ID),
                        stored.get(DOCUMENT),
                        stored.getField(ORDINAL).numericValue().intValue(),
                        stored.get(TEXT),
                        stored.getField(START).numericValue().intValue(),
                        stored.getField(END).numericValue().intValue(),
                        List.of(stored.getValues(PARAGRAPH))));
            }
            return chunks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Manifest manifest() {
        return manifest;
    }

    public Path folder() {
        return folder;
    }

    /** True when this open built (or rebuilt) the index, false when the one on disk was up to date. */
    public boolean built() {
        return built;
    }

    /** Every chunk, in document and chunk order. */
    public List<DocumentChunk> chunks() {
        return chunksByDoc.stream()
                .sorted(Comparator.comparing(DocumentChunk::documentId).thenComparingInt(DocumentChunk::ordinal))
                .toList();
    }

    public List<SearchHit> search(String query, int k, RetrievalMode mode) {
        return search(query, k, mode, ReciprocalRankFusion.DEFAULT_K);
    }

    /** The top {@code k} chunks for {@code query}; fewer when the collection (or BM25's matches) run out. */
    public List<SearchHit> search(String query, int k, RetrievalMode mode, int rrfK) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("the query is empty");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
        return switch (mode) {
            case BM25 -> ranked(bm25(query, k), true);
            case VECTOR -> ranked(vector(query, k), false);
            case HYBRID -> hybrid(query, k, rrfK);
        };
    }

    private List<SearchHit> ranked(ScoreDoc[] docs, boolean bm25) {
        List<SearchHit> hits = new ArrayList<>(docs.length);
        for (int i = 0; i < docs.length; i++) {
            DocumentChunk chunk = chunksByDoc.get(docs[i].doc);
            double score = bm25 ? docs[i].score : 2.0 * docs[i].score - 1.0;
            hits.add(new SearchHit(chunk, score, bm25 ? i + 1 : 0, bm25 ? 0 : i + 1));
        }
        return hits;
    }

    private List<SearchHit> hybrid(String query, int k, int rrfK) {
        int candidates = Math.max(k, MIN_FUSION_CANDIDATES);
        ScoreDoc[] lexical = bm25(query, candidates);
        ScoreDoc[] semantic = vector(query, candidates);
        Map<Integer, Integer> lexicalRank = new HashMap<>();
        Map<Integer, Integer> semanticRank = new HashMap<>();
        for (int i = 0; i < lexical.length; i++) {
            lexicalRank.put(lexical[i].doc, i + 1);
        }
        for (int i = 0; i < semantic.length; i++) {
            semanticRank.put(semantic[i].doc, i + 1);
        }
        List<List<Integer>> rankings = List.of(
                Stream.of(lexical).map(d -> d.doc).toList(),
                Stream.of(semantic).map(d -> d.doc).toList());
        return ReciprocalRankFusion.fuse(rankings, rrfK).stream()
                .limit(k)
                .map(f -> new SearchHit(
                        chunksByDoc.get(f.item()),
                        f.score(),
                        lexicalRank.getOrDefault(f.item(), 0),
                        semanticRank.getOrDefault(f.item(), 0)))
                .toList();
    }

    private ScoreDoc[] bm25(String query, int n) {
        Query parsed;
        try {
            parsed = new QueryParser(TEXT, analyzer).parse(QueryParser.escape(query));
        } catch (ParseException e) {
            // Only stop words or punctuation: nothing for BM25 to match.
            return new ScoreDoc[0];
        }
        try {
            return searcher.search(parsed, n).scoreDocs;
        } catch (IOException e) {
            throw new CollectionException("BM25 search failed in " + folder + ": " + e.getMessage(), e);
        }
    }

    private ScoreDoc[] vector(String query, int n) {
        float[] embedding = unit(encoder.embed(query), manifest.dimension());
        try {
            return searcher.search(new KnnFloatVectorQuery(VECTOR, embedding, n), n).scoreDocs;
        } catch (IOException e) {
            throw new CollectionException("vector search failed in " + folder + ": " + e.getMessage(), e);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
            analyzer.close();
        } catch (IOException e) {
            LOG.debug("closing the index in {} failed", folder, e);
        }
    }
}
