package org.slmcluster.runtime.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The coordinator's model store under {@code <data dir>/store}: files content-addressed by sha256 in
 * {@code blobs/<digest>} (the directory the coordinator's management port serves to its tree children) and one
 * JSON file of metadata per version in {@code models/<name>@<version>.json}. Thread-safe.
 */
public final class ModelStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] GGUF_MAGIC = {'G', 'G', 'U', 'F'};
    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private final Path blobs;
    private final Path models;

    public ModelStore(Path dataDir) {
        Path store = dataDir.resolve("store");
        this.blobs = store.resolve("blobs");
        this.models = store.resolve("models");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(models);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the model store under " + store + ": " + e.getMessage(), e);
        }
    }

    /** Where the files are, named by their sha256. */
    public Path blobs() {
        return blobs;
    }

    /** The directory of blobs below a member's data directory (the same layout on every member). */
    public static Path blobsOf(Path dataDir) {
        return dataDir.resolve("store").resolve("blobs");
    }

    /**
     * Copies {@code file} into the store (streamed, hashed on the way, moved into place atomically) and records
     * its metadata.
     *
     * @param version the version's name, or null for the first 12 characters of the digest
     * @throws LifecycleException when the name or file is unusable or the version exists already
     */
    public synchronized StoredModel add(
            Path file, String name, String version, String licence, int contextSize, String chatTemplate) {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw LifecycleException.badRequest("model name '" + name
                    + "' is not usable: letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        if (version != null && !version.matches(NAME_PATTERN)) {
            throw LifecycleException.badRequest("version '" + version
                    + "' is not usable: letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        if (contextSize < 16) {
            throw LifecycleException.badRequest("context size must be at least 16, got " + contextSize);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw LifecycleException.badRequest("no readable file at " + file);
        }
        Path partial = blobs.resolve(".adding-" + System.nanoTime());
        try {
            MessageDigest digest = Sha256.newDigest();
            long size = 0;
            byte[] head = new byte[4];
            int headLength = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = Files.newInputStream(file);
                    OutputStream out = Files.newOutputStream(partial)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    while (headLength < head.length && headLength < size + n) {
                        head[headLength] = buffer[(int) (headLength - size)];
                        headLength++;
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
            if (headLength < head.length || !java.util.Arrays.equals(head, GGUF_MAGIC)) {
                throw LifecycleException.badRequest(file + " is not a GGUF model file (it does not start with 'GGUF')");
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            String versionName = version == null ? sha.substring(0, 12) : version;
            Path entry = models.resolve(name + "@" + versionName + ".json");
            if (Files.exists(entry)) {
                throw LifecycleException.conflict("the store already holds " + name + "@" + versionName);
            }
            moveAtomically(partial, blobs.resolve(sha));
            StoredModel stored = new StoredModel(
                    name,
                    versionName,
                    sha,
                    size,
                    "gguf",
                    licence,
                    contextSize,
                    chatTemplate,
                    Instant.now().toString());
            Path entryPartial = models.resolve(".adding-" + System.nanoTime());
            JSON.writerWithDefaultPrettyPrinter().writeValue(entryPartial.toFile(), stored);
            moveAtomically(entryPartial, entry);
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("adding " + file + " to the store failed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // the next add uses another temporary name; a leftover only costs disk
            }
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Every stored version, by name then time added. */
    public synchronized List<StoredModel> list() {
        List<StoredModel> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(models)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList()) {
                all.add(JSON.readValue(file.toFile(), StoredModel.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model store " + models + ": " + e.getMessage(), e);
        }
        all.sort(Comparator.comparing(StoredModel::name).thenComparing(StoredModel::addedAt));
        return all;
    }

    /** {@code name@version}, or the version of {@code name} added last when {@code version} is null. */
    public synchronized Optional<StoredModel> find(String name, String version) {
        return list().stream()
                .filter(m ->
                        m.name().equals(name) && (version == null || m.version().equals(version)))
                .reduce((first, second) -> second);
    }

    /** As {@link #find}, refusing with a clear message when the store lacks it. */
    public StoredModel require(String name, String version) {
        return find(name, version)
                .orElseThrow(() -> LifecycleException.notFound("the store holds no "
                        + (version == null ? "version of " + name : name + "@" + version) + " (add it with 'slm models"
                        + " add FILE --name " + name + (version == null ? "" : "@" + version) + "')"));
    }

    /**
     * Checks the stored file against its digest.
     *
     * @throws LifecycleException (conflict) naming the model, the file and both digests when it differs
     */
    public void verify(StoredModel model) {
        Path file = blobs.resolve(model.digest());
        String actual;
        try {
            actual = Sha256.of(file);
        } catch (NoSuchFileException e) {
            throw LifecycleException.conflict("the store file of " + model.id() + " is missing: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!actual.equals(model.digest())) {
            throw LifecycleException.conflict("the store file of " + model.id() + " fails its digest: expected sha256 "
                    + model.digest() + ", the file " + file + " has " + actual + "; add the model again");
        }
    }

    /** Removes a version's metadata, and its file when no other version shares it. */
    public synchronized StoredModel remove(String name, String version) {
        StoredModel model = require(name, version);
        try {
            Files.delete(models.resolve(model.id() + ".json"));
            boolean shared = list().stream().anyMatch(m -> m.digest().equals(model.digest()));
            if (!shared) {
                Files.deleteIfExists(blobs.resolve(model.digest()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + model.id() + " failed: " + e.getMessage(), e);
        }
        return model;
    }
}
