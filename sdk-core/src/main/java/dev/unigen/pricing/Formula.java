package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The arithmetic of one rule kind. Amounts are in the rule's unit (a currency, or credits that
 * {@link PriceRule} converts). Each computation can say how it got its amount, with units, into a
 * {@link Derivation}; a null one is skipped. Implementations are immutable.
 */
interface Formula {
  /** The catalog name of the kind, such as {@code per-megapixel}. */
  String kind();

  /** Prices what {@code request} is expected to produce. */
  default BigDecimal estimate(Request request, Size defaultSize, Duration defaultDuration) {
    return estimate(request, defaultSize, defaultDuration, null);
  }

  /** Prices what {@code request} is expected to produce, saying how into {@code how} unless it is null. */
  BigDecimal estimate(Request request, Size defaultSize, Duration defaultDuration, Derivation how);

  /** Prices what was produced. */
  default BigDecimal actual(Usage usage) {
    return actual(usage, null);
  }

  /** Prices what was produced, saying how into {@code how} unless it is null. */
  BigDecimal actual(Usage usage, Derivation how);

  /** The price of one billed unit, where the rule has a single one (for billed-unit reports). */
  default Optional<BigDecimal> unitPrice() {
    return Optional.empty();
  }

  /** What one billed unit of {@link #unitPrice()} is, such as {@code MP} or {@code s}. */
  default String unitName() {
    return "unit";
  }

  /** Reads the formula's own fields of a rule object; the rule reads the common ones. */
  interface Reader {
    Formula read(JsonFields fields);
  }
}
