package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * R4 + R5: seconds of output video × a rate keyed by resolution, audio and voice control, with
 * allowed durations and a billed minimum and cap.
 */
final class PerSecond implements Formula {
  private final RateTable rates;
  private final DurationPolicy durations;

  PerSecond(RateTable rates, DurationPolicy durations) {
    this.rates = rates;
    this.durations = durations;
  }

  static PerSecond read(JsonFields f) {
    if (f.has("price") == f.has("rates")) throw f.error("price", "give either price or rates");
    RateTable rates = f.has("price") ? RateTable.single(f.requireNonNegative("price"))
        : RateTable.read(f, "rates", "price", RateTable.VIDEO_KEYS);
    return new PerSecond(rates, DurationPolicy.read(f));
  }

  @Override public String kind() { return "per-second"; }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration, Derivation how) {
    long millis = r.duration().orElse(defaultDuration).toMillis();
    BigDecimal seconds = Quantities.seconds(millis);
    durations.checkAllowed(seconds);
    RateTable.Entry rate = rates.entry(null, null, r.resolution().orElse(null), r.audio(), r.voiceControl());
    BigDecimal billed = durations.billable(seconds, millis);
    if (how != null) how.add(durations.term(seconds, billed), how.per(rate.value, "s") + rates.which(rate)).times(r.count());
    return Quantities.times(billed.multiply(rate.value), r.count());
  }

  @Override
  public BigDecimal actual(Usage u, Derivation how) {
    BigDecimal seconds = u.outputSeconds()
        .orElseThrow(() -> new PricingException("per-second rule needs the output seconds"));
    RateTable.Entry rate = rates.entry(null, null, u.resolution().orElse(null), u.audio(), u.voiceControl());
    BigDecimal billed = durations.billable(seconds);
    if (how != null) how.add(durations.term(seconds, billed), how.per(rate.value, "s") + rates.which(rate)).times(u.count());
    return billed.multiply(rate.value).multiply(BigDecimal.valueOf(u.count()));
  }

  @Override
  public String unitName() {
    return "s";
  }

  @Override
  public Optional<BigDecimal> unitPrice() {
    return rates.table.length == 1 ? Optional.of(rates.table[0].value) : Optional.empty();
  }
}
