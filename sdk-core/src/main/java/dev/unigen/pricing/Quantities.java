package dev.unigen.pricing;

import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;

/** Shared arithmetic: megapixels, seconds and the expected output of a request. */
final class Quantities {
  static final BigDecimal DECIMAL_MP = BigDecimal.valueOf(1_000_000);
  static final BigDecimal BINARY_MP = BigDecimal.valueOf(1_048_576);

  private Quantities() {}

  /** 5^20: dividing by 2^20 is multiplying by 5^20 and shifting 20 decimal places. */
  private static final BigDecimal FIVE_POW_20 = BigDecimal.valueOf(5).pow(20);
  private static final long[] POW5 = new long[21];

  static {
    POW5[0] = 1;
    for (int i = 1; i < POW5.length; i++) POW5[i] = POW5[i - 1] * 5;
  }

  /**
   * Megapixels of {@code pixels} on {@code base}; exact, since both bases divide evenly in
   * decimal. Done by scaling rather than {@link BigDecimal#divide(BigDecimal)}, which is slow.
   */
  static BigDecimal megapixels(long pixels, BigDecimal base) {
    if (base == DECIMAL_MP) return BigDecimal.valueOf(pixels, 6);
    if (base == BINARY_MP) {
      if (pixels > 0) {
        // pixels = odd × 2^k, so pixels / 2^20 = odd × 5^(20-k) / 10^(20-k): one long product with
        // no trailing zero (odd × 5^m is never a multiple of 10), and no BigInteger arithmetic.
        int k = Long.numberOfTrailingZeros(pixels);
        if (k >= 20) return BigDecimal.valueOf(pixels >> 20).stripTrailingZeros();
        long odd = pixels >> k;
        int m = 20 - k;
        if (odd <= Long.MAX_VALUE / POW5[m]) return BigDecimal.valueOf(odd * POW5[m], m);
      }
      // Trailing zeros would otherwise show in every price ("0.001300000000000000000000").
      return BigDecimal.valueOf(pixels).multiply(FIVE_POW_20).scaleByPowerOfTen(-20).stripTrailingZeros();
    }
    return BigDecimal.valueOf(pixels).divide(base);
  }

  /** {@code value} × {@code count}; the same value and scale as multiplying, without it for one output. */
  static BigDecimal times(BigDecimal value, int count) {
    return count == 1 ? value : value.multiply(BigDecimal.valueOf(count));
  }

  /** Applies a rounding rule and a minimum to a number of units. */
  static BigDecimal round(BigDecimal units, boolean roundUp, BigDecimal minimum) {
    BigDecimal r = roundUp ? units.setScale(0, RoundingMode.CEILING) : units;
    return minimum != null && r.compareTo(minimum) < 0 ? minimum : r;
  }

  /**
   * Megapixels as a derivation states them: {@code 1.048576 MP}, {@code 1 MP of 2^20 px} (the
   * binary base), or, when rounding or a minimum billed {@code units} rather than the {@code raw}
   * megapixels made, {@code 2 MP (1.048576 rounded up)}.
   */
  static String megapixelTerm(BigDecimal raw, BigDecimal units, BigDecimal base, boolean roundUp) {
    String mp = Derivation.num(units) + megapixelUnit(base);
    if (raw.compareTo(units) == 0) return mp;
    return mp + " (" + Derivation.num(raw) + (roundUp && units.stripTrailingZeros().scale() <= 0 ? " rounded up)" : " billed at the minimum)");
  }

  /** {@code " MP"}, or {@code " MP of 2^20 px"} on the binary base. */
  static String megapixelUnit(BigDecimal base) {
    return base == BINARY_MP ? " MP of 2^20 px" : " MP";
  }

  static BigDecimal seconds(Duration d) {
    return seconds(d.toMillis());
  }

  /** {@code ms} milliseconds in seconds, at scale 3. */
  static BigDecimal seconds(long ms) {
    // whole seconds are what nearly every request asks, and a quote prices each of hundreds of offers
    if (ms >= 0 && ms % 1000 == 0 && ms / 1000 < WHOLE_SECONDS.length) return WHOLE_SECONDS[(int) (ms / 1000)];
    return BigDecimal.valueOf(ms, 3);
  }

  /**
   * {@code value} at the scale {@link #seconds} gives, where that keeps it exact, else as it is:
   * two BigDecimals of one scale compare without rescaling, and a quote compares a request's
   * seconds with several of each of hundreds of offers. Only for comparing: the scale of what a
   * price is computed from shows in the price.
   */
  static BigDecimal comparable(BigDecimal value) {
    if (value.scale() == 3) return value;
    try {
      return value.setScale(3, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      return value;
    }
  }

  /** {@code n} seconds at the scale {@link #seconds} gives, for n below 121. */
  private static final BigDecimal[] WHOLE_SECONDS = new BigDecimal[121];

  static {
    for (int i = 0; i < WHOLE_SECONDS.length; i++) WHOLE_SECONDS[i] = BigDecimal.valueOf(i * 1000L, 3);
  }

  /**
   * The size of each output: the requested size, the frame size a video resolution name stands
   * for (16:9), the input enlarged for upscales, or the default.
   */
  static Size outputSize(Request r, Size defaultSize) {
    if (r.size().isPresent()) return r.size().get();
    if (r.task().producesVideo() && r.resolution().isPresent()) {
      Optional<Size> s = Size.videoFrame(r.resolution().get());
      if (s.isPresent()) return s.get();
    }
    if (r.task() == Task.UPSCALE && r.image().isPresent() && r.image().get().size().isPresent()) {
      Size in = r.image().get().size().get();
      int f = r.upscaleFactor().orElse(2);
      return Size.of(in.width() * f, in.height() * f);
    }
    return defaultSize;
  }

  static BigDecimal outputSeconds(Request r, Duration defaultDuration) {
    return seconds(r.duration().orElse(defaultDuration));
  }

  /**
   * Megapixels of the billed input images (references and the input image). An input whose size
   * is not stated counts as one output-sized image, the common case of an edit at the same size.
   */
  static BigDecimal inputMegapixels(Request r, Size outputSize, BigDecimal base) {
    BigDecimal total = BigDecimal.ZERO;
    for (Media m : r.references()) total = total.add(megapixels(m.size().orElse(outputSize).pixels(), base));
    if (r.image().isPresent()) {
      total = total.add(megapixels(r.image().get().size().orElse(outputSize).pixels(), base));
    }
    return total;
  }

  /**
   * A rough text-token count for estimates: one token per four characters, as providers advise, of
   * the prompt, the negative prompt and a text request's system message.
   */
  static long promptTokens(Request r) {
    long chars = (long) r.prompt().map(String::length).orElse(0) + r.negativePrompt().map(String::length).orElse(0)
        + r.system().map(String::length).orElse(0);
    return (chars + 3) / 4;
  }

  static BigDecimal megapixelBase(dev.unigen.internal.JsonFields f) {
    BigDecimal base = f.decimal("megapixelBase").orElse(DECIMAL_MP);
    if (base.compareTo(DECIMAL_MP) != 0 && base.compareTo(BINARY_MP) != 0) {
      throw f.error("megapixelBase", "must be 1000000 or 1048576, was " + base);
    }
    return base.compareTo(DECIMAL_MP) == 0 ? DECIMAL_MP : BINARY_MP;
  }

  static boolean roundsUp(dev.unigen.internal.JsonFields f, String fallback) {
    String r = f.string("rounding").orElse(fallback);
    switch (r) {
      case "none": return false;
      case "up": return true;
      default: throw f.error("rounding", "must be 'none' or 'up', was '" + r + "'");
    }
  }
}
