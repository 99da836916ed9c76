package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry delays, computed for the lowest and highest random draw. */
class ProviderPoliciesTest {
  private final Generator.Settings s = new Generator.Settings();

  @Test
  void retryAfterIsAFloorWithUpToTenPercentMore() {
    RateLimitedException e = new RateLimitedException("p", "429", Duration.ofMillis(2000));
    assertEquals(Duration.ofMillis(2000), ProviderPolicies.delay(e, 1, s, 0.0));
    assertEquals(Duration.ofMillis(2199), ProviderPolicies.delay(e, 1, s, 0.9999));
  }

  @Test
  void backoffDoublesWithinQuarterJitterUpToTheCap() {
    ProviderFailureException e = new ProviderFailureException("p", "503", 503, true, null);
    // defaults: first 500 ms, cap 10 s; jitter multiplies by 0.75 .. 1.25
    assertEquals(Duration.ofMillis(375), ProviderPolicies.delay(e, 1, s, 0.0));
    assertEquals(Duration.ofMillis(625), ProviderPolicies.delay(e, 1, s, 0.5 + 0.5));
    assertEquals(Duration.ofMillis(1000), ProviderPolicies.delay(e, 2, s, 0.5));
    assertEquals(Duration.ofMillis(2000), ProviderPolicies.delay(e, 3, s, 0.5));
    assertEquals(Duration.ofMillis(10000), ProviderPolicies.delay(e, 9, s, 0.5));
    // a 429 without Retry-After backs off like any other retry
    assertEquals(Duration.ofMillis(500), ProviderPolicies.delay(new RateLimitedException("p", "429", null), 1, s, 0.5));
  }
}
