package dev.unigen.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Declared seconds as whole milliseconds, the unit a request's duration comes in, so that checking
 * one request against hundreds of offers compares longs instead of {@link BigDecimal}s. Internal:
 * not a public API.
 */
public final class Millis {
  /** Not a whole number of milliseconds within a long. */
  public static final long NONE = Long.MIN_VALUE;
  private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal MIN = BigDecimal.valueOf(Long.MIN_VALUE);

  private Millis() {}

  /** {@code seconds} in whole milliseconds, or {@link #NONE} when it is not a whole number of them that fits a long. */
  public static long exact(BigDecimal seconds) {
    BigDecimal ms = seconds.movePointRight(3);
    if (ms.stripTrailingZeros().scale() > 0) return NONE;
    try {
      return ms.longValueExact();
    } catch (ArithmeticException e) {
      return NONE;
    }
  }

  /**
   * The fewest whole milliseconds not below {@code seconds}, as a lower bound: one beyond a long
   * becomes the long's own limit, which compares with any request's duration as it would.
   */
  public static long ceiling(BigDecimal seconds) {
    return saturated(seconds.movePointRight(3).setScale(0, RoundingMode.CEILING));
  }

  /** The most whole milliseconds not above {@code seconds}, as an upper bound; saturated as {@link #ceiling} is. */
  public static long floor(BigDecimal seconds) {
    return saturated(seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR));
  }

  private static long saturated(BigDecimal whole) {
    if (whole.compareTo(MAX) > 0) return Long.MAX_VALUE;
    if (whole.compareTo(MIN) < 0) return Long.MIN_VALUE;
    return whole.longValue();
  }
}
