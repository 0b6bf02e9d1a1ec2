package org.slmcluster.runtime.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.runtime.generation.GenerationBackend;

/**
 * Counts the submissions a job makes to the cluster; after {@code passThrough} of them, holds back the
 * results of the later ones (the work still runs on the cluster) until {@link #release()}; from then on
 * everything passes.
 */
final class CountingBackend implements GenerationBackend {

    private final GenerationBackend cluster;
    private final int passThrough;
    private final AtomicInteger submits = new AtomicInteger();
    private final List<CompletableFuture<Void>> gates = new ArrayList<>();
    private volatile boolean released;

    CountingBackend(GenerationBackend cluster, int passThrough) {
        this.cluster = cluster;
        this.passThrough = passThrough;
    }

    CountingBackend(GenerationBackend cluster) {
        this(cluster, Integer.MAX_VALUE);
    }

    @Override
    public CompletionStage<TaskResult> submit(
            String taskId, String model, GenerationRequest request, Duration deadline) {
        int number = submits.incrementAndGet();
        CompletionStage<TaskResult> result = cluster.submit(taskId, model, request, deadline);
        if (number <= passThrough || released) {
            return result;
        }
        CompletableFuture<Void> gate = new CompletableFuture<>();
        synchronized (gates) {
            gates.add(gate);
        }
        return result.thenCombine(gate, (answer, ignored) -> answer);
    }

    int submits() {
        return submits.get();
    }

    int held() {
        synchronized (gates) {
            return gates.size();
        }
    }

    void release() {
        released = true;
        synchronized (gates) {
            gates.forEach(gate -> gate.complete(null));
        }
    }
}
