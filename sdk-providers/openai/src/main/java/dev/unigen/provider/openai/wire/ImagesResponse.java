package dev.unigen.provider.openai.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The answer of {@code /images/generations} and {@code /images/edits} ({@code ImagesResponse} in
 * OpenAI's OpenAPI document): {@code created}, {@code data[]} of {@code {b64_json | url,
 * revised_prompt}}, the echoed {@code background}, {@code output_format}, {@code size} and
 * {@code quality}, and the token {@code usage} of GPT Image models. Unknown fields are ignored.
 *
 * <p>Internal to the OpenAI provider module; not part of Unigen's API. Immutable.
 */
public final class ImagesResponse {
  /**
   * One entry of {@code data[]}: the base64 image, as GPT Image models always return it; a URL, as
   * only the retired DALL·E models returned by default; the prompt the model actually used, where
   * it says.
   */
  public record Item(Optional<String> b64Json, Optional<String> url, Optional<String> revisedPrompt) {}

  private final List<Item> data;
  private final String background;
  private final String outputFormat;
  private final String size;
  private final String quality;
  private final TokenUsage usage;
  private final ErrorEnvelope error;

  private ImagesResponse(List<Item> data, String background, String outputFormat, String size, String quality,
      TokenUsage usage, ErrorEnvelope error) {
    this.data = Collections.unmodifiableList(data);
    this.background = background;
    this.outputFormat = outputFormat;
    this.size = size;
    this.quality = quality;
    this.usage = usage;
    this.error = error;
  }

  /**
   * Reads a response body already parsed as JSON ({@link dev.unigen.spi.http.Answer#object()}).
   *
   * @throws IllegalArgumentException if it is not the documented shape
   */
  public static ImagesResponse from(Map<String, Object> o) {
    List<Item> items = new ArrayList<>();
    for (Object x : Json.array(o, "data")) {
      Map<String, Object> d = Json.object(x);
      items.add(new Item(Json.text(d, "b64_json"), Json.text(d, "url"), Json.string(d, "revised_prompt")));
    }
    Object u = o.get("usage");
    TokenUsage usage = u instanceof Map ? TokenUsage.from(Json.object(u)) : null;
    return new ImagesResponse(items, Json.string(o, "background").orElse(null), Json.string(o, "output_format").orElse(null),
        Json.string(o, "size").orElse(null), Json.string(o, "quality").orElse(null), usage,
        ErrorEnvelope.from(o).orElse(null));
  }

  /** The images, in order. */
  public List<Item> data() { return data; }
  /** The echoed background, {@code transparent} or {@code opaque}. */
  public Optional<String> background() { return Optional.ofNullable(background); }
  /** The echoed output format, {@code png}, {@code webp} or {@code jpeg}. */
  public Optional<String> outputFormat() { return Optional.ofNullable(outputFormat); }
  /** The echoed size, such as {@code 1024x1536}. */
  public Optional<String> size() { return Optional.ofNullable(size); }
  /** The echoed quality, {@code low}, {@code medium} or {@code high}. */
  public Optional<String> quality() { return Optional.ofNullable(quality); }
  /** The token usage, which GPT Image models report. */
  public Optional<TokenUsage> usage() { return Optional.ofNullable(usage); }
  /** An error object carried by a 2xx answer, if any. */
  public Optional<ErrorEnvelope> error() { return Optional.ofNullable(error); }

  /**
   * The {@code usage} object: {@code input_tokens}, {@code output_tokens},
   * {@code total_tokens}, {@code input_tokens_details {text_tokens, image_tokens}} and the
   * optional {@code output_tokens_details {image_tokens, text_tokens}}. A
   * {@code cached_tokens} count inside {@code input_tokens_details}, which OpenAI's other APIs
   * report and the Image API's schema does not list, is read when present, with its
   * {@code cached_tokens_details {text_tokens, image_tokens}} split if given.
   */
  public static final class TokenUsage {
    private final Long inputTokens;
    private final Long outputTokens;
    private final Long totalTokens;
    private final Long textInputTokens;
    private final Long imageInputTokens;
    private final Long cachedTokens;
    private final Long cachedTextTokens;
    private final Long cachedImageTokens;
    private final Long imageOutputTokens;
    private final Long textOutputTokens;

    private TokenUsage(Map<String, Object> u) {
      inputTokens = count(u, "input_tokens");
      outputTokens = count(u, "output_tokens");
      totalTokens = count(u, "total_tokens");
      Map<String, Object> in = Json.object(u, "input_tokens_details");
      textInputTokens = count(in, "text_tokens");
      imageInputTokens = count(in, "image_tokens");
      cachedTokens = count(in, "cached_tokens");
      Map<String, Object> cached = Json.object(in, "cached_tokens_details");
      cachedTextTokens = count(cached, "text_tokens");
      cachedImageTokens = count(cached, "image_tokens");
      Map<String, Object> out = Json.object(u, "output_tokens_details");
      imageOutputTokens = count(out, "image_tokens");
      textOutputTokens = count(out, "text_tokens");
    }

    static TokenUsage from(Map<String, Object> u) {
      return new TokenUsage(u);
    }

    /** A whole, non-negative number at {@code key}; anything else reads as absent. */
    private static Long count(Map<String, Object> o, String key) {
      Optional<BigDecimal> d = Json.decimal(o, key);
      if (d.isEmpty() || d.get().signum() < 0) return null;
      try {
        return d.get().longValueExact();
      } catch (ArithmeticException notWhole) {
        return null;
      }
    }

    private static OptionalLong opt(Long v) {
      return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** {@code input_tokens}: text and image tokens in. */
    public OptionalLong inputTokens() { return opt(inputTokens); }
    /** {@code output_tokens}. */
    public OptionalLong outputTokens() { return opt(outputTokens); }
    /** {@code total_tokens}. */
    public OptionalLong totalTokens() { return opt(totalTokens); }
    /** {@code input_tokens_details.text_tokens}. */
    public OptionalLong textInputTokens() { return opt(textInputTokens); }
    /** {@code input_tokens_details.image_tokens}. */
    public OptionalLong imageInputTokens() { return opt(imageInputTokens); }
    /** {@code input_tokens_details.cached_tokens}, when reported. */
    public OptionalLong cachedTokens() { return opt(cachedTokens); }
    /** {@code input_tokens_details.cached_tokens_details.text_tokens}, when reported. */
    public OptionalLong cachedTextTokens() { return opt(cachedTextTokens); }
    /** {@code input_tokens_details.cached_tokens_details.image_tokens}, when reported. */
    public OptionalLong cachedImageTokens() { return opt(cachedImageTokens); }
    /** {@code output_tokens_details.image_tokens}, when reported. */
    public OptionalLong imageOutputTokens() { return opt(imageOutputTokens); }
    /** {@code output_tokens_details.text_tokens}, when reported. */
    public OptionalLong textOutputTokens() { return opt(textOutputTokens); }
  }
}
