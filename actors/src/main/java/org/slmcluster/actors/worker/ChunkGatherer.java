package org.slmcluster.actors.worker;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Runs on the engine thread of one streaming generation: gathers tokens and sends them as
 * {@link ModelWorker.Chunk}s, the first token at once (time to first token is what streaming is for), later
 * ones at most every {@code interval}. {@link #flush()} sends what is left; call it before the result.
 */
final class ChunkGatherer implements Consumer<String> {

    private final String taskId;
    private final ActorRef<ModelWorker.Chunk> target;
    private final long intervalNanos;
    private final StringBuilder pending = new StringBuilder();
    private long lastSent;
    private int sequence;

    ChunkGatherer(String taskId, ActorRef<ModelWorker.Chunk> target, Duration interval) {
        this.taskId = taskId;
        this.target = target;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void accept(String token) {
        if (token == null || token.isEmpty()) {
            return;
        }
        pending.append(token);
        long now = System.nanoTime();
        if (sequence == 0 || now - lastSent >= intervalNanos) {
            send(now);
        }
    }

    void flush() {
        if (pending.length() > 0) {
            send(System.nanoTime());
        }
    }

    private void send(long now) {
        target.tell(new ModelWorker.Chunk(taskId, pending.toString(), sequence++));
        pending.setLength(0);
        lastSent = now;
    }
}
