package dev.unigen.provider.openai;

import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import dev.unigen.provider.openai.wire.ImagesResponse;
import dev.unigen.provider.openai.wire.ImagesResponse.TokenUsage;
import dev.unigen.request.Size;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.ImageProbe;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a successful Image API answer into a {@link ProviderOutput}: each {@code b64_json} becomes
 * an asset holding the decoded bytes, its media type sniffed from them (else the echoed
 * {@code output_format}), its size read from the image header (else the echoed or requested
 * size); and the {@code usage} tokens become the {@link Usage} the token price rule multiplies by
 * the rate card, so the actual cost is computed from what OpenAI reports having processed.
 */
final class ImageOutputs {
  private static final Map<String, String> MEDIA_TYPES = Map.of("png", "image/png", "jpeg", "image/jpeg",
      "jpg", "image/jpeg", "webp", "image/webp");
  private static final Set<String> PRICED_QUALITIES = Set.of("low", "medium", "high");

  private ImageOutputs() {}

  /**
   * Maps a 2xx answer.
   *
   * @throws NoOutputException if it holds no image
   * @throws dev.unigen.GenerationException of the right type if it carries an error object
   * @throws IllegalArgumentException if it is not the documented JSON (the exchange reports an
   *     unknown outcome: the call may have been billed)
   */
  static ProviderOutput read(String provider, ImageCall call, Answer answer, Redactor redactor) {
    int status = answer.status();
    // parsed straight from the bytes: a base64 image is megabytes, not worth decoding to text first
    ImagesResponse response = ImagesResponse.from(answer.object());
    if (response.error().isPresent() && response.data().isEmpty()) {
      throw OpenAiErrors.inSuccess(provider, status, response.error().get(), redactor);
    }
    ProviderOutput.Builder out = ProviderOutput.builder();
    call.warnings.forEach(out::warning);
    Optional<Size> echoedSize = response.size().flatMap(ImageOutputs::parseSize);
    String echoedType = response.outputFormat().map(f -> MEDIA_TYPES.get(f.toLowerCase(Locale.ROOT))).orElse(null);
    String requestedType = call.requestedFormat == null ? null : MEDIA_TYPES.get(call.requestedFormat);
    List<Size> sizes = new ArrayList<>();
    int count = 0;
    for (ImagesResponse.Item item : response.data()) {
      Asset.Builder asset;
      Size size;
      if (item.b64Json().isPresent()) {
        byte[] bytes;
        try {
          bytes = DataUri.decodeBase64(item.b64Json().get());
        } catch (IllegalArgumentException e) {
          throw new ProviderFailureException(provider, status + " data[" + count + "].b64_json is not base64", status,
              false, null);
        }
        if (bytes.length == 0) continue;
        String sniffed = MediaContent.sniff(bytes, "");
        String type = sniffed.startsWith("image/") ? sniffed : firstNonNull(echoedType, requestedType, "image/png");
        size = ImageProbe.size(bytes).or(() -> echoedSize).orElse(call.requestedSize);
        asset = Asset.builder(type).bytes(bytes);
      } else if (item.url().isPresent()) {
        size = echoedSize.orElse(call.requestedSize);
        asset = Asset.builder(firstNonNull(echoedType, requestedType, "image/png")).url(item.url().get());
      } else {
        continue;
      }
      if (size != null) {
        asset.size(size.width(), size.height());
        sizes.add(size);
      }
      out.asset(asset.build());
      count++;
    }
    if (count == 0) {
      throw new NoOutputException(provider, redactor.redact(status + " answer without any image"
          + response.error().map(e -> " (" + e.code().or(e::type).orElse("error") + ": " + e.message() + ")").orElse("")));
    }
    String quality = response.quality().map(q -> q.toLowerCase(Locale.ROOT))
        .or(() -> Optional.ofNullable(call.requestedQuality)).filter(PRICED_QUALITIES::contains).orElse(null);
    Usage.Builder usage = Usage.builder().count(count);
    sizes.forEach(s -> usage.image(s.width(), s.height()));
    if (quality != null) usage.quality(quality);
    if (response.usage().isPresent()) {
      tokens(response.usage().get(), call, usage, out);
    } else {
      documentedTokens(call, sizes, count, quality, usage, out);
    }
    answer.header("x-request-id").filter(id -> !id.isBlank()).ifPresent(out::providerRequestId);
    return out.usage(usage.build()).build();
  }

  /** The reported tokens, split the way the rate card prices them. */
  private static void tokens(TokenUsage t, ImageCall call, Usage.Builder usage, ProviderOutput.Builder out) {
    long text;
    long image;
    if (t.textInputTokens().isPresent() || t.imageInputTokens().isPresent()) {
      text = t.textInputTokens().orElse(0);
      image = t.imageInputTokens().orElse(0);
    } else {
      long in = t.inputTokens().orElse(0);
      if (call.inputImages == 0) {
        text = in;
        image = 0;
      } else {
        // No split: image input is the dearer rate on every GPT Image model, so this is an upper bound.
        text = 0;
        image = in;
        if (in > 0) out.warning("usage has no input_tokens_details; " + in + " input tokens priced as image input, an upper bound");
      }
    }
    long cachedText = 0;
    long cachedImage = 0;
    if (t.cachedTextTokens().isPresent() || t.cachedImageTokens().isPresent()) {
      cachedText = Math.min(text, t.cachedTextTokens().orElse(0));
      cachedImage = Math.min(image, t.cachedImageTokens().orElse(0));
    } else if (t.cachedTokens().orElse(0) > 0) {
      out.warning("usage reports " + t.cachedTokens().getAsLong() + " cached input tokens without a text/image split;"
          + " they are priced at the uncached rates, an upper bound");
    }
    usage.textInputTokens(text - cachedText).cachedTextInputTokens(cachedText)
        .imageInputTokens(image - cachedImage).cachedImageInputTokens(cachedImage);
    if (t.imageOutputTokens().isPresent() || t.textOutputTokens().isPresent()) {
      usage.imageOutputTokens(t.imageOutputTokens().orElse(0)).textOutputTokens(t.textOutputTokens().orElse(0));
    } else {
      usage.imageOutputTokens(t.outputTokens().orElse(0));
    }
  }

  /**
   * Without {@code usage} (a proxy may drop it), the output tokens are computed from the
   * produced images with OpenAI's documented per-image counts; the input tokens stay unknown.
   */
  private static void documentedTokens(ImageCall call, List<Size> sizes, int count, String quality,
      Usage.Builder usage, ProviderOutput.Builder out) {
    String q = quality;
    if (q == null) {
      q = "high";
      out.warning("no usage and no quality in the answer; output tokens counted at high quality, an upper bound");
    }
    long total = 0;
    boolean complete = sizes.size() == count;
    for (Size s : sizes) {
      Optional<Long> tokens = ImageSizes.documentedOutputTokens(call.model, s, q);
      if (tokens.isEmpty()) {
        complete = false;
        continue;
      }
      total += tokens.get();
    }
    usage.imageOutputTokens(total);
    out.warning("the answer has no usage; the cost covers " + total + " image output tokens from OpenAI's documented"
        + " per-image counts" + (complete ? "" : " for the images whose size has a documented count")
        + "; input tokens are unknown and not included");
  }

  private static Optional<Size> parseSize(String text) {
    try {
      return Optional.of(Size.parse(text));
    } catch (IllegalArgumentException auto) {
      return Optional.empty();
    }
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T v : values) if (v != null) return v;
    return null;
  }
}
