package org.slmcluster.runtime.http;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ResponseEntity;

/**
 * How many generation requests (tasks, chat and text completions, streamed or not) the API works on at once
 * ({@code slm.http.max-in-flight}, default {@value #DEFAULT_MAX_IN_FLIGHT}). One more is refused at once with
 * 429 and {@code Retry-After}, before its body is read: under a burst the coordinator answers every connection
 * quickly and its heap holds at most this many requests, instead of queueing without bound.
 */
final class AdmissionLimit {

    static final int DEFAULT_MAX_IN_FLIGHT = 128;
    static final String SETTING = "slm.http.max-in-flight";

    private final int limit;
    private final Duration longestRequest;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param longestRequest after this long a permit is returned even if its answer was never sent (a client that
     *                       left before its streamed answer began: the stream is never run, so never ends)
     */
    AdmissionLimit(int limit, Duration longestRequest) {
        if (limit < 1) {
            throw new IllegalArgumentException(SETTING + " must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.longestRequest = longestRequest;
    }

    static AdmissionLimit fromConfig(Config config, Duration requestTimeout) {
        int limit = config.hasPath(SETTING) ? config.getInt(SETTING) : DEFAULT_MAX_IN_FLIGHT;
        return new AdmissionLimit(limit, requestTimeout.plusSeconds(30));
    }

    int limit() {
        return limit;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** A permit, to be released exactly once; empty when {@link #limit()} requests are already in flight. */
    Optional<Permit> tryAcquire() {
        while (true) {
            int now = inFlight.get();
            if (now >= limit) {
                return Optional.empty();
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return Optional.of(new Permit());
            }
        }
    }

    ApiError refusal() {
        return new ApiError(
                429,
                "overloaded",
                "the API is at its limit of " + limit + " generation requests in flight (" + SETTING + "); retry later",
                null,
                ApiError.RETRY_AFTER_SECONDS);
    }

    /** One admitted request. */
    final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
            CompletableFuture.delayedExecutor(longestRequest.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(this::release);
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        }

        /** Released now for a whole answer; for a streamed one, when its stream ends (completed, failed or cut). */
        HttpResponse releaseAfter(HttpResponse response) {
            ResponseEntity entity = response.entity();
            if (entity.isKnownEmpty() || entity instanceof HttpEntity.Strict) {
                release();
                return response;
            }
            return response.withEntity(HttpEntities.createChunked(
                    entity.getContentType(), entity.getDataBytes().watchTermination((materialized, done) -> {
                        done.whenComplete((ignored, error) -> release());
                        return materialized;
                    })));
        }
    }
}
