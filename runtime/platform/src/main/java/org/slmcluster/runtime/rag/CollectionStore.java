package org.slmcluster.runtime.rag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slmcluster.runtime.suite.RagCollection;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.TaskDefinition;

/**
 * Named document collections under {@code <data dir>/collections/<name>/}. {@link #add} builds (or
 * reuses) a collection's index from a folder; {@link #open} reopens it, rebuilding first when its
 * documents changed since (when the folder is gone, the index is served as it is); {@link #search}
 * retrieves from it. Open indexes are cached until {@link #close}. Thread-safe.
 */
public final class CollectionStore implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final Path root;
    private final EmbeddingModel encoder;
    private final Map<String, CollectionIndex> open = new ConcurrentHashMap<>();

    public CollectionStore(Path dataDir, EmbeddingModel encoder) {
        this.root = dataDir.resolve("collections");
        this.encoder = encoder;
    }

    public Path folder(String name) {
        checkName(name);
        return root.resolve(name);
    }

    /** Builds collection {@code name} from the documents in {@code source} with the default settings. */
    public CollectionIndex add(String name, Path source) {
        return add(name, source, IndexSettings.defaults());
    }

    /**
     * Builds collection {@code name} from {@code source}; an index that is already up to date for these
     * documents and settings is reused ({@link CollectionIndex#built()} tells which happened).
     */
    public synchronized CollectionIndex add(String name, Path source, IndexSettings settings) {
        Path folder = folder(name);
        CollectionIndex previous = open.remove(name);
        if (previous != null) {
            previous.close();
        }
        CollectionIndex index = CollectionIndex.openOrBuild(name, folder, source, settings, encoder);
        open.put(name, index);
        return index;
    }

    /**
     * The collection of a suite's RAG task, named {@code suite-<suite>-<task>}, with paragraph chunks so
     * that retrieved ids are the suite's chunk ids (gold ids) and the texts those of
     * {@link org.slmcluster.runtime.suite.RagCollection}. Built on first use, reused while unchanged.
     */
    public CollectionIndex addSuiteTask(Suite suite, TaskDefinition task) {
        RagCollection collection = task.ragCollection()
                .orElseThrow(() -> new CollectionException(
                        "task " + task.id() + " of suite " + suite.name() + " has no collection (not a rag task)"));
        String name = ("suite-" + suite.name() + "-" + task.id()).replaceAll("[^A-Za-z0-9_.-]", "_");
        return add(name, collection.folder(), IndexSettings.defaults());
    }

    /** Opens a collection added before, rebuilding it if the documents in its source folder changed. */
    public synchronized CollectionIndex open(String name) {
        CollectionIndex cached = open.get(name);
        if (cached != null) {
            return cached;
        }
        Path folder = folder(name);
        Manifest manifest = Manifest.read(folder)
                .orElseThrow(() ->
                        new CollectionException("no collection named \"" + name + "\" in " + root + " (add it first)"));
        Path source = Path.of(manifest.source());
        CollectionIndex index = Files.isDirectory(source)
                ? CollectionIndex.openOrBuild(name, folder, source, manifest.settings(), encoder)
                : CollectionIndex.openExisting(folder, encoder);
        open.put(name, index);
        return index;
    }

    /**
     * Re-checks an open collection against its documents: a change since it was opened rebuilds it. Long
     * running services call this before a job rather than trusting their cache.
     */
    public synchronized CollectionIndex refresh(String name) {
        CollectionIndex cached = open.remove(name);
        if (cached != null) {
            cached.close();
        }
        return open(name);
    }

    public List<SearchHit> search(String name, String query, int k, RetrievalMode mode) {
        return open(name).search(query, k, mode);
    }

    /** The names of the collections on disk. */
    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> Files.isRegularFile(p.resolve(Manifest.FILE)))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CollectionException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new CollectionException("bad collection name \"" + name
                    + "\": letters, digits, '_', '-' and '.', starting with a letter or digit");
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(CollectionIndex::close);
        open.clear();
    }
}
