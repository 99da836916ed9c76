package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** R11: seconds of compute × the hardware's rate per second; estimates use an expected run time. */
final class ComputeSeconds implements Formula {
  private final String hardware;
  private final BigDecimal perSecond;
  private final BigDecimal expectedSeconds;

  private ComputeSeconds(String hardware, BigDecimal perSecond, BigDecimal expectedSeconds) {
    this.hardware = hardware;
    this.perSecond = perSecond;
    this.expectedSeconds = expectedSeconds;
  }

  static ComputeSeconds read(JsonFields f) {
    return new ComputeSeconds(f.requireString("hardware"), f.requireNonNegative("perSecond"),
        f.nonNegative("expectedSeconds").orElse(null));
  }

  @Override public String kind() { return "compute-seconds"; }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration, Derivation how) {
    if (expectedSeconds == null) {
      throw new PricingException("no expected run time on " + hardware + " to estimate from");
    }
    if (how != null) how.add(Derivation.num(expectedSeconds) + " s of " + hardware + " expected", how.per(perSecond, "s")).times(r.count());
    return Quantities.times(expectedSeconds.multiply(perSecond), r.count());
  }

  @Override
  public BigDecimal actual(Usage u, Derivation how) {
    BigDecimal seconds = u.computeSeconds()
        .orElseThrow(() -> new PricingException("compute-seconds rule needs the compute seconds"));
    if (u.hardware().isPresent() && !u.hardware().get().equalsIgnoreCase(hardware)) {
      throw new PricingException("ran on " + u.hardware().get() + ", priced for " + hardware);
    }
    if (how != null) how.add(Derivation.num(seconds) + " s of " + hardware, how.per(perSecond, "s"));
    return seconds.multiply(perSecond);
  }

  @Override
  public String unitName() {
    return "s";
  }

  @Override
  public Optional<BigDecimal> unitPrice() {
    return Optional.of(perSecond);
  }
}
