package org.slmcluster.actors;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slmcluster.actors.engine.EngineDescription;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.actors.engine.InvalidRequestException;

/**
 * An engine for orchestration tests, steered by the raw prompt: {@code sleep:N ...} sleeps N ms first,
 * a prompt containing {@code died} throws an EngineCrashedException (its process died), {@code crash} throws a RuntimeException (a broken engine), {@code error} an EngineException (a failed
 * request), {@code overlong} an InvalidRequestException (a prompt over the context); otherwise it echoes the prompt, one output token per word.
 */
public final class FakeEngine implements InferenceEngine {

    public final String model;
    public final String node;
    private final Counters counters;

    /** Counts shared by all engines one test creates. */
    public static final class Counters {
        public final AtomicInteger loads = new AtomicInteger();
        public final AtomicInteger generations = new AtomicInteger();
        public final AtomicInteger running = new AtomicInteger();
        public final AtomicInteger maxRunning = new AtomicInteger();
        public final AtomicInteger closes = new AtomicInteger();
        /** Loads still to fail before one succeeds. */
        public final AtomicInteger failingLoads = new AtomicInteger();
    }

    public FakeEngine(String model, String node, Counters counters) {
        this.model = model;
        this.node = node;
        this.counters = counters;
    }

    @Override
    public void load() throws EngineException {
        counters.loads.incrementAndGet();
        if (counters.failingLoads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new EngineException("model file for " + model + " is missing", false);
        }
    }

    @Override
    public GenerationResult generate(GenerationRequest request) throws EngineException {
        counters.generations.incrementAndGet();
        int now = counters.running.incrementAndGet();
        counters.maxRunning.accumulateAndGet(now, Math::max);
        try {
            String prompt = request.isChat()
                    ? request.messages().get(request.messages().size() - 1).content()
                    : request.rawPrompt();
            if (prompt.startsWith("sleep:")) {
                int end = prompt.indexOf(' ');
                long millis = Long.parseLong(end < 0 ? prompt.substring(6) : prompt.substring(6, end));
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (prompt.contains("died")) {
                throw new org.slmcluster.actors.engine.EngineCrashedException(
                        "engine process of " + model + " was killed (SIGKILL)");
            }
            if (prompt.contains("crash")) {
                throw new IllegalStateException("engine for " + model + " crashed");
            }
            if (prompt.contains("error")) {
                throw new EngineException("bad request for " + model, false);
            }
            if (prompt.contains("overlong")) {
                throw new InvalidRequestException("prompt does not fit the context of " + model);
            }
            int words = prompt.isBlank() ? 0 : prompt.trim().split("\\s+").length;
            return new GenerationResult(node + ":" + prompt, words, words, 0L, "stop");
        } finally {
            counters.running.decrementAndGet();
        }
    }

    /**
     * Word by word: the answer {@code generate} would give, its words handed over one at a time. A prompt with
     * {@code pace:N} waits N ms before each word; the word {@code error-now} makes the generation fail with an
     * EngineException at that point, after the words before it were streamed.
     */
    @Override
    public GenerationResult stream(GenerationRequest request, Consumer<String> onToken) throws EngineException {
        String prompt = request.isChat()
                ? request.messages().get(request.messages().size() - 1).content()
                : request.rawPrompt();
        long pace = 0;
        for (String word : prompt.trim().split("\\s+")) {
            if (word.startsWith("pace:")) {
                pace = Long.parseLong(word.substring(5));
            }
        }
        counters.generations.incrementAndGet();
        String text = node + ":" + prompt;
        String[] words = text.split("(?= )");
        for (String word : words) {
            if (pace > 0) {
                try {
                    Thread.sleep(pace);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (word.trim().equals("error-now")) {
                throw new EngineException("generation of " + model + " broke off mid-answer", false);
            }
            onToken.accept(word);
        }
        int count = prompt.isBlank() ? 0 : prompt.trim().split("\\s+").length;
        return new GenerationResult(text, count, count, 0L, "stop");
    }

    @Override
    public EngineDescription describe() {
        return new EngineDescription("fake", model, "memory", null, 512);
    }

    @Override
    public void close() {
        counters.closes.incrementAndGet();
    }
}
