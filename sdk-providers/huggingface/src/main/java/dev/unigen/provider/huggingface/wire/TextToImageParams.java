package dev.unigen.provider.huggingface.wire;

import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.spi.protocol.TogetherImages;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The text-to-image values every route sends, read once from a {@link Request}: prompt, negative
 * prompt, size, steps, guidance, seed, count and output format, plus the caller's raw extra
 * parameters. Each route writes them under its own field names ({@link #hfInference},
 * {@link #falInput}, {@link #replicateInput}, {@link #together}); the extras are added last and win
 * on a name clash.
 *
 * <p>Part of the module's wire layer, not of Unigen's API. Immutable.
 */
public final class TextToImageParams {
  /** The pixel area a size derived from an aspect ratio aims at: 1024×1024. */
  private static final double TARGET_AREA = 1024.0 * 1024.0;

  private final String prompt;
  private final String negativePrompt;
  private final Size size;
  private final boolean sizeDerived;
  private final String aspectRatio;
  private final Integer steps;
  private final BigDecimal guidance;
  private final Long seed;
  private final int count;
  private final String outputFormat;
  private final Map<String, Object> extras;

  private TextToImageParams(Request r, Map<String, Object> extras) {
    this.prompt = Objects.requireNonNull(r.prompt().orElse(null), "prompt");
    this.negativePrompt = r.negativePrompt().orElse(null);
    this.aspectRatio = r.aspectRatio().orElse(null);
    Size s = r.size().orElse(null);
    boolean derived = false;
    if (s == null && aspectRatio != null) {
      s = sizeFor(aspectRatio);
      derived = s != null;
    }
    this.size = s;
    this.sizeDerived = derived;
    this.steps = r.steps().isPresent() ? r.steps().getAsInt() : null;
    this.guidance = r.guidance().orElse(null);
    this.seed = r.seed().isPresent() ? r.seed().getAsLong() : null;
    this.count = r.count();
    this.outputFormat = r.outputFormat().map(f -> f.toLowerCase(Locale.ROOT)).orElse(null);
    this.extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
  }

  /**
   * Reads {@code request}; {@code extras} are raw parameters the caller asked to pass as they
   * are (the module's {@code providerOptions} minus the keys it consumes itself).
   *
   * @throws NullPointerException if the request has no prompt
   */
  public static TextToImageParams from(Request request, Map<String, Object> extras) {
    return new TextToImageParams(request, extras);
  }

  /**
   * The size for an aspect ratio {@code "W:H"}, about 1024×1024 in area with both sides rounded
   * to a multiple of 64, or null when the text is not a ratio of two positive numbers.
   */
  static Size sizeFor(String ratio) {
    String[] parts = ratio.split(":");
    if (parts.length != 2) return null;
    double w;
    double h;
    try {
      w = Double.parseDouble(parts[0].trim());
      h = Double.parseDouble(parts[1].trim());
    } catch (NumberFormatException e) {
      return null;
    }
    if (!(w > 0) || !(h > 0) || Double.isInfinite(w) || Double.isInfinite(h)) return null;
    int width = roundTo64(Math.sqrt(TARGET_AREA * w / h));
    int height = roundTo64(Math.sqrt(TARGET_AREA * h / w));
    return Size.of(width, height);
  }

  private static int roundTo64(double v) {
    return (int) Math.max(64, Math.round(v / 64.0) * 64);
  }

  /** The prompt. */
  public String prompt() { return prompt; }
  /** The negative prompt. */
  public Optional<String> negativePrompt() { return Optional.ofNullable(negativePrompt); }
  /** The output size: the requested one, or one derived from the requested aspect ratio. */
  public Optional<Size> size() { return Optional.ofNullable(size); }
  /** True when {@link #size()} was derived from an aspect ratio rather than asked for. */
  public boolean sizeDerived() { return sizeDerived; }
  /** The requested aspect ratio, such as {@code 16:9}. */
  public Optional<String> aspectRatio() { return Optional.ofNullable(aspectRatio); }
  /** Inference steps. */
  public OptionalInt steps() { return steps == null ? OptionalInt.empty() : OptionalInt.of(steps); }
  /** Guidance scale. */
  public Optional<BigDecimal> guidance() { return Optional.ofNullable(guidance); }
  /** The seed; may use all 64 bits. */
  public OptionalLong seed() { return seed == null ? OptionalLong.empty() : OptionalLong.of(seed); }
  /** How many images, at least 1. */
  public int count() { return count; }
  /** The output format in lower case, such as {@code png}. */
  public Optional<String> outputFormat() { return Optional.ofNullable(outputFormat); }
  /** Raw parameters passed as they are; they win over the values above on a name clash. */
  public Map<String, Object> extras() { return extras; }

  /**
   * The {@code hf-inference} body of the task specification: {@code {"inputs": prompt, "parameters":
   * {guidance_scale, negative_prompt, num_inference_steps, width, height, seed, ...extras}}}.
   */
  public Map<String, Object> hfInference() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    guidance().ifPresent(g -> parameters.put("guidance_scale", g));
    negativePrompt().ifPresent(n -> parameters.put("negative_prompt", n));
    steps().ifPresent(s -> parameters.put("num_inference_steps", s));
    size().ifPresent(s -> {
      parameters.put("width", s.width());
      parameters.put("height", s.height());
    });
    seed().ifPresent(s -> parameters.put("seed", s));
    parameters.putAll(extras);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("inputs", prompt);
    if (!parameters.isEmpty()) body.put("parameters", parameters);
    return body;
  }

  /**
   * fal's FLUX-style model input: {@code prompt}, {@code image_size {width, height}},
   * {@code num_inference_steps}, {@code guidance_scale}, {@code seed}, {@code num_images},
   * {@code negative_prompt}, {@code output_format}.
   */
  public Map<String, Object> falInput() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("prompt", prompt);
    size().ifPresent(s -> {
      Map<String, Object> imageSize = new LinkedHashMap<>();
      imageSize.put("width", s.width());
      imageSize.put("height", s.height());
      body.put("image_size", imageSize);
    });
    steps().ifPresent(s -> body.put("num_inference_steps", s));
    guidance().ifPresent(g -> body.put("guidance_scale", g));
    seed().ifPresent(s -> body.put("seed", s));
    if (count > 1) body.put("num_images", count);
    negativePrompt().ifPresent(n -> body.put("negative_prompt", n));
    outputFormat().ifPresent(f -> body.put("output_format", f.equals("jpg") ? "jpeg" : f));
    body.putAll(extras);
    return body;
  }

  /**
   * A Replicate prediction's {@code input}, under the names Hugging Face's clients pass
   * ({@code width}, {@code height} unless derived from the ratio, {@code aspect_ratio},
   * {@code num_inference_steps}, {@code guidance_scale}, {@code negative_prompt}, {@code seed},
   * {@code num_outputs}, {@code output_format}); each model takes the ones its own schema has.
   */
  public Map<String, Object> replicateInput() {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("prompt", prompt);
    if (size != null && !sizeDerived) {
      input.put("width", size.width());
      input.put("height", size.height());
    }
    aspectRatio().ifPresent(a -> input.put("aspect_ratio", a));
    steps().ifPresent(s -> input.put("num_inference_steps", s));
    guidance().ifPresent(g -> input.put("guidance_scale", g));
    negativePrompt().ifPresent(n -> input.put("negative_prompt", n));
    seed().ifPresent(s -> input.put("seed", s));
    if (count > 1) input.put("num_outputs", count);
    outputFormat().ifPresent(f -> input.put("output_format", f.equals("jpeg") ? "jpg" : f));
    input.putAll(extras);
    return input;
  }

  /**
   * Together's images body for {@code model}, asking for {@code base64} as both official Hugging Face
   * clients do ({@code steps}, not {@code num_inference_steps}).
   */
  public Map<String, Object> together(String model) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(TogetherImages.MODEL, model);
    body.put(TogetherImages.PROMPT, prompt);
    body.put(TogetherImages.RESPONSE_FORMAT, TogetherImages.FORMAT_BASE64);
    size().ifPresent(s -> {
      body.put(TogetherImages.WIDTH, s.width());
      body.put(TogetherImages.HEIGHT, s.height());
    });
    steps().ifPresent(s -> body.put(TogetherImages.STEPS, s));
    seed().ifPresent(s -> body.put(TogetherImages.SEED, s));
    if (count > 1) body.put(TogetherImages.N, count);
    negativePrompt().ifPresent(n -> body.put(TogetherImages.NEGATIVE_PROMPT, n));
    guidance().ifPresent(g -> body.put(TogetherImages.GUIDANCE_SCALE, g));
    outputFormat().ifPresent(f -> body.put(TogetherImages.OUTPUT_FORMAT, f.equals("jpg") ? "jpeg" : f));
    body.putAll(extras);
    return body;
  }
}
