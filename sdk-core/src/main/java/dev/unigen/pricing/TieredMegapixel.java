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

  /** One output's terms: the first megapixel, those beyond it, and the input megapixels. */
  private void explain(Derivation how, BigDecimal outMp, BigDecimal inMp) {
    BigDecimal units = Quantities.round(outMp, roundUp, null);
    how.add(how.amount(first) + " for the first MP");
    BigDecimal beyond = units.subtract(BigDecimal.ONE).max(BigDecimal.ZERO);
    if (beyond.signum() > 0) {
      how.add(Quantities.megapixelTerm(outMp.subtract(BigDecimal.ONE), beyond, base, roundUp) + " more", how.per(extra, "MP"));
    }
    if (inMp.signum() > 0) {
      how.add(Quantities.megapixelTerm(inMp, Quantities.round(inMp, roundUp, null), base, roundUp) + " in",
          how.per(input, "input MP"));
    }
  }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration, Derivation how) {
    Size out = Quantities.outputSize(r, defaultSize);
    BigDecimal outMp = Quantities.megapixels(out.pixels(), base);
    BigDecimal inMp = Quantities.inputMegapixels(r, out, base);
    BigDecimal each = output(outMp).add(inputs(inMp));
    if (how != null) {
      explain(how, outMp, inMp);
      how.times(r.count());
    }
    return Quantities.times(each, r.count());
  }

  @Override
  public BigDecimal actual(Usage u, Derivation how) {
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
      if (how != null) {
        explain(how, out, in);
        how.times(u.count());
      }
      return output(out).add(inputs(in)).multiply(BigDecimal.valueOf(u.count()));
    }
    BigDecimal total = BigDecimal.ZERO;
    for (Size s : u.images()) {
      BigDecimal mp = Quantities.megapixels(s.pixels(), base);
      if (how != null) explain(how, mp, in);
      total = total.add(output(mp)).add(inputs(in));
    }
    return total;
  }

  @Override
  public String unitName() {
    return "MP";
  }
}
