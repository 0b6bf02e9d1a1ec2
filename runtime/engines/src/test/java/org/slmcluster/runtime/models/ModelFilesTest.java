package org.slmcluster.runtime.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    private static final String STORIES_SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";

    @TempDir
    Path temp;

    /** Surefire may set the property itself: put back whatever was there. */
    private final String savedModelPath = System.getProperty(ModelFiles.MODEL_PATH_PROPERTY);

    @AfterEach
    void restoreProperty() {
        if (savedModelPath == null) {
            System.clearProperty(ModelFiles.MODEL_PATH_PROPERTY);
        } else {
            System.setProperty(ModelFiles.MODEL_PATH_PROPERTY, savedModelPath);
        }
    }

    /** The shared test models folder, through SLM_MODEL_PATH as CI and surefire set it. */
    private static Path sharedStories() {
        return ModelFiles.configuredDirs().stream()
                .map(dir -> dir.resolve("stories260K.gguf"))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new AssertionError("SLM_MODEL_PATH must point at the test models"));
    }

    @Test
    void findsABareFileNameInTheModelPathDirectoriesInOrder() throws IOException {
        Path first = Files.createDirectories(temp.resolve("first"));
        Path second = Files.createDirectories(temp.resolve("second"));
        Files.copy(sharedStories(), second.resolve("stories260K.gguf"));
        System.setProperty(ModelFiles.MODEL_PATH_PROPERTY, first + ":" + second);

        assertThat(ModelFiles.configuredDirs()).containsExactly(first, second);
        assertThat(ModelFiles.searchPath()).startsWith(first, second).endsWith(ModelFiles.defaultDir());
        assertThat(ModelFiles.resolve(ModelSpec.llamaCpp("s", "stories260K.gguf", STORIES_SHA256)))
                .isEqualTo(second.resolve("stories260K.gguf"));

        Files.copy(sharedStories(), first.resolve("stories260K.gguf"));
        assertThat(ModelFiles.resolve(ModelSpec.llamaCpp("s", "stories260K.gguf", null)))
                .isEqualTo(first.resolve("stories260K.gguf"));
    }

    @Test
    void anAbsolutePathIsUsedAsIs() {
        Path shared = sharedStories();
        assertThat(ModelFiles.resolve(ModelSpec.llamaCpp("s", shared.toString(), STORIES_SHA256), List.of(temp)))
                .isEqualTo(shared.toAbsolutePath().normalize());
    }

    @Test
    void aMissingFileNamesTheModelAndEveryPathTried() {
        ModelSpec spec = ModelSpec.llamaCpp("qwen-test", "qwen-missing.gguf", null);
        assertThatThrownBy(() -> ModelFiles.resolve(spec, List.of(temp.resolve("a"), temp.resolve("b"))))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("model 'qwen-test'")
                .hasMessageContaining(
                        temp.resolve("a").resolve("qwen-missing.gguf").toString())
                .hasMessageContaining(
                        temp.resolve("b").resolve("qwen-missing.gguf").toString())
                .satisfies(
                        e -> assertThat(((ModelFileException) e).pathsTried()).hasSize(2));
    }

    @Test
    void aCorruptFileFailsTheSha256CheckAndTheCacheNoticesChanges() throws IOException {
        Path copy = Files.copy(sharedStories(), temp.resolve("stories260K.gguf"));
        ModelSpec spec = ModelSpec.llamaCpp("stories", "stories260K.gguf", STORIES_SHA256);
        assertThat(ModelFiles.resolve(spec, List.of(temp))).isEqualTo(copy);

        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 0x5a;
        FileTime before = Files.getLastModifiedTime(copy);
        Files.write(copy, bytes);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(before.toMillis() + 5_000));

        assertThatThrownBy(() -> ModelFiles.resolve(spec, List.of(temp)))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("model 'stories'")
                .hasMessageContaining(copy.toString())
                .hasMessageContaining("expected " + STORIES_SHA256);
    }

    @Test
    void sha256MatchesTheKnownDigest() {
        assertThat(ModelFiles.sha256(sharedStories())).isEqualTo(STORIES_SHA256);
    }
}
