package dev.unigen.provider.leonardo.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What Leonardo says a generation cost: {@code cost{amount, unit}}, where {@code amount} is a
 * decimal string and {@code unit} is {@code DOLLARS} (pay-as-you-go accounts) or {@code CREDITS}
 * (the legacy API plans). Immutable.
 */
public final class Cost {
  /** The unit of a pay-as-you-go cost: US dollars. */
  public static final String DOLLARS = "DOLLARS";
  /** The unit of a legacy plan's cost: API credits. */
  public static final String CREDITS = "CREDITS";

  private final BigDecimal amount;
  private final String unit;

  /** A cost of {@code amount} in {@code unit} ({@value #DOLLARS} or {@value #CREDITS}). */
  public Cost(BigDecimal amount, String unit) {
    this.amount = Objects.requireNonNull(amount, "amount");
    this.unit = Objects.requireNonNull(unit, "unit");
  }

  /**
   * Reads {@code cost{amount, unit}} from {@code o}; empty when it is absent, null, has no numeric
   * amount, or names a unit other than the two Leonardo documents.
   */
  public static Optional<Cost> of(Map<String, Object> o) {
    Map<String, Object> cost = Json.object(o, "cost");
    Optional<BigDecimal> amount = Json.decimal(cost, "amount");
    Optional<String> unit = Json.string(cost, "unit").map(u -> u.trim().toUpperCase(Locale.ROOT));
    if (amount.isEmpty() || amount.get().signum() < 0 || unit.isEmpty()) return Optional.empty();
    if (!unit.get().equals(DOLLARS) && !unit.get().equals(CREDITS)) return Optional.empty();
    return Optional.of(new Cost(amount.get(), unit.get()));
  }

  /** The amount, exactly as Leonardo wrote it. */
  public BigDecimal amount() {
    return amount;
  }

  /** {@value #DOLLARS} or {@value #CREDITS}. */
  public String unit() {
    return unit;
  }

  @Override
  public String toString() {
    return amount.toPlainString() + " " + unit;
  }
}
