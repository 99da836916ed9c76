package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** R2: a price per output megapixel, with a megapixel base, rounding and a minimum per image. */
final class PerMegapixel implements Formula {
  private final BigDecimal price;
  private final BigDecimal base;
  private final boolean roundUp;
  private final BigDecimal minimumUnits;

  PerMegapixel(BigDecimal price, BigDecimal base, boolean roundUp, BigDecimal minimumUnits) {
    this.price = price;
    this.base = base;
    this.roundUp = roundUp;
    this.minimumUnits = minimumUnits;
  }

  static PerMegapixel read(JsonFields f) {
    return new PerMegapixel(f.requireNonNegative("price"), Quantities.megapixelBase(f),
        Quantities.roundsUp(f, "none"), f.nonNegative("minimumUnits").orElse(null));
  }

  @Override public String kind() { return "per-megapixel"; }

  private BigDecimal units(Size s) {
    return Quantities.round(Quantities.megapixels(s.pixels(), base), roundUp, minimumUnits);
  }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration) {
    return Quantities.times(units(Quantities.outputSize(r, defaultSize)).multiply(price), r.count());
  }

  @Override
  public BigDecimal actual(Usage u) {
    if (u.images().isEmpty()) {
      if (u.outputMegapixels().isPresent()) {
        return Quantities.round(u.outputMegapixels().get(), roundUp, minimumUnits).multiply(price);
      }
      throw new PricingException("per-megapixel rule needs the output sizes");
    }
    BigDecimal units = BigDecimal.ZERO;
    for (Size s : u.images()) units = units.add(units(s));
    return units.multiply(price);
  }

  @Override
  public Optional<BigDecimal> unitPrice() {
    return Optional.of(price);
  }
}
