package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Offer;
import dev.unigen.internal.Timeouts;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.Submission;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The retry delays, computed for the lowest and highest random draw, and which submits share a
 * declared rate limit.
 */
class ProviderPoliciesTest {
  private final Generator.Settings s = new Generator.Settings();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final Timeouts timeouts = new Timeouts("test-timeouts", s.submitTimeout.toNanos());

  @AfterEach
  void stop() {
    timeouts.close();
    scheduler.shutdownNow();
  }

  private static Offer offer(String provider, String model, Offer.RateLimit limit) {
    return Offer.builder(provider, model).tasks(Task.TEXT_TO_IMAGE).endpoint(model)
        .provenance(LocalDate.of(2026, 1, 1), "https://example.com").rateLimit(limit).build();
  }

  /**
   * Submits {@code second} while {@code first}'s submit is still in flight, and returns how many
   * times the second was sent before the first ended and after.
   */
  private int[] secondSentWhileFirstInFlightAndAfter(Offer first, Offer second) throws Exception {
    ProviderPolicies policies = new ProviderPolicies(first.provider(), s, scheduler, timeouts, List.of());
    CompletableFuture<Submission> firstAnswer = new CompletableFuture<>();
    AtomicInteger secondSent = new AtomicInteger();
    CompletableFuture<Submission> one = policies.submit(first, () -> firstAnswer, new CompletableFuture<>());
    CompletableFuture<Submission> two = policies.submit(second, () -> {
      secondSent.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    }, new CompletableFuture<>());
    int before = secondSent.get();
    firstAnswer.complete(null);
    one.get(5, TimeUnit.SECONDS);
    two.get(5, TimeUnit.SECONDS);
    return new int[] {before, secondSent.get()};
  }

  @Test
  void aProviderWideLimitIsOneGateForEveryOfferOfTheProviderDeclaringIt() throws Exception {
    Offer dev = offer("bfl", "flux-dev", Offer.RateLimit.sharedByProvider(0, 1));
    Offer pro = offer("bfl", "flux-pro", Offer.RateLimit.sharedByProvider(0, 1));
    // one task at a time on the account: the second offer's submit waits for the first to end
    int[] sent = secondSentWhileFirstInFlightAndAfter(dev, pro);
    assertEquals(0, sent[0], "sent while the first was in flight");
    assertEquals(1, sent[1], "sent once the first ended");
    ProviderPolicies policies = new ProviderPolicies("bfl", s, null, null, List.of());
    assertSame(policies.gate(dev), policies.gate(pro));
    // another value is another limit, with a gate of its own
    assertNotSame(policies.gate(dev), policies.gate(offer("bfl", "flux-max", Offer.RateLimit.sharedByProvider(0, 2))));
  }

  @Test
  void anAcceptedJobHoldsItsPlaceUntilItEnds() throws Exception {
    Offer video = offer("bfl", "flux-pro", Offer.RateLimit.of(0, 1));
    ProviderPolicies policies = new ProviderPolicies("bfl", s, scheduler, timeouts, List.of());
    CompletableFuture<Void> firstJobEnded = new CompletableFuture<>();
    Submission accepted = Submission.accepted(JobRef.of("bfl", "task-1", null, null, java.util.Map.of()));
    policies.submit(video, () -> CompletableFuture.completedFuture(accepted), firstJobEnded).get(5, TimeUnit.SECONDS);
    AtomicInteger secondSent = new AtomicInteger();
    CompletableFuture<Submission> two = policies.submit(video, () -> {
      secondSent.incrementAndGet();
      return CompletableFuture.completedFuture(accepted);
    }, new CompletableFuture<>());
    // the first submit was answered, but its task still runs: the one place is taken
    assertEquals(0, secondSent.get());
    firstJobEnded.complete(null);
    two.get(5, TimeUnit.SECONDS);
    assertEquals(1, secondSent.get());
  }

  @Test
  void anOfferScopedLimitHoldsOnlyThatOffer() throws Exception {
    Offer dev = offer("bfl", "flux-dev", Offer.RateLimit.of(0, 1));
    Offer pro = offer("bfl", "flux-pro", Offer.RateLimit.of(0, 1));
    // each offer has its own one place: the second is sent while the first is still in flight
    assertEquals(1, secondSentWhileFirstInFlightAndAfter(dev, pro)[0], "sent while the first was in flight");
    ProviderPolicies policies = new ProviderPolicies("bfl", s, null, null, List.of());
    assertNotSame(policies.gate(dev), policies.gate(pro));
    assertSame(policies.gate(dev), policies.gate(dev));
    // the same values, once for the offer and once for the account, are two limits
    assertNotSame(policies.gate(dev), policies.gate(offer("bfl", "flux-dev", Offer.RateLimit.sharedByProvider(0, 1))));
    assertTrue(Offer.RateLimit.sharedByProvider(0, 1).sharedByProvider());
    assertFalse(dev.rateLimit().get().sharedByProvider());
  }

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
