package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * R3 (FLUX.2 on BFL): {@code first + (outMP − 1) × extra + inMP × input} per output image, where
 * the input megapixels are those of the reference and input images.
 */
final class TieredMegapixel implements Formula {
  private final BigDecimal first;
  private final BigDecimal extra;
  private final BigDecimal input;
  private final BigDecimal base;
  private final boolean roundUp;

  TieredMegapixel(BigDecimal first, BigDecimal extra, BigDecimal input, BigDecimal base, boolean roundUp) {
    this.first = first;
    this.extra = extra;
    this.input = input;
    this.base = base;
    this.roundUp = roundUp;
  }

  static TieredMegapixel read(JsonFields f) {
    BigDecimal extra = f.requireNonNegative("extraMegapixel");
    return new TieredMegapixel(f.requireNonNegative("firstMegapixel"), extra,
        f.nonNegative("inputMegapixel").orElse(extra), Quantities.megapixelBase(f),
        Quantities.roundsUp(f, "none"));
  }

  @Override public String kind() { return "tiered-megapixel"; }

  private BigDecimal output(BigDecimal mp) {
    BigDecimal units = Quantities.round(mp, roundUp, null);
    BigDecimal beyondFirst = units.subtract(BigDecimal.ONE).max(BigDecimal.ZERO);
    return first.add(beyondFirst.multiply(extra));
  }

  private BigDecimal inputs(BigDecimal mp) {
    return Quantities.round(mp, roundUp, null).multiply(input);
  }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration) {
    Size out = Quantities.outputSize(r, defaultSize);
    BigDecimal each = output(Quantities.megapixels(out.pixels(), base))
        .add(inputs(Quantities.inputMegapixels(r, out, base)));
    return Quantities.times(each, r.count());
  }

  @Override
  public BigDecimal actual(Usage u) {
    BigDecimal in;
    if (u.inputMegapixels().isPresent()) {
      in = u.inputMegapixels().get();
    } else {
      in = BigDecimal.ZERO;
      for (Size s : u.inputImages()) in = in.add(Quantities.megapixels(s.pixels(), base));
    }
    if (u.images().isEmpty()) {
      BigDecimal out = u.outputMegapixels()
          .orElseThrow(() -> new PricingException("tiered-megapixel rule needs the output sizes"));
      return output(out).add(inputs(in)).multiply(BigDecimal.valueOf(u.count()));
    }
    BigDecimal total = BigDecimal.ZERO;
    for (Size s : u.images()) {
      total = total.add(output(Quantities.megapixels(s.pixels(), base))).add(inputs(in));
    }
    return total;
  }
}
