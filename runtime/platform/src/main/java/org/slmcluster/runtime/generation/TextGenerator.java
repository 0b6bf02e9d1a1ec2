package org.slmcluster.runtime.generation;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;

/**
 * Where RAG answers and judge verdicts are generated: a local {@link InferenceEngine} or a named model
 * of the cluster (through the coordinator's dispatcher). Blocking; fails with
 * {@link GenerationFailedException} naming the cause (engine error, cluster failure, timeout).
 */
@FunctionalInterface
public interface TextGenerator {

    /** A generation and where it ran ({@code node} is empty for a local engine). */
    record Generated(GenerationResult result, String node) {}

    Generated generate(GenerationRequest request);

    /** Runs on a loaded local engine; a call taking longer than {@code timeout} is interrupted and fails. */
    static TextGenerator of(InferenceEngine engine, Duration timeout) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(timeout, "timeout");
        String model = engine.describe().model();
        return request -> {
            // One short-lived thread per call: the engine call blocks and only an interrupt stops it.
            ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "generate-" + model);
                t.setDaemon(true);
                return t;
            });
            try {
                Future<GenerationResult> call = thread.submit(() -> engine.generate(request));
                try {
                    return new Generated(call.get(timeout.toMillis(), TimeUnit.MILLISECONDS), "");
                } catch (TimeoutException e) {
                    call.cancel(true);
                    throw new GenerationFailedException("model '" + model + "' did not answer within " + timeout, e);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof EngineException engineFailure) {
                        throw new GenerationFailedException(engineFailure.getMessage(), engineFailure);
                    }
                    throw new GenerationFailedException("model '" + model + "' failed: " + cause, cause);
                } catch (InterruptedException e) {
                    call.cancel(true);
                    Thread.currentThread().interrupt();
                    throw new GenerationFailedException("interrupted while model '" + model + "' generated", e);
                }
            } finally {
                thread.shutdownNow();
            }
        };
    }

    /** Runs on whichever member hosts {@code model}, chosen by the dispatcher behind {@code backend}. */
    static TextGenerator ofCluster(GenerationBackend backend, String model, Duration deadline) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(deadline, "deadline");
        return request -> {
            String taskId = "rag-" + UUID.randomUUID();
            TaskResult result;
            try {
                // The dispatcher answers Failed at the deadline; the extra wait only guards a lost reply.
                result = backend.submit(taskId, model, request, deadline)
                        .toCompletableFuture()
                        .get(deadline.toMillis() + 10_000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new GenerationFailedException(
                        "no answer from the cluster for model '" + model + "' within " + deadline, e);
            } catch (ExecutionException | CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new GenerationFailedException("the cluster could not run model '" + model + "': " + cause, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationFailedException("interrupted while waiting for model '" + model + "'", e);
            }
            if (result instanceof TaskResult.Completed done) {
                return new Generated(done.result(), done.nodeLabel());
            }
            TaskResult.Failed failed = (TaskResult.Failed) result;
            throw new GenerationFailedException("model '" + model + "' failed in the cluster (" + failed.kind() + ", "
                    + failed.attempts() + " attempts): " + failed.reason());
        };
    }
}
