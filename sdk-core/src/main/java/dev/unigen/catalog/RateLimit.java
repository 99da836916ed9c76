package dev.unigen.catalog;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The rate a provider documents for one offer: how many requests may start per second and how
 * many may run at once. Unigen holds its submits within it, queueing a burst instead of sending
 * it into 429s. Immutable.
 */
public final class RateLimit {
  private final double perSecond;
  private final int concurrent;

  private RateLimit(double perSecond, int concurrent) {
    this.perSecond = perSecond;
    this.concurrent = concurrent;
  }

  /**
   * A limit of {@code perSecond} requests started per second (0 for none) and {@code concurrent}
   * at once (0 for none).
   *
   * @throws IllegalArgumentException if a value is negative or not finite, or both are 0
   */
  public static RateLimit of(double perSecond, int concurrent) {
    if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("requests per second must be a finite number of at least 0: " + perSecond);
    }
    if (concurrent < 0) throw new IllegalArgumentException("concurrent must not be negative: " + concurrent);
    if (perSecond == 0 && concurrent == 0) throw new IllegalArgumentException("a rate limit needs a rate or a concurrency");
    return new RateLimit(perSecond, concurrent);
  }

  /** Requests that may start per second; empty when only concurrency is limited. */
  public OptionalDouble requestsPerSecond() {
    return perSecond > 0 ? OptionalDouble.of(perSecond) : OptionalDouble.empty();
  }

  /** Requests that may run at once; empty when only the rate is limited. */
  public OptionalInt concurrent() {
    return concurrent > 0 ? OptionalInt.of(concurrent) : OptionalInt.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateLimit && ((RateLimit) o).perSecond == perSecond && ((RateLimit) o).concurrent == concurrent;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(perSecond) * 31 + concurrent;
  }

  @Override
  public String toString() {
    return "RateLimit(" + (perSecond > 0 ? perSecond + "/s" : "any rate") + ", "
        + (concurrent > 0 ? concurrent + " at once" : "any concurrency") + ")";
  }
}
