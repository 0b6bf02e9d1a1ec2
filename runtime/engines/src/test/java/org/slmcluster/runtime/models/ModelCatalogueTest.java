package org.slmcluster.runtime.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelCatalogueTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(ModelCatalogue.URL_BASE_PROPERTY);
    }

    @Test
    void shipsTheStudyModelsInTwoQuantizationsAndTheTestModels() {
        ModelCatalogue catalogue = ModelCatalogue.builtIn();
        List<String> families = List.of(
                "gemma-2-2b-it",
                "qwen2.5-1.5b",
                "qwen2.5-0.5b",
                "llama-3.2-1b",
                "smollm2-1.7b",
                "smollm2-360m",
                "phi-3.5-mini");
        for (String family : families) {
            CatalogueEntry q4 = catalogue.find(family + "-q4").orElseThrow();
            CatalogueEntry q8 = catalogue.find(family + "-q8").orElseThrow();
            assertThat(q4.quantization()).isEqualTo("Q4_K_M");
            assertThat(q8.quantization()).isEqualTo("Q8_0");
            for (CatalogueEntry entry : List.of(q4, q8)) {
                assertThat(entry.url())
                        .startsWith("https://huggingface.co/" + entry.repository() + "/resolve/main/")
                        .endsWith("/" + entry.file());
                assertThat(entry.file()).endsWithIgnoringCase(entry.quantization() + ".gguf");
                assertThat(entry.licence()).isNotBlank().isNotEqualTo("?");
                assertThat(entry.parameters()).matches("[0-9.]+[MB]");
            }
        }
        assertThat(catalogue.entries()).hasSize(16);
        CatalogueEntry stories = catalogue.find("stories260k").orElseThrow();
        assertThat(stories.sha256()).isEqualTo("270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d");
        assertThat(stories.size()).isEqualTo(1_185_376L);
        assertThat(catalogue.find("llama-2-tiny-random").orElseThrow().size()).isEqualTo(1_750_560L);
        assertThat(catalogue.findByFile("stories260K.gguf")).contains(stories);
        assertThat(stories.toSpec().file()).isEqualTo("stories260K.gguf");
    }

    @Test
    void theDownloadBaseCanBeOverridden() {
        CatalogueEntry stories = ModelCatalogue.builtIn().find("stories260k").orElseThrow();
        assertThat(ModelCatalogue.downloadUrl(stories)).isEqualTo(stories.url());
        System.setProperty(ModelCatalogue.URL_BASE_PROPERTY, "http://127.0.0.1:9/mirror");
        assertThat(ModelCatalogue.downloadUrl(stories)).isEqualTo("http://127.0.0.1:9/mirror/stories260K.gguf");
    }

    @Test
    void suggestsSimilarNames() {
        ModelCatalogue catalogue = ModelCatalogue.builtIn();
        assertThat(catalogue.similarNames("qwen2.5-0.5b")).contains("qwen2.5-0.5b-q4", "qwen2.5-0.5b-q8");
        assertThat(catalogue.similarNames("storis260k")).containsExactly("stories260k");
        assertThat(catalogue.similarNames("phi-3.5-mini-q5").get(0)).startsWith("phi-3.5-mini-q");
        assertThat(catalogue.similarNames("zzzzzzzzzzzz")).isEmpty();
        assertThat(ModelCatalogue.distance("kitten", "sitting")).isEqualTo(3);
    }
}
