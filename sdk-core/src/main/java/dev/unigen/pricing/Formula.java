package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The arithmetic of one rule kind. Amounts are in the rule's unit (a currency, or credits that
 * {@link PriceRule} converts). Implementations are immutable.
 */
interface Formula {
  /** The catalog name of the kind, such as {@code per-megapixel}. */
  String kind();

  /** Prices what {@code request} is expected to produce. */
  BigDecimal estimate(Request request, Size defaultSize, Duration defaultDuration);

  /** Prices what was produced. */
  BigDecimal actual(Usage usage);

  /** The price of one billed unit, where the rule has a single one (for billed-unit reports). */
  default Optional<BigDecimal> unitPrice() {
    return Optional.empty();
  }

  /** Reads the formula's own fields of a rule object; the rule reads the common ones. */
  interface Reader {
    Formula read(JsonFields fields);
  }
}
