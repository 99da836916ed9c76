package dev.unigen.provider.together;

import dev.unigen.request.Size;
import java.util.Map;
import java.util.Optional;

/**
 * What differs between Together's image models on the wire: the default step count their
 * per-megapixel price is quoted at, whether steps above it raise the bill, and whether the docs
 * say the model takes {@code aspect_ratio}. Models a user adds through a catalog override that are
 * not listed here get no defaults: width and height, no steps unless asked.
 */
final class Models {
  /** One model's traits. */
  static final class Traits {
    final int defaultSteps;
    final boolean stepPriced;
    final boolean takesAspectRatio;

    Traits(int defaultSteps, boolean stepPriced, boolean takesAspectRatio) {
      this.defaultSteps = defaultSteps;
      this.stepPriced = stepPriced;
      this.takesAspectRatio = takesAspectRatio;
    }
  }

  private static final Traits UNKNOWN = new Traits(0, false, false);

  /**
   * From Together's serverless model tables (default steps) and its image parameter docs
   * ("FLUX Schnell and the Kontext family use aspect_ratio"). The free schnell endpoint lists no
   * default steps; 4 is sent because it is schnell's and keeps the request within the few-step
   * range the model is made for.
   */
  private static final Map<String, Traits> TRAITS = Map.of(
      "black-forest-labs/FLUX.1-schnell", new Traits(4, true, true),
      "black-forest-labs/FLUX.1-schnell-Free", new Traits(4, false, true),
      "black-forest-labs/FLUX.1-dev", new Traits(28, true, false),
      "black-forest-labs/FLUX.1.1-pro", new Traits(0, false, false),
      "black-forest-labs/FLUX.1-kontext-dev", new Traits(28, true, true),
      "black-forest-labs/FLUX.1-kontext-pro", new Traits(28, true, true),
      "black-forest-labs/FLUX.1-kontext-max", new Traits(28, true, true));

  /**
   * The sizes Together's image docs give for the common ratios; any other ratio is turned into
   * about one megapixel in multiples of 16.
   */
  private static final Map<String, Size> RATIO_SIZES = Map.of(
      "1:1", Size.of(1024, 1024),
      "16:9", Size.of(1344, 768),
      "9:16", Size.of(768, 1344),
      "3:2", Size.of(1248, 832),
      "2:3", Size.of(832, 1248),
      "4:3", Size.of(1184, 864),
      "3:4", Size.of(864, 1184));

  private static final int MIN_SIDE = 256;
  private static final int MAX_SIDE = 1920;

  private Models() {}

  static Traits traits(String endpoint) {
    return TRAITS.getOrDefault(endpoint, UNKNOWN);
  }

  /**
   * The pixel size for an aspect ratio such as {@code 16:9}; empty if the text is not two
   * positive whole numbers joined by a colon.
   */
  static Optional<Size> sizeFor(String ratio) {
    Size known = RATIO_SIZES.get(ratio.trim());
    if (known != null) return Optional.of(known);
    String[] parts = ratio.trim().split(":");
    if (parts.length != 2) return Optional.empty();
    long a;
    long b;
    try {
      a = Long.parseLong(parts[0].trim());
      b = Long.parseLong(parts[1].trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (a <= 0 || b <= 0 || a > 100 || b > 100) return Optional.empty();
    // Pixel geometry, not money: a double square root is exact enough for a multiple of 16.
    double pixels = 1024.0 * 1024.0;
    int w = clamp(roundTo16(Math.sqrt(pixels * a / b)));
    int h = clamp(roundTo16(Math.sqrt(pixels * b / a)));
    return Optional.of(Size.of(w, h));
  }

  private static int roundTo16(double v) {
    return (int) Math.round(v / 16.0) * 16;
  }

  private static int clamp(int side) {
    return Math.max(MIN_SIDE, Math.min(MAX_SIDE, side));
  }
}
