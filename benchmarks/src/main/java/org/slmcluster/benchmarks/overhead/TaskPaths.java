package org.slmcluster.benchmarks.overhead;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slmcluster.actors.dispatch.StreamingTask;
import org.slmcluster.actors.dispatch.TaskDispatcher;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.actors.worker.ModelWorker;

/** The ways one generation can be run, each timed from the caller's side. */
final class TaskPaths {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** The prompts every path runs, in the same order (TinyStories openings: stories260K is not instruction-tuned). */
    static final List<String> PROMPTS = List.of(
            "Once upon a time, there was a little girl named Lily.",
            "One day, a small dog found a big red ball in the park.",
            "Tom and his mom went to the store to buy some apples.",
            "There was a happy bird who liked to sing every morning.",
            "Sam had a toy car. He played with it every day.",
            "The sun was shining and the flowers were pretty.",
            "Mia wanted to bake a cake for her friend.",
            "A little boat sailed on the blue sea.");

    private TaskPaths() {}

    static GenerationRequest request(int index, int maxTokens) {
        return GenerationRequest.completion(
                PROMPTS.get(index % PROMPTS.size()), new GenerationParameters(maxTokens, 0.0, 1.0, 42L, List.of()));
    }

    static Path model(Path modelsDir) {
        Path file = modelsDir.resolve("stories260K.gguf").toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + file + " not found: set SLM_MODEL_PATH (or "
                    + "-Dslm.model.path) to the folder holding stories260K.gguf");
        }
        return file;
    }

    /** What one timed run produced; {@code firstTokenNanos} is 0 on paths that do not stream. */
    record Outcome(long nanos, String text, int hops, long firstTokenNanos) {

        Outcome(long nanos, String text, int hops) {
            this(nanos, text, hops, 0L);
        }
    }

    interface Path0 {
        Outcome run(GenerationRequest request) throws Exception;
    }

    static Path0 engine(InferenceEngine engine) {
        return request -> {
            long start = System.nanoTime();
            GenerationResult result = engine.generate(request);
            return new Outcome(System.nanoTime() - start, result.text(), 0);
        };
    }

    /** The engine's own streaming call: time to its first token and to the end. */
    static Path0 engineStreaming(InferenceEngine engine) {
        return request -> {
            long start = System.nanoTime();
            long[] first = {0L};
            GenerationResult result = engine.stream(request, token -> {
                if (first[0] == 0L) {
                    first[0] = System.nanoTime() - start;
                }
            });
            return new Outcome(System.nanoTime() - start, result.text(), 0, first[0]);
        };
    }

    /**
     * A streaming task through the coordinator's dispatcher: time to the first {@link TaskProgress} (the first
     * token, routed back over the same hops as the result) and to the result.
     */
    static Path0 dispatcherStreaming(
            ActorSystem<?> system, ActorRef<TaskDispatcher.Command> dispatcher, String model, int expectedHops) {
        return request -> {
            AtomicLong first = new AtomicLong();
            long start = System.nanoTime();
            CompletableFuture<TaskResult> done = StreamingTask.submit(
                            system,
                            dispatcher,
                            UUID.randomUUID().toString(),
                            model,
                            request,
                            TIMEOUT,
                            text -> first.compareAndSet(0L, System.nanoTime() - start))
                    .toCompletableFuture();
            TaskResult result = done.get(TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            long nanos = System.nanoTime() - start;
            if (!(result instanceof TaskResult.Completed completed)) {
                throw new IllegalStateException("streamed task on " + model + " failed: " + result);
            }
            if (completed.hops() != expectedHops) {
                throw new IllegalStateException(
                        "streamed task on " + model + " took " + completed.hops() + " hops, expected " + expectedHops);
            }
            return new Outcome(nanos, completed.result().text(), completed.hops(), first.get());
        };
    }

    /** Straight to a model worker actor on the caller's member (no router, no dispatcher). */
    static Path0 worker(ActorSystem<?> system, ActorRef<ModelWorker.Command> worker) {
        return request -> {
            long start = System.nanoTime();
            ModelWorker.Reply reply = AskPattern.<ModelWorker.Command, ModelWorker.Reply>ask(
                            worker,
                            replyTo -> new ModelWorker.Generate(
                                    UUID.randomUUID().toString(),
                                    request,
                                    System.currentTimeMillis() + TIMEOUT.toMillis(),
                                    replyTo),
                            TIMEOUT,
                            system.scheduler())
                    .toCompletableFuture()
                    .get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            long nanos = System.nanoTime() - start;
            if (reply instanceof ModelWorker.Generated generated) {
                return new Outcome(nanos, generated.result().text(), 0);
            }
            throw new IllegalStateException("worker rejected the request: " + reply);
        };
    }

    /** Through the coordinator's dispatcher: choice of host, router hops there and back. */
    static Path0 dispatcher(
            ActorSystem<?> system, ActorRef<TaskDispatcher.Command> dispatcher, String model, int expectedHops) {
        return request -> {
            long start = System.nanoTime();
            TaskResult result = AskPattern.<TaskDispatcher.Command, TaskResult>ask(
                            dispatcher,
                            replyTo -> TaskDispatcher.Submit.within(
                                    UUID.randomUUID().toString(), model, request, TIMEOUT, replyTo),
                            TIMEOUT.plusSeconds(5),
                            system.scheduler())
                    .toCompletableFuture()
                    .get(TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            long nanos = System.nanoTime() - start;
            if (!(result instanceof TaskResult.Completed completed)) {
                throw new IllegalStateException("task on " + model + " failed: " + result);
            }
            if (completed.hops() != expectedHops) {
                throw new IllegalStateException("task on " + model + " took " + completed.hops() + " hops "
                        + completed.requestTrace() + ", expected " + expectedHops);
            }
            return new Outcome(nanos, completed.result().text(), completed.hops());
        };
    }
}
