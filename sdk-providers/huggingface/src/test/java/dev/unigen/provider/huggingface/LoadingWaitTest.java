package dev.unigen.provider.huggingface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wait policy on its own: estimates, floor, default, budget and the cap on waits. */
class LoadingWaitTest {
  private static Optional<BigDecimal> s(String seconds) {
    return Optional.of(new BigDecimal(seconds));
  }

  @Test
  void waitsTheEstimateWithinTheBudget() {
    LoadingWait w = new LoadingWait(Duration.ofSeconds(60), Duration.ofSeconds(120));
    assertEquals(Duration.ofSeconds(60), w.budget());
    assertEquals(Duration.ofMillis(20_001), w.next(s("20.0003")).orElseThrow(), "rounded up to the millisecond");
    assertEquals(Duration.ofSeconds(20), w.next(s("20")).orElseThrow());
    assertTrue(w.next(s("20")).isEmpty(), "20.001 s + 20 s + 20 s would pass the 60 s budget");
  }

  @Test
  void theBudgetIsAtMostHalfTheCallTimeout() {
    LoadingWait w = new LoadingWait(Duration.ofSeconds(60), Duration.ofSeconds(30));
    assertEquals(Duration.ofSeconds(15), w.budget());
    assertTrue(w.next(s("20")).isEmpty());
    assertEquals(Duration.ofSeconds(60), new LoadingWait(Duration.ofSeconds(60), Duration.ZERO).budget());
  }

  @Test
  void aZeroEstimateWaitsTheFloorAndNoEstimateTheDefault() {
    LoadingWait w = new LoadingWait(Duration.ofSeconds(60), Duration.ofSeconds(120));
    assertEquals(LoadingWait.MIN_WAIT, w.next(s("0")).orElseThrow());
    assertEquals(LoadingWait.DEFAULT_WAIT, w.next(Optional.empty()).orElseThrow());
    assertEquals(2, w.waits());
  }

  @Test
  void atMostTenWaits() {
    LoadingWait w = new LoadingWait(Duration.ofSeconds(60), Duration.ZERO);
    for (int i = 0; i < LoadingWait.MAX_WAITS; i++) assertTrue(w.next(s("0.1")).isPresent());
    assertTrue(w.next(s("0.1")).isEmpty());
    assertEquals(Duration.ofSeconds(1), w.waited());
  }

  @Test
  void zeroDisablesTheWait() {
    assertTrue(new LoadingWait(Duration.ZERO, Duration.ofSeconds(120)).next(s("1")).isEmpty());
  }
}
