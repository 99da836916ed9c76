package dev.unigen.provider.openai;

import dev.unigen.request.Size;
import java.util.Map;
import java.util.Optional;

/**
 * Size rules of the GPT Image models, from the image-generation guide
 * (https://developers.openai.com/api/docs/guides/image-generation#size-and-quality-options) and
 * the {@code size} field of the OpenAPI document, and the documented output-token counts used
 * when a response carries no {@code usage}.
 */
final class ImageSizes {
  /** The sizes every GPT Image model takes: square, landscape, portrait. */
  static final Map<String, Size> BY_ASPECT_RATIO = Map.of(
      "1:1", Size.of(1024, 1024), "3:2", Size.of(1536, 1024), "2:3", Size.of(1024, 1536));

  static final int FLEX_MULTIPLE = 16;
  static final int FLEX_MAX_EDGE = 3840;
  static final long FLEX_MIN_PIXELS = 655_360;
  static final long FLEX_MAX_PIXELS = 8_294_400;
  static final int FLEX_MAX_RATIO = 3;

  /** Output tokens per image of the models before gpt-image-2, by size then low/medium/high (guide, "Cost and latency"). */
  private static final Map<String, long[]> LEGACY_TOKENS = Map.of(
      "1024x1024", new long[] {272, 1056, 4160},
      "1024x1536", new long[] {408, 1584, 6240},
      "1536x1024", new long[] {400, 1568, 6208});

  private ImageSizes() {}

  /** True for gpt-image-2 and its snapshots, which take any size within the flexible rules. */
  static boolean flexible(String model) {
    return model.equals("gpt-image-2") || model.startsWith("gpt-image-2-");
  }

  /** Why {@code size} breaks gpt-image-2's rules; empty if it keeps them. */
  static Optional<String> flexibleProblem(Size size) {
    int w = size.width(), h = size.height();
    int longEdge = Math.max(w, h), shortEdge = Math.min(w, h);
    if (w % FLEX_MULTIPLE != 0 || h % FLEX_MULTIPLE != 0) {
      return Optional.of("size " + size + ": both edges must be multiples of " + FLEX_MULTIPLE);
    }
    if (longEdge > FLEX_MAX_EDGE) return Optional.of("size " + size + ": the longest edge may be " + FLEX_MAX_EDGE + " px");
    if (longEdge > (long) FLEX_MAX_RATIO * shortEdge) {
      return Optional.of("size " + size + ": the long edge may be at most " + FLEX_MAX_RATIO + " times the short edge");
    }
    if (size.pixels() < FLEX_MIN_PIXELS || size.pixels() > FLEX_MAX_PIXELS) {
      return Optional.of("size " + size + ": total pixels must be within " + FLEX_MIN_PIXELS + ".." + FLEX_MAX_PIXELS);
    }
    return Optional.empty();
  }

  /**
   * The output tokens OpenAI documents for one image of {@code size} at {@code quality} (low,
   * medium or high): gpt-image-2's calculator formula, or the table of the earlier models.
   * Empty when the documentation gives no count for that size or quality.
   */
  static Optional<Long> documentedOutputTokens(String model, Size size, String quality) {
    int index = "low".equals(quality) ? 0 : "medium".equals(quality) ? 1 : "high".equals(quality) ? 2 : -1;
    if (index < 0) return Optional.empty();
    if (flexible(model)) return Optional.of(flexibleTokens(new long[] {16, 48, 96}[index], size));
    long[] row = LEGACY_TOKENS.get(size.toString());
    return row == null ? Optional.empty() : Optional.of(row[index]);
  }

  /**
   * gpt-image-2's output tokens for one image, as the guide's calculator computes them: with
   * a quality factor q (16, 48, 96), {@code s = floor((2q·short + long) / (2·long))} and
   * {@code tokens = ceil(q·s·(2,000,000 + w·h) / 4,000,000)}. 1024x1024 at high gives 7,024,
   * which at $30 per 1M is the guide's $0.211.
   */
  static long flexibleTokens(long q, Size size) {
    long longEdge = Math.max(size.width(), size.height());
    long shortEdge = Math.min(size.width(), size.height());
    long s = (2 * q * shortEdge + longEdge) / (2 * longEdge);
    return (q * s * (2_000_000L + size.pixels()) + 4_000_000L - 1) / 4_000_000L;
  }
}
