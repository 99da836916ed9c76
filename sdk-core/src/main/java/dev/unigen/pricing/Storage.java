package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** R16: gigabyte-months stored above a free allowance × a rate. Priced from usage only. */
final class Storage implements Formula {
  private final BigDecimal perGbMonth;
  private final BigDecimal freeGbMonths;

  private Storage(BigDecimal perGbMonth, BigDecimal freeGbMonths) {
    this.perGbMonth = perGbMonth;
    this.freeGbMonths = freeGbMonths;
  }

  static Storage read(JsonFields f) {
    return new Storage(f.requireNonNegative("perGbMonth"), f.nonNegative("freeGbMonths").orElse(BigDecimal.ZERO));
  }

  @Override public String kind() { return "storage"; }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration) {
    throw new PricingException("storage is priced from the gigabyte-months stored, not from a request");
  }

  @Override
  public BigDecimal actual(Usage u) {
    BigDecimal gbMonths = u.storageGbMonths()
        .orElseThrow(() -> new PricingException("storage rule needs the gigabyte-months stored"));
    return gbMonths.subtract(freeGbMonths).max(BigDecimal.ZERO).multiply(perGbMonth);
  }

  @Override
  public Optional<BigDecimal> unitPrice() {
    return Optional.of(perGbMonth);
  }
}
