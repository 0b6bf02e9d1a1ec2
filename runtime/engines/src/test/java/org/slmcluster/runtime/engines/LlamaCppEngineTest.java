package org.slmcluster.runtime.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.testing.IntegrationTest;

@IntegrationTest
class LlamaCppEngineTest {

    private static final GenerationParameters GREEDY = new GenerationParameters(30, 0.0, 1.0, 42L, List.of());

    /** Loaded once: loading is slow and every load/close leaks native memory. */
    private static LlamaCppEngine stories;

    @BeforeAll
    static void loadModel() throws EngineException {
        stories = (LlamaCppEngine) Engines.create(TestModels.stories());
        stories.load();
    }

    @AfterAll
    static void closeModel() {
        if (stories != null) {
            stories.close();
        }
    }

    private static GenerationResult complete(String prompt, GenerationParameters parameters) throws EngineException {
        return stories.generate(GenerationRequest.completion(prompt, parameters));
    }

    @Test
    void greedyGenerationContinuesAStoryAndIsDeterministic() throws EngineException {
        GenerationResult first = complete("Once upon a time", GREEDY);
        GenerationResult second = complete("Once upon a time", GREEDY);

        assertThat(first.text()).startsWith(", there was a little").contains("named");
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(first.promptTokens())
                .isEqualTo(stories.countTokens("Once upon a time"))
                .isPositive();
        assertThat(first.outputTokens()).isEqualTo(30);
        assertThat(first.finishReason()).isEqualTo("length");
        assertThat(first.latencyNanos()).isPositive();
    }

    @Test
    void samplingWithTheSameSeedRepeatsAndAnotherSeedDiffers() throws EngineException {
        GenerationParameters sampled = new GenerationParameters(40, 1.0, 0.95, 7L, List.of());
        GenerationResult a = complete("Once upon a time", sampled);
        GenerationResult b = complete("Once upon a time", sampled);
        List<String> others = new ArrayList<>();
        for (long seed = 8; seed < 12; seed++) {
            others.add(complete("Once upon a time", sampled.withSeed(seed)).text());
        }

        assertThat(b.text()).isEqualTo(a.text());
        assertThat(others).anySatisfy(text -> assertThat(text).isNotEqualTo(a.text()));
    }

    @Test
    void maxTokensEndsWithFinishReasonLength() throws EngineException {
        GenerationResult result = complete("Once upon a time", GREEDY.withMaxTokens(5));

        assertThat(result.outputTokens()).isEqualTo(5);
        assertThat(result.finishReason()).isEqualTo("length");
        assertThat(complete("Once upon a time", GREEDY).text()).startsWith(result.text());
    }

    @Test
    void stopStringEndsGenerationAndIsNotIncluded() throws EngineException {
        String full = complete("Once upon a time", GREEDY).text();
        assertThat(full).contains("Lily");

        GenerationResult stopped = complete(
                "Once upon a time", new GenerationParameters(30, 0.0, 1.0, 42L, List.of("Lily", "never appears")));

        assertThat(stopped.text()).isEqualTo(full.substring(0, full.indexOf("Lily")));
        assertThat(stopped.finishReason()).isEqualTo("stop");
        assertThat(stopped.outputTokens()).isLessThan(30);
        // The engine is usable again after a generation cut short by a stop string.
        assertThat(complete("Once upon a time", GREEDY).text()).isEqualTo(full);
    }

    @Test
    void streamingYieldsTheSameTextAsGenerate() throws EngineException {
        for (GenerationParameters parameters :
                List.of(GREEDY, new GenerationParameters(30, 0.0, 1.0, 42L, List.of("named L")))) {
            GenerationResult whole = complete("Once upon a time", parameters);
            List<String> pieces = new ArrayList<>();
            GenerationResult streamed =
                    stories.stream(GenerationRequest.completion("Once upon a time", parameters), pieces::add);

            assertThat(pieces.size()).isGreaterThan(3);
            assertThat(String.join("", pieces)).isEqualTo(whole.text()).isEqualTo(streamed.text());
            assertThat(streamed.outputTokens()).isEqualTo(whole.outputTokens());
            assertThat(streamed.finishReason()).isEqualTo(whole.finishReason());
        }
    }

