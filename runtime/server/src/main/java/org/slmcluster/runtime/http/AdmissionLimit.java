package org.slmcluster.runtime.http;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
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
    private final LongSupplier nanoClock;
    private final AtomicInteger inFlight = new AtomicInteger();
    // at most `limit` entries: the permits not yet released, so that lost ones can be taken back
    private final Set<Permit> outstanding = ConcurrentHashMap.newKeySet();

    /**
     * @param longestRequest after this long a permit may be taken back even if its answer was never sent (a client
     *                       that left before its streamed answer began: the stream is never run, so never ends)
     */
    AdmissionLimit(int limit, Duration longestRequest) {
        this(limit, longestRequest, System::nanoTime);
    }

    AdmissionLimit(int limit, Duration longestRequest, LongSupplier nanoClock) {
        if (limit < 1) {
            throw new IllegalArgumentException(SETTING + " must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.longestRequest = longestRequest;
        this.nanoClock = nanoClock;
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

    /**
     * A permit, to be released exactly once; empty when {@link #limit()} requests are already in flight. Permits
     * older than the longest request are taken back only when the limit is reached: no timer per request, and
     * memory bounded by the limit whatever the request rate.
     */
    Optional<Permit> tryAcquire() {
        Optional<Permit> permit = acquireIfBelowLimit();
        if (permit.isEmpty() && reclaimLost() > 0) {
            permit = acquireIfBelowLimit();
        }
        return permit;
    }

    private Optional<Permit> acquireIfBelowLimit() {
        while (true) {
            int now = inFlight.get();
            if (now >= limit) {
                return Optional.empty();
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                Permit permit = new Permit(nanoClock.getAsLong());
                outstanding.add(permit);
                return Optional.of(permit);
            }
        }
    }

    private int reclaimLost() {
        long now = nanoClock.getAsLong();
        int reclaimed = 0;
        for (Permit permit : outstanding) {
            if (now - permit.acquiredNanos >= longestRequest.toNanos() && permit.releaseOnce()) {
                reclaimed++;
            }
        }
        return reclaimed;
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
        private final long acquiredNanos;

        private Permit(long acquiredNanos) {
            this.acquiredNanos = acquiredNanos;
        }

        void release() {
            releaseOnce();
        }

        private boolean releaseOnce() {
            if (!released.compareAndSet(false, true)) {
                return false;
            }
            outstanding.remove(this);
            inFlight.decrementAndGet();
            return true;
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
