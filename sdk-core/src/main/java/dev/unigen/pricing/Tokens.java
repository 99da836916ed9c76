package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * R10: tokens × a rate card per million (text in, cached text in, image in, cached image in,
 * image out, text out). Estimates use a table of output tokens per image by size and quality,
 * input tokens per input image, about four prompt characters per token, and for text output the
 * request's {@code maxTokens} or else the offer's expected output tokens.
 */
final class Tokens implements Formula {
  private final BigDecimal textInput;
  private final BigDecimal cachedTextInput;
  private final BigDecimal imageInput;
  private final BigDecimal cachedImageInput;
  private final BigDecimal imageOutput;
  private final BigDecimal textOutput;
  private final RateTable outputTokens; // per image; null if the model makes no images
  private final long inputImageTokens;
  private final long expectedTextOutputTokens;

  private Tokens(JsonFields card, RateTable outputTokens, long inputImageTokens, long expectedTextOutputTokens) {
    textInput = card.nonNegative("textInput").orElse(BigDecimal.ZERO);
    cachedTextInput = card.nonNegative("cachedTextInput").orElse(textInput);
    imageInput = card.nonNegative("imageInput").orElse(BigDecimal.ZERO);
    cachedImageInput = card.nonNegative("cachedImageInput").orElse(imageInput);
    imageOutput = card.nonNegative("imageOutput").orElse(BigDecimal.ZERO);
    textOutput = card.nonNegative("textOutput").orElse(BigDecimal.ZERO);
    card.rejectUnknown();
    this.outputTokens = outputTokens;
    this.inputImageTokens = inputImageTokens;
    this.expectedTextOutputTokens = expectedTextOutputTokens;
  }

  static Tokens read(JsonFields f) {
    JsonFields card = f.object("perMillion").orElseThrow(() -> f.error("perMillion", "is required"));
    RateTable out = null;
    if (f.has("outputTokensPerImage")) {
      out = RateTable.read(f, "outputTokensPerImage", "tokens", RateTable.IMAGE_KEYS);
      for (int i = 0; i < out.table.length; i++) {
        if (out.table[i].value.stripTrailingZeros().scale() > 0) {
          throw new dev.unigen.internal.JsonPathException(f.path("outputTokensPerImage") + "[" + i + "].tokens",
              "expected a whole number");
        }
      }
    }
    long inputTokens = f.integer("inputTokensPerImage").orElse(0L);
    if (inputTokens < 0) throw f.error("inputTokensPerImage", "must not be negative");
    long textOut = f.integer("expectedTextOutputTokens").orElse(0L);
    if (textOut < 0) throw f.error("expectedTextOutputTokens", "must not be negative");
    return new Tokens(card, out, inputTokens, textOut);
  }

  @Override public String kind() { return "tokens"; }

  private static BigDecimal cost(long tokens, BigDecimal perMillion) {
    return tokens == 0 ? BigDecimal.ZERO
        : BigDecimal.valueOf(tokens).multiply(perMillion).scaleByPowerOfTen(-6);
  }

  /** {@code tokens} at {@code perMillion}, said into {@code how} as {@code 60 tokens in × 1.25 USD/1M}; none if no tokens. */
  private static BigDecimal cost(long tokens, BigDecimal perMillion, String what, Derivation how) {
    if (how != null && tokens != 0) how.add(Derivation.count(tokens, "token") + " " + what, how.per(perMillion, "1M"));
    return cost(tokens, perMillion);
  }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration, Derivation how) {
    // A text request's own bound on its answer is the expected output when it gives one.
    long textOut = r.maxTokens().isPresent() ? r.maxTokens().getAsInt() : expectedTextOutputTokens;
    BigDecimal total = cost(Quantities.promptTokens(r), textInput, "in", how)
        .add(cost(textOut, textOutput, "out", how));
    int inputs = r.references().size() + (r.image().isPresent() ? 1 : 0);
    total = total.add(cost(inputs * inputImageTokens, imageInput, "of images in", how));
    if (outputTokens != null) {
      BigDecimal perImage = outputTokens.lookup(Quantities.outputSize(r, defaultSize), r.quality().orElse(null),
          r.resolution().orElse(null), null, null);
      long each = perImage.longValueExact();
      BigDecimal out = cost(each * r.count(), imageOutput);
      if (how != null && each != 0) {
        how.add((r.count() == 1 ? "" : r.count() + " × ") + Derivation.count(each, "token") + " of image out",
            how.per(imageOutput, "1M"));
      }
      total = total.add(out);
    }
    return total;
  }

  @Override
  public BigDecimal actual(Usage u, Derivation how) {
    return cost(u.textInputTokens(), textInput, "in", how)
        .add(cost(u.cachedTextInputTokens(), cachedTextInput, "in cached", how))
        .add(cost(u.imageInputTokens(), imageInput, "of images in", how))
        .add(cost(u.cachedImageInputTokens(), cachedImageInput, "of images in cached", how))
        .add(cost(u.imageOutputTokens(), imageOutput, "of image out", how))
        .add(cost(u.textOutputTokens(), textOutput, "out", how));
  }

  @Override
  public String unitName() {
    return "token";
  }
}
