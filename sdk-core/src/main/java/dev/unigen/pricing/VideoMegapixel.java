package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** R7: megapixels of generated video data (width × height × frames), rounded up, × a price. */
final class VideoMegapixel implements Formula {
  private final BigDecimal price;
  private final BigDecimal base;
  private final boolean roundUp;
  private final int defaultFps;

  private VideoMegapixel(BigDecimal price, BigDecimal base, boolean roundUp, int defaultFps) {
    this.price = price;
    this.base = base;
    this.roundUp = roundUp;
    this.defaultFps = defaultFps;
  }

  static VideoMegapixel read(JsonFields f) {
    return new VideoMegapixel(f.requireNonNegative("price"), Quantities.megapixelBase(f),
        Quantities.roundsUp(f, "up"),
        f.positiveInt("defaultFps").orElseThrow(() -> f.error("defaultFps", "is required")));
  }

  @Override public String kind() { return "video-megapixel"; }

  private BigDecimal cost(Size s, long frames, Derivation how) {
    BigDecimal mp = Quantities.megapixels(s.pixels() * frames, base);
    BigDecimal units = Quantities.round(mp, roundUp, null);
    if (how != null) {
      how.add(Derivation.num(units) + Quantities.megapixelUnit(base) + " (" + s + " × " + Derivation.count(frames, "frame")
          + (mp.compareTo(units) == 0 ? ")" : " = " + Derivation.num(mp) + ", rounded up)"), how.per(price, "MP"));
    }
    return units.multiply(price);
  }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration, Derivation how) {
    BigDecimal seconds = Quantities.outputSeconds(r, defaultDuration);
    long frames = seconds.multiply(BigDecimal.valueOf(r.fps().orElse(defaultFps)))
        .setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    BigDecimal one = cost(Quantities.outputSize(r, defaultSize), frames, how);
    if (how != null) how.times(r.count());
    return Quantities.times(one, r.count());
  }

  @Override
  public BigDecimal actual(Usage u, Derivation how) {
    if (u.images().isEmpty()) throw new PricingException("video-megapixel rule needs the frame size");
    long frames;
    if (u.frames().isPresent()) {
      frames = u.frames().getAsLong();
    } else {
      BigDecimal seconds = u.outputSeconds()
          .orElseThrow(() -> new PricingException("video-megapixel rule needs frames or seconds"));
      frames = seconds.multiply(BigDecimal.valueOf(u.fps().orElse(defaultFps)))
          .setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }
    BigDecimal total = BigDecimal.ZERO;
    for (Size s : u.images()) total = total.add(cost(s, frames, how));
    return total;
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
