package dev.unigen.provider.huggingface;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;

/**
 * How long one hf-inference call waits for a model that answers 503 "currently loading": each
 * wait is the {@code estimated_time} the answer gave (at least {@link #MIN_WAIT}, and
 * {@link #DEFAULT_WAIT} when it gave none), and the waits of one call add up to at most its
 * budget — the provider's {@code maxLoadingWait}, and never more than half of the call's
 * timeout, leaving the other half for the generation itself — and number at most
 * {@link #MAX_WAITS}. A loading answer is not a run: hf-inference bills compute time only when
 * the model runs, so re-sending after it never pays twice. Not threadsafe: one per call.
 */
final class LoadingWait {
  /** The shortest wait, so that an estimate of zero does not spin. */
  static final Duration MIN_WAIT = Duration.ofMillis(100);
  /** The wait when the answer gave no estimate. */
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
  /** The most waits in one call. */
  static final int MAX_WAITS = 10;

  private final Duration budget;
  private Duration waited = Duration.ZERO;
  private int waits;

  /** A policy for one call with {@code callTimeout} (zero or negative: no limit). */
  LoadingWait(Duration maxLoadingWait, Duration callTimeout) {
    Duration b = maxLoadingWait;
    if (callTimeout != null && callTimeout.compareTo(Duration.ZERO) > 0) {
      Duration half = callTimeout.dividedBy(2);
      if (half.compareTo(b) < 0) b = half;
    }
    this.budget = b;
  }

  /**
   * The wait before sending again after an answer estimating {@code estimatedSeconds}, or empty
   * when that wait would take the call past its budget (then the caller gives up).
   */
  Optional<Duration> next(Optional<BigDecimal> estimatedSeconds) {
    Duration d = estimatedSeconds
        .map(s -> Duration.ofMillis(s.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact()))
        .orElse(DEFAULT_WAIT);
    if (d.compareTo(MIN_WAIT) < 0) d = MIN_WAIT;
    if (waits >= MAX_WAITS || waited.plus(d).compareTo(budget) > 0) return Optional.empty();
    waits++;
    waited = waited.plus(d);
    return Optional.of(d);
  }

  /** The time waited so far. */
  Duration waited() {
    return waited;
  }

  /** How many waits so far. */
  int waits() {
    return waits;
  }

  /** The most this call waits in all. */
  Duration budget() {
    return budget;
  }
}
