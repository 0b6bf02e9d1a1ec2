package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionLimitTest {

    private final AtomicLong clock = new AtomicLong();
    private final AdmissionLimit admission = new AdmissionLimit(2, Duration.ofSeconds(10), clock::get);

    @Test
    void refusesAtTheLimitAndAdmitsAgainAfterARelease() {
        var first = admission.tryAcquire().orElseThrow();
        assertThat(admission.tryAcquire()).isPresent();
        assertThat(admission.tryAcquire()).isEmpty();

        first.release();
        first.release();

        assertThat(admission.inFlight()).isEqualTo(1);
        assertThat(admission.tryAcquire()).isPresent();
        assertThat(admission.tryAcquire()).isEmpty();
    }

    @Test
    void takesBackPermitsNeverReleasedOnlyAfterTheLongestRequest() {
        assertThat(admission.tryAcquire()).isPresent();
        var late = admission.tryAcquire().orElseThrow();

        clock.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(admission.tryAcquire()).isEmpty();

        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        var reclaimed = admission.tryAcquire();
        assertThat(reclaimed).isPresent();
        assertThat(admission.inFlight()).isEqualTo(1);

        // the reclaimed permit's own late release does not free a second slot
        late.release();
        assertThat(admission.inFlight()).isEqualTo(1);
    }
}
