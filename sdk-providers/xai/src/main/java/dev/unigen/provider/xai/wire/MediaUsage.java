package dev.unigen.provider.xai.wire;

import dev.unigen.money.Money;
import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The cost xAI reports: {@code usage.cost_in_usd_ticks}, an int64 count of ticks, 100,000,000 to
 * the US cent and so 10^10 to the dollar, on image, video and chat answers alike. Read as an exact
 * number, never through a {@code double}, so every one of the 64 bits counts.
 *
 * <p>Internal to the xAI provider module; not part of Unigen's API.
 */
public final class MediaUsage {
  /** Ticks in one US dollar. */
  public static final long TICKS_PER_USD = 10_000_000_000L;

  private MediaUsage() {}

  /**
   * The reported cost in the {@code usage} object of {@code answer}; empty when there is none, or
   * when it is not a whole number of ticks within 64 bits.
   */
  public static Optional<Money> cost(Map<String, Object> answer) {
    return ticks(Json.object(answer, "usage")).map(MediaUsage::usd);
  }

  /** The {@code cost_in_usd_ticks} of a {@code usage} object, when it is a whole, non-negative int64. */
  public static Optional<Long> ticks(Map<String, Object> usage) {
    Optional<BigDecimal> raw = Json.decimal(usage, "cost_in_usd_ticks");
    if (raw.isEmpty()) return Optional.empty();
    try {
      long ticks = raw.get().longValueExact();
      return ticks < 0 ? Optional.empty() : Optional.of(ticks);
    } catch (ArithmeticException notAnInt64) {
      return Optional.empty();
    }
  }

  /** {@code ticks} in US dollars, exactly. */
  public static Money usd(long ticks) {
    BigDecimal usd = BigDecimal.valueOf(ticks).movePointLeft(10).stripTrailingZeros();
    // Whole dollars would otherwise print as 2E+1.
    return Money.usd(usd.scale() < 0 ? usd.setScale(0) : usd);
  }
}
