package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;

/** R8: {@code max(in + out, floor × out)} seconds × a rate, for edits that take a video in. */
final class InputOutputSeconds implements Formula {
  private final RateTable rates;
  private final BigDecimal floorMultiplier;

  private InputOutputSeconds(RateTable rates, BigDecimal floorMultiplier) {
    this.rates = rates;
    this.floorMultiplier = floorMultiplier;
  }

  static InputOutputSeconds read(JsonFields f) {
    if (f.has("price") == f.has("rates")) throw f.error("price", "give either price or rates");
    RateTable rates = f.has("price") ? RateTable.single(f.requireNonNegative("price"))
        : RateTable.read(f, "rates", "price", RateTable.VIDEO_KEYS);
    return new InputOutputSeconds(rates, f.nonNegative("floorMultiplier").orElse(BigDecimal.valueOf(2)));
  }

  @Override public String kind() { return "input-output-seconds"; }

  @Override
  public java.util.Optional<BigDecimal> unitPrice() {
    return rates.table.length == 1 ? java.util.Optional.of(rates.table[0].value) : java.util.Optional.empty();
  }

  private BigDecimal billed(BigDecimal in, BigDecimal out) {
    return in.add(out).max(floorMultiplier.multiply(out));
  }

  /** {@code 10 s (5 s in + 5 s out)} or {@code 10 s (2 × 5 s out)}, whichever the floor made it. */
  private static String term(BigDecimal in, BigDecimal out, BigDecimal billed, BigDecimal floor) {
    boolean sum = in.add(out).compareTo(billed) == 0;
    return Derivation.num(billed) + " s (" + (sum ? Derivation.num(in) + " s in + " + Derivation.num(out) + " s out"
        : Derivation.num(floor) + " × " + Derivation.num(out) + " s out") + ")";
  }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration, Derivation how) {
    Duration inDuration = r.video().flatMap(v -> v.duration())
        .orElseThrow(() -> new PricingException("the input video's duration is needed to price this edit"));
    BigDecimal out = Quantities.outputSeconds(r, defaultDuration);
    BigDecimal in = Quantities.seconds(inDuration);
    RateTable.Entry rate = rates.entry(null, null, r.resolution().orElse(null), r.audio(), r.voiceControl());
    BigDecimal billed = billed(in, out);
    if (how != null) how.add(term(in, out, billed, floorMultiplier), how.per(rate.value, "s") + rates.which(rate)).times(r.count());
    return Quantities.times(billed.multiply(rate.value), r.count());
  }

  @Override
  public BigDecimal actual(Usage u, Derivation how) {
    BigDecimal out = u.outputSeconds()
        .orElseThrow(() -> new PricingException("input-output-seconds rule needs the output seconds"));
    BigDecimal in = u.inputSeconds()
        .orElseThrow(() -> new PricingException("input-output-seconds rule needs the input seconds"));
    RateTable.Entry rate = rates.entry(null, null, u.resolution().orElse(null), u.audio(), u.voiceControl());
    BigDecimal billed = billed(in, out);
    if (how != null) how.add(term(in, out, billed, floorMultiplier), how.per(rate.value, "s") + rates.which(rate)).times(u.count());
    return billed.multiply(rate.value).multiply(BigDecimal.valueOf(u.count()));
  }

  @Override
  public String unitName() {
    return "s";
  }
}
