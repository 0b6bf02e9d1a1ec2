package org.slmcluster.runtime.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    @Test
    void readsAModelsSectionWithDefaultsAndDottedNames() {
        Map<String, ModelSpec> specs = ModelSpec.allFromConfig(ConfigFactory.parseString("""
                "qwen2.5-0.5b-q8" { engine = llama-cpp, file = "/models/q.gguf", sha256 = "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789" }
                lmstudio { engine = openai, base-url = "http://127.0.0.1:1234", api-key = secret, remote-model = "qwen2.5", request-timeout = 5s, max-retries = 1 }
                tiny { file = tiny.gguf, context-size = 512, threads = 2 }
                """));

        assertThat(specs).containsOnlyKeys("qwen2.5-0.5b-q8", "lmstudio", "tiny");
        ModelSpec qwen = specs.get("qwen2.5-0.5b-q8");
        assertThat(qwen.engine()).isEqualTo(EngineKind.LLAMA_CPP);
        assertThat(qwen.file()).isEqualTo("/models/q.gguf");
        assertThat(qwen.sha256()).isEqualTo("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
        assertThat(qwen.contextSize()).isEqualTo(2048);
        assertThat(qwen.threads()).isEqualTo(1);
        assertThat(qwen.requestTimeout()).isEqualTo(ModelSpec.DEFAULT_REQUEST_TIMEOUT);
        assertThat(qwen.maxRetries()).isEqualTo(ModelSpec.DEFAULT_MAX_RETRIES);
        assertThat(qwen.remoteModel()).isEqualTo("qwen2.5-0.5b-q8");

        ModelSpec remote = specs.get("lmstudio");
        assertThat(remote.baseUrl()).isEqualTo("http://127.0.0.1:1234");
        assertThat(remote.apiKey()).isEqualTo("secret");
        assertThat(remote.remoteModel()).isEqualTo("qwen2.5");
        assertThat(remote.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(remote.maxRetries()).isEqualTo(1);
        assertThat(remote.file()).isNull();
        assertThat(remote.toString()).contains("apiKey=***").doesNotContain("secret");

        ModelSpec tiny = specs.get("tiny");
        assertThat(tiny.engine()).isEqualTo(EngineKind.LLAMA_CPP);
        assertThat(tiny.contextSize()).isEqualTo(512);
        assertThat(tiny.threads()).isEqualTo(2);
    }

    @Test
    void aCatalogueNameStandsInForFileAndDigest() {
        Map<String, ModelSpec> specs = ModelSpec.allFromConfig(ConfigFactory.parseString("""
                stories260k {}
                story { catalogue = stories260k, threads = 1 }
                """));

        assertThat(specs.get("stories260k").file()).isEqualTo("stories260K.gguf");
        assertThat(specs.get("stories260k").sha256())
                .isEqualTo("270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d");
        assertThat(specs.get("story").file()).isEqualTo("stories260K.gguf");
        assertThatThrownBy(() -> ModelSpec.fromConfig("x", ConfigFactory.parseString("catalogue = stories26")))
                .hasMessageContaining("no catalogue entry 'stories26'")
                .hasMessageContaining("stories260k");
    }

    @Test
    void badSectionsNameTheModelAndTheProblem() {
        assertThatThrownBy(() -> ModelSpec.fromConfig("m", ConfigFactory.parseString("engine = llama-cpp")))
                .hasMessageContaining("model 'm'")
                .hasMessageContaining("needs a 'file'");
        assertThatThrownBy(() -> ModelSpec.fromConfig("m", ConfigFactory.parseString("engine = vllm, file = x")))
                .hasMessageContaining("unknown engine 'vllm'");
        assertThatThrownBy(() -> ModelSpec.fromConfig("m", ConfigFactory.parseString("engine = openai")))
                .hasMessageContaining("needs a 'base-url'");
        assertThatThrownBy(() -> ModelSpec.fromConfig("m", ConfigFactory.parseString("file = x, sha256 = abc")))
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> ModelSpec.fromConfig("m", ConfigFactory.parseString("file = x, threads = 0")))
                .hasMessageContaining("threads must be positive");
        assertThatThrownBy(() -> ModelSpec.fromConfig("m", ConfigFactory.parseString("file = x, context-size = many")))
                .hasMessageContaining("model 'm'")
                .hasMessageContaining("context-size");
        assertThatThrownBy(() -> ModelSpec.allFromConfig(ConfigFactory.parseString("m = 3")))
                .hasMessageContaining("models.m must be an object");
    }
}
