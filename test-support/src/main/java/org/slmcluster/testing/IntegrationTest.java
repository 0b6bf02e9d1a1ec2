package org.slmcluster.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that starts clusters, JVMs, llama.cpp or Chromium: it runs in the integration tier
 * (failsafe, during {@code verify}), not with the fast unit tests of {@code ./mvnw test}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(IntegrationTest.TAG)
public @interface IntegrationTest {

    /** The JUnit tag the build selects the tiers by. */
    String TAG = "integration";
}
