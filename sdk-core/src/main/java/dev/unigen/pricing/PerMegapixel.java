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
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration, Derivation how) {
    Size size = Quantities.outputSize(r, defaultSize);
    BigDecimal units = units(size);
    if (how != null) {
      how.add(Quantities.megapixelTerm(Quantities.megapixels(size.pixels(), base), units, base, roundUp), how.per(price, "MP"))
          .times(r.count());
    }
    return Quantities.times(units.multiply(price), r.count());
  }

  @Override
  public BigDecimal actual(Usage u, Derivation how) {
    if (u.images().isEmpty()) {
      if (u.outputMegapixels().isPresent()) {
        BigDecimal units = Quantities.round(u.outputMegapixels().get(), roundUp, minimumUnits);
        if (how != null) how.add(Quantities.megapixelTerm(u.outputMegapixels().get(), units, base, roundUp), how.per(price, "MP"));
        return units.multiply(price);
      }
      throw new PricingException("per-megapixel rule needs the output sizes");
    }
    BigDecimal units = BigDecimal.ZERO;
    BigDecimal raw = BigDecimal.ZERO;
    for (Size s : u.images()) {
      units = units.add(units(s));
      raw = raw.add(Quantities.megapixels(s.pixels(), base));
    }
    if (how != null) {
      String mp = Quantities.megapixelTerm(raw, units, base, roundUp);
      if (u.images().size() > 1) {
        // Each image is rounded on its own, so the sum made is not what a rounding of the sum would give.
        mp = Derivation.num(units) + Quantities.megapixelUnit(base) + " in " + u.images().size() + " images"
            + (raw.compareTo(units) == 0 ? "" : " (" + Derivation.num(raw) + " made, each image "
                + (roundUp ? "rounded up)" : "billed at least the minimum)"));
      }
      how.add(mp, how.per(price, "MP"));
    }
    return units.multiply(price);
  }

  @Override
  public String unitName() {
    return "MP";
  }

  @Override
  public Optional<BigDecimal> unitPrice() {
    return Optional.of(price);
  }
}
