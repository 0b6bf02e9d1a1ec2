package org.slmcluster.runtime.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slmcluster.runtime.digest.Sha256;

/**
 * Finds a model's GGUF file and checks it. An absolute {@code file} is used as is; otherwise the file is
 * looked up in the directories of the model path ({@code -Dslm.model.path}, else env
 * {@code SLM_MODEL_PATH}; ':'-separated), then in {@code ~/.slm/models}.
 */
public final class ModelFiles {

    public static final String MODEL_PATH_PROPERTY = "slm.model.path";
    public static final String MODEL_PATH_ENV = "SLM_MODEL_PATH";

    /** Hashing a multi-GB file takes seconds on a Pi: remember digests of files that did not change. */
    private static final Map<FileKey, String> DIGESTS = new ConcurrentHashMap<>();

    private record FileKey(Path path, long size, long modifiedMillis) {}

    private ModelFiles() {}

    /** The file of {@code spec}, verified against its sha256 when one is given. */
    public static Path resolve(ModelSpec spec) {
        return resolve(spec, searchPath());
    }

    /** Like {@link #resolve(ModelSpec)} with an explicit list of directories to search. */
    public static Path resolve(ModelSpec spec, List<Path> searchDirs) {
        if (spec.file() == null) {
            throw new ModelFileException(
                    spec.name(), List.of(), "model '" + spec.name() + "' has no file (engine " + spec.engine() + ")");
        }
        List<Path> tried = candidates(spec.file(), searchDirs);
        for (Path candidate : tried) {
            if (Files.isRegularFile(candidate)) {
                Path found = candidate.toAbsolutePath().normalize();
                if (spec.sha256() != null) {
                    String actual = sha256(found);
                    if (!actual.equals(spec.sha256())) {
                        throw new ModelFileException(
                                spec.name(),
                                List.of(found),
                                "model '" + spec.name() + "': file " + found
                                        + " is corrupt or a different file: sha256 " + actual + ", expected "
                                        + spec.sha256());
                    }
                }
                return found;
            }
        }
        throw new ModelFileException(
                spec.name(),
                tried,
                "model '" + spec.name() + "': file '" + spec.file() + "' not found; tried "
                        + tried.stream().map(Path::toString).collect(Collectors.joining(", "))
                        + " (set " + MODEL_PATH_ENV + " or run 'slm models pull " + spec.name() + "')");
    }

    /** Where {@code file} is looked for, in order, without checking existence. */
    public static List<Path> candidates(String file, List<Path> searchDirs) {
        Path given = Path.of(file);
        if (given.isAbsolute()) {
            return List.of(given.normalize());
        }
        LinkedHashSet<Path> paths = new LinkedHashSet<>();
        if (given.getNameCount() > 1) {
            paths.add(given.toAbsolutePath().normalize());
        }
        for (Path dir : searchDirs) {
            paths.add(dir.resolve(given).toAbsolutePath().normalize());
        }
        return new ArrayList<>(paths);
    }

    /** The model path: the configured directories, then {@code ~/.slm/models}. */
    public static List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>(configuredDirs());
        Path home = defaultDir();
        if (!dirs.contains(home)) {
            dirs.add(home);
        }
        return dirs;
    }

    /** The directories of {@code -Dslm.model.path} or, when unset, env {@code SLM_MODEL_PATH}. */
    public static List<Path> configuredDirs() {
        String value = System.getProperty(MODEL_PATH_PROPERTY);
        // An unresolved Maven placeholder (${env.SLM_MODEL_PATH} with the variable unset) means "not set".
        if (value == null || value.isBlank() || value.contains("${")) {
            value = System.getenv(MODEL_PATH_ENV);
        }
        List<Path> dirs = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(":")) {
                if (!part.isBlank()) {
                    dirs.add(Path.of(part.trim()).toAbsolutePath().normalize());
                }
            }
        }
        return dirs;
    }

    /** {@code ~/.slm/models}: where {@code slm models pull} puts files by default. */
    public static Path defaultDir() {
        return Path.of(System.getProperty("user.home"), ".slm", "models")
                .toAbsolutePath()
                .normalize();
    }

    /** The lower-case hex sha256 of a file, cached by path, size and modification time. */
    public static String sha256(Path file) {
        try {
            Path real = file.toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            FileKey key = new FileKey(
                    real, attributes.size(), attributes.lastModifiedTime().toMillis());
            String cached = DIGESTS.get(key);
            if (cached != null) {
                return cached;
            }
            String digest = computeSha256(real);
            DIGESTS.put(key, digest);
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String computeSha256(Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return Sha256.hex(digest);
    }
}
