package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.internal.Millis;
import java.math.BigDecimal;
import java.util.List;

/** Allowed durations, and the minimum and cap of billed seconds (R5). */
final class DurationPolicy {
  static final DurationPolicy ANY = new DurationPolicy(List.of(), null, null);

  private final List<BigDecimal> allowed;
  private final BigDecimal minimum;
  private final BigDecimal maximum;
  // The same values at the scale of a request's seconds, to compare with them as longs do.
  private final List<BigDecimal> comparableAllowed;
  private final BigDecimal comparableMinimum;
  private final BigDecimal comparableMaximum;
  // The bounds in whole milliseconds, rounded inward, as a request's duration is given: comparing
  // it with them reads neither BigDecimal.
  private final long minMillis;
  private final long maxMillis;

  private DurationPolicy(List<BigDecimal> allowed, BigDecimal minimum, BigDecimal maximum) {
    this.allowed = List.copyOf(allowed);
    this.minimum = minimum;
    this.maximum = maximum;
    List<BigDecimal> comparable = new java.util.ArrayList<>(allowed.size());
    for (BigDecimal a : allowed) comparable.add(Quantities.comparable(a));
    this.comparableAllowed = List.copyOf(comparable);
    this.comparableMinimum = minimum == null ? null : Quantities.comparable(minimum);
    this.comparableMaximum = maximum == null ? null : Quantities.comparable(maximum);
    this.minMillis = minimum == null ? Long.MIN_VALUE : Millis.ceiling(minimum);
    this.maxMillis = maximum == null ? Long.MAX_VALUE : Millis.floor(maximum);
  }

  static DurationPolicy read(JsonFields rule) {
    JsonFields f = rule.object("durations").orElse(null);
    if (f == null) return ANY;
    List<BigDecimal> allowed = f.decimals("allowed");
    BigDecimal min = f.nonNegative("minimum").orElse(null);
    BigDecimal max = f.nonNegative("maximum").orElse(null);
    if (min != null && max != null && min.compareTo(max) > 0) throw f.error("minimum", "is above maximum");
    f.rejectUnknown();
    return new DurationPolicy(allowed, min, max);
  }

  /**
   * Checks a requested duration against the allowed values.
   *
   * @throws PricingException if the duration is not one the model allows
   */
  void checkAllowed(BigDecimal seconds) {
    if (allowed.isEmpty()) return;
    for (int i = 0; i < comparableAllowed.size(); i++) {
      if (comparableAllowed.get(i).compareTo(seconds) == 0) return;
    }
    throw new PricingException("duration " + seconds.stripTrailingZeros().toPlainString()
        + " s is not allowed; allowed: " + describeAllowed());
  }

  /** The seconds billed for {@code seconds} produced: clamped to the minimum and the cap. */
  BigDecimal billable(BigDecimal seconds) {
    BigDecimal s = seconds;
    if (minimum != null && s.compareTo(comparableMinimum) < 0) s = minimum;
    if (maximum != null && s.compareTo(comparableMaximum) > 0) s = maximum;
    return s;
  }

  /**
   * {@link #billable(BigDecimal)} of a request's {@code seconds}, which are {@code millis} whole
   * milliseconds.
   */
  BigDecimal billable(BigDecimal seconds, long millis) {
    // The minimum is never above the maximum, so a clip raised to it is not capped.
    if (millis < minMillis) return minimum;
    if (millis > maxMillis) return maximum;
    return seconds;
  }

  /** Seconds as a derivation states them: {@code 5 s}, or {@code 4 s billed as 5 s (the minimum)}. */
  String term(BigDecimal seconds, BigDecimal billed) {
    String s = Derivation.num(billed) + " s";
    if (seconds.compareTo(billed) == 0) return s;
    return s + " (" + Derivation.num(seconds) + " s made, billed at the " + (billed.compareTo(seconds) > 0 ? "minimum)" : "cap)");
  }

  private String describeAllowed() {
    StringBuilder b = new StringBuilder();
    for (BigDecimal a : allowed) {
      if (b.length() > 0) b.append(", ");
      b.append(a.stripTrailingZeros().toPlainString());
    }
    return b.append(" s").toString();
  }
}
