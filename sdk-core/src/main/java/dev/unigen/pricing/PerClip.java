package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.internal.Millis;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * R6: a flat price per clip by duration bucket (the shortest bucket that holds the clip), or a
 * base clip plus a price per extra second.
 */
final class PerClip implements Formula {
  private final RateTable clips; // null in base-plus-extra form
  private final BigDecimal base;
  private final BigDecimal baseSeconds;
  private final BigDecimal extraSecond;
  private final DurationPolicy durations;
  // In base-plus-extra form, the base length at the scale of a request's seconds (null if it has
  // more decimals), and the prices of a clip of that length and of any shorter one: the same value
  // and scale the arithmetic gives for them, made once rather than for every request.
  private final BigDecimal requestBaseSeconds;
  private final BigDecimal atBase;
  private final BigDecimal belowBase;

  private PerClip(RateTable clips, BigDecimal base, BigDecimal baseSeconds, BigDecimal extraSecond,
      DurationPolicy durations) {
    this.clips = clips;
    this.base = base;
    this.baseSeconds = baseSeconds;
    this.extraSecond = extraSecond;
    this.durations = durations;
    BigDecimal at = clips == null ? Quantities.comparable(baseSeconds) : null;
    this.requestBaseSeconds = at != null && at.scale() == 3 ? at : null;
    this.atBase = requestBaseSeconds == null ? null : withExtra(requestBaseSeconds);
    this.belowBase = requestBaseSeconds == null ? null : withExtra(requestBaseSeconds.subtract(BigDecimal.ONE));
  }

  /** A clip of {@code seconds} in base-plus-extra form. */
  private BigDecimal withExtra(BigDecimal seconds) {
    return base.add(seconds.subtract(baseSeconds).max(BigDecimal.ZERO).multiply(extraSecond));
  }

  static PerClip read(JsonFields f) {
    DurationPolicy durations = DurationPolicy.read(f);
    if (f.has("clips")) {
      if (f.has("base")) throw f.error("base", "give either clips or base");
      return new PerClip(RateTable.read(f, "clips", "price", RateTable.CLIP_KEYS), null, null, null, durations);
    }
    BigDecimal base = f.requireNonNegative("base");
    BigDecimal baseSeconds = f.requireNonNegative("baseSeconds");
    BigDecimal extra = f.requireNonNegative("extraSecond");
    return new PerClip(null, base, baseSeconds, extra, durations);
  }

  @Override public String kind() { return "per-clip"; }

  /**
   * The price of one clip of {@code seconds} billed, which are {@code millis} whole milliseconds
   * (or {@link Millis#NONE} if not known), added to {@code how} as one term unless it is null.
   */
  private BigDecimal clip(BigDecimal seconds, long millis, String resolution, boolean audio, Derivation how) {
    if (clips == null) {
      if (how == null && requestBaseSeconds != null && seconds.scale() == 3) {
        int c = seconds.compareTo(requestBaseSeconds);
        if (c < 0) return belowBase;
        if (c == 0) return atBase;
        return withExtra(seconds);
      }
      BigDecimal extra = seconds.subtract(baseSeconds).max(BigDecimal.ZERO);
      if (how != null) {
        String base = how.per(this.base, "clip of " + Derivation.num(baseSeconds) + " s");
        how.add(base);
        if (extra.signum() > 0) how.add(Derivation.num(extra) + " s more", how.per(extraSecond, "s"));
      }
      return base.add(extra.multiply(extraSecond));
    }
    RateTable.Entry best = null;
    RateTable.Entry any = null;
    if (millis != Millis.NONE && clips.flat()) {
      // the shortest clip that holds the one billed, compared in milliseconds on the key arrays
      long[] lengths = clips.millis;
      int b = -1;
      int a = -1;
      for (int i = 0; i < lengths.length; i++) {
        if (!clips.matchesAt(i, resolution, audio)) continue;
        long m = lengths[i];
        if (m == Millis.NONE) {
          if (a < 0) a = i;
        } else if (m >= millis && (b < 0 || m < lengths[b])) {
          b = i;
        }
      }
      if (b >= 0) best = clips.table[b];
      if (a >= 0) any = clips.table[a];
    } else {
      for (RateTable.Entry e : clips.table) {
        if (!e.matches(null, null, resolution, audio, null)) continue;
        if (e.seconds == null) {
          if (any == null) any = e;
        } else if (e.comparableSeconds.compareTo(seconds) >= 0
            && (best == null || e.comparableSeconds.compareTo(best.comparableSeconds) < 0)) {
          best = e;
        }
      }
    }
    if (best == null) best = any;
    if (best == null) {
      throw new PricingException("no clip price for " + seconds.stripTrailingZeros().toPlainString() + " s "
          + RateTable.describe(null, null, resolution, audio, null));
    }
    if (how != null) {
      StringBuilder which = new StringBuilder();
      if (best.seconds != null) which.append(Derivation.num(best.seconds)).append(" s");
      if (best.resolution != null) which.append(which.length() > 0 ? ", " : "").append(best.resolution);
      if (best.audio != null) which.append(which.length() > 0 ? ", " : "").append(best.audio ? "with audio" : "without audio");
      how.add(how.per(best.value, "clip") + (which.length() > 0 ? " (" + which + ")" : ""));
    }
    return best.value;
  }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration, Derivation how) {
    long millis = r.duration().orElse(defaultDuration).toMillis();
    BigDecimal seconds = Quantities.seconds(millis);
    durations.checkAllowed(seconds);
    BigDecimal billed = durations.billable(seconds, millis);
    BigDecimal price = clip(billed, billed == seconds ? millis : Millis.NONE, r.resolution().orElse(null), r.audio(), how);
    if (how != null) how.times(r.count());
    return Quantities.times(price, r.count());
  }

  @Override
  public BigDecimal actual(Usage u, Derivation how) {
    BigDecimal seconds = u.outputSeconds()
        .orElseThrow(() -> new PricingException("per-clip rule needs the output seconds"));
    BigDecimal price = clip(durations.billable(seconds), Millis.NONE, u.resolution().orElse(null), u.audio(), how);
    if (how != null) how.times(u.count());
    return price.multiply(BigDecimal.valueOf(u.count()));
  }

  @Override
  public String unitName() {
    return "clip";
  }
}
