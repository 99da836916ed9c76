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
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration, Derivation how) {
    throw new PricingException("storage is priced from the gigabyte-months stored, not from a request");
  }

  @Override
  public BigDecimal actual(Usage u, Derivation how) {
    BigDecimal gbMonths = u.storageGbMonths()
        .orElseThrow(() -> new PricingException("storage rule needs the gigabyte-months stored"));
    BigDecimal billed = gbMonths.subtract(freeGbMonths).max(BigDecimal.ZERO);
    if (how != null) {
      how.add(Derivation.num(billed) + " GB-months" + (freeGbMonths.signum() == 0 ? ""
          : " (" + Derivation.num(gbMonths) + " less " + Derivation.num(freeGbMonths) + " free)"), how.per(perGbMonth, "GB-month"));
    }
    return billed.multiply(perGbMonth);
  }

  @Override
  public String unitName() {
    return "GB-month";
  }

  @Override
  public Optional<BigDecimal> unitPrice() {
    return Optional.of(perGbMonth);
  }
}