    @Test
    void chatMessagesAreRenderedWithChatMlWhenTheModelHasNoTemplate() throws EngineException {
        List<ChatMessage> messages =
                List.of(ChatMessage.system("You tell stories."), ChatMessage.user("Tell me a story."));
        String prompt = stories.render(messages);

        assertThat(prompt)
                .isEqualTo("<|im_start|>system\nYou tell stories.<|im_end|>\n"
                        + "<|im_start|>user\nTell me a story.<|im_end|>\n<|im_start|>assistant\n");
        assertThat(LlamaCppEngine.chatMl(messages)).isEqualTo(prompt);
        GenerationResult chat = stories.generate(GenerationRequest.chat(messages, GREEDY));
        GenerationResult raw = complete(prompt, GREEDY);
        assertThat(chat.text()).isEqualTo(raw.text());
        assertThat(chat.promptTokens()).isEqualTo(raw.promptTokens()).isGreaterThan(10);
    }

    @Test
    void promptLongerThanTheContextIsAClearError() {
        String longPrompt = "Once upon a time there was a little girl. ".repeat(400);

        assertThatThrownBy(() -> complete(longPrompt, GREEDY))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("stories260K")
                .hasMessageContaining("does not fit the context of 2048 tokens")
                .satisfies(e -> assertThat(((EngineException) e).retryable()).isFalse());
    }

    @Test
    void concurrentGenerationsAreSerializedAndUnaffectedByEachOther() throws Exception {
        String expectedStory = complete("Once upon a time", GREEDY).text();
        String expectedOther = complete("The cat", GREEDY).text();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> stories4 = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String prompt = i % 2 == 0 ? "Once upon a time" : "The cat";
                Callable<String> call = () -> complete(prompt, GREEDY).text();
                stories4.add(pool.submit(call));
            }
            for (int i = 0; i < stories4.size(); i++) {
                assertThat(stories4.get(i).get()).isEqualTo(i % 2 == 0 ? expectedStory : expectedOther);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInterruptedOrAbortedGenerationStopsAndLeavesTheEngineUsable() throws EngineException {
        String expected = complete("Once upon a time", GREEDY).text();
        GenerationRequest request = GenerationRequest.completion("Once upon a time", GREEDY);

        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> stories.stream(request, piece -> {
                    seen.add(piece);
                    if (seen.size() == 3) {
                        Thread.currentThread().interrupt();
                    }
                }))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("interrupted");
        assertThat(Thread.interrupted()).isTrue();
        assertThat(seen).hasSize(3);

        assertThatThrownBy(() -> stories.stream(request, piece -> {
                    throw new IllegalStateException("client went away");
                }))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("client went away");

        assertThat(complete("Once upon a time", GREEDY).text()).isEqualTo(expected);
    }

    @Test
    void describeNamesTheResolvedFile() {
        assertThat(stories.describe().engine()).isEqualTo("llama-cpp");
        assertThat(stories.describe().model()).isEqualTo("stories260K");
        assertThat(stories.describe().location()).endsWith("stories260K.gguf").startsWith("/");
        assertThat(stories.describe().sha256()).isEqualTo(TestModels.STORIES_SHA256);
        assertThat(stories.describe().contextSize()).isEqualTo(2048);
    }

    @Test
    void theSecondTestModelLoadsAndGenerates() throws EngineException {
        try (InferenceEngine tiny = Engines.create(TestModels.tinyRandom().withContextSize(256))) {
            tiny.load();
            GenerationResult result = tiny.generate(GenerationRequest.completion("Hello", GREEDY.withMaxTokens(8)));

            assertThat(result.outputTokens()).isBetween(1, 8);
            assertThat(result.promptTokens()).isPositive();
            assertThat(tiny.describe().location()).endsWith("llama-2-tiny-random.gguf");
        }
    }

    @Test
    void generatingWithoutLoadingOrWithAMissingFileFailsClearly() {
        InferenceEngine notLoaded = new LlamaCppEngine(TestModels.stories());
        assertThatThrownBy(() -> notLoaded.generate(GenerationRequest.completion("x", GREEDY)))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("stories260K")
                .hasMessageContaining("not loaded");

        InferenceEngine missing = new LlamaCppEngine(ModelSpec.llamaCpp("ghost", "no-such-model.gguf", null));
        assertThatThrownBy(missing::load)
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("ghost")
                .hasMessageContaining("no-such-model.gguf");
    }
}
