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
 * (the legacy API plans).
 *
 * @param amount the amount, exactly as Leonardo wrote it
 * @param unit {@value #DOLLARS} or {@value #CREDITS}
 */
public record Cost(BigDecimal amount, String unit) {
  /** The unit of a pay-as-you-go cost: US dollars. */
  public static final String DOLLARS = "DOLLARS";
  /** The unit of a legacy plan's cost: API credits. */
  public static final String CREDITS = "CREDITS";

  /** A cost of {@code amount} in {@code unit}. */
  public Cost {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(unit, "unit");
  }

  /**
   * Reads {@code cost{amount, unit}} from {@code o}; empty when it is absent, null, has no numeric
   * amount, or names a unit other than the two Leonardo documents.
   */
  public static Optional<Cost> of(Map<String, Object> o) {
    Map<String, Object> cost = Json.object(o, "cost");
    return of(Json.decimal(cost, "amount"), Json.string(cost, "unit").orElse(null));
  }

  /** {@code amount} (a decimal) in {@code unit}; empty when either is not one Leonardo writes. */
  public static Optional<Cost> of(String amount, String unit) {
    try {
      return of(Optional.of(new BigDecimal(amount.trim())), unit);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Cost> of(Optional<BigDecimal> amount, String unit) {
    String u = unit == null ? "" : unit.trim().toUpperCase(Locale.ROOT);
    if (amount.isEmpty() || amount.get().signum() < 0 || !(u.equals(DOLLARS) || u.equals(CREDITS))) {
      return Optional.empty();
    }
    return Optional.of(new Cost(amount.get(), u));
  }

  @Override
  public String toString() {
    return amount.toPlainString() + " " + unit;
  }
}
