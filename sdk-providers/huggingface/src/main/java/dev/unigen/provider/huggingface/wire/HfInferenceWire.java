package dev.unigen.provider.huggingface.wire;

import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code hf-inference} text-to-image wire format:
 * {@code POST /hf-inference/models/{model}} with {@code {"inputs": prompt, "parameters": {...}}}
 * (the Inference Providers text-to-image task specification), answered with the raw image bytes
 * ({@code Content-Type: image/*}), or JSON {@code {"data":[{"b64_json"}]}} or
 * {@code {"output":[url]}} as the official JavaScript client also accepts. A model that is not
 * loaded yet answers 503 with {@code {"error":"Model X is currently loading","estimated_time":N}}.
 *
 * <p>Part of the module's wire layer, not of Unigen's API. Threadsafe (stateless).
 */
public final class HfInferenceWire {
  private HfInferenceWire() {}

  /** The request body; {@link TextToImageParams#extras()} are added to {@code parameters}. */
  public static byte[] requestBody(TextToImageParams p) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    p.guidance().ifPresent(g -> parameters.put("guidance_scale", g));
    p.negativePrompt().ifPresent(n -> parameters.put("negative_prompt", n));
    p.steps().ifPresent(s -> parameters.put("num_inference_steps", s));
    p.size().ifPresent(s -> {
      parameters.put("width", s.width());
      parameters.put("height", s.height());
    });
    p.seed().ifPresent(s -> parameters.put("seed", s));
    parameters.putAll(p.extras());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("inputs", p.prompt());
    if (!parameters.isEmpty()) body.put("parameters", parameters);
    return Json.bytes(body);
  }

  /** What a "model is loading" answer said. Immutable. */
  public static final class Loading {
    private final String message;
    private final BigDecimal estimatedSeconds;

    Loading(String message, BigDecimal estimatedSeconds) {
      this.message = message;
      this.estimatedSeconds = estimatedSeconds;
    }

    /** The provider's message, such as {@code Model X is currently loading}. */
    public String message() { return message; }
    /** How long the provider expects loading to take, in seconds. */
    public Optional<BigDecimal> estimatedSeconds() { return Optional.ofNullable(estimatedSeconds); }
  }

  /**
   * Reads a 503 body as a "model is loading" answer: an object with a numeric
   * {@code estimated_time}, or whose {@code error} says the model is loading. Empty for any other
   * body, such as a plain overload.
   */
  public static Optional<Loading> loading(String body) {
    if (body == null || body.isBlank()) return Optional.empty();
    Map<String, Object> o;
    try {
      o = Json.object(Json.parse(body));
    } catch (IllegalArgumentException notJson) {
      return Optional.empty();
    }
    String error = Json.string(o, "error").orElse("");
    BigDecimal estimated = Json.decimal(o, "estimated_time").filter(d -> d.signum() >= 0).orElse(null);
    boolean saysLoading = error.toLowerCase(Locale.ROOT).contains("currently loading");
    if (estimated == null && !saysLoading) return Optional.empty();
    return Optional.of(new Loading(error.isEmpty() ? "model is loading" : error, estimated));
  }

  /**
   * The {@code error} of a JSON answer that came with a success status, if any: such an answer
   * carries no image.
   */
  public static Optional<String> errorIn(String contentType, byte[] body) {
    if (!isJson(contentType)) return Optional.empty();
    try {
      Map<String, Object> o = Json.object(Json.parse(new String(body, StandardCharsets.UTF_8)));
      Object error = o.get("error");
      if (error instanceof String) return Optional.of((String) error);
      if (error instanceof Map) return Json.string(Json.object(error), "message").or(() -> Optional.of("error"));
      return Optional.empty();
    } catch (IllegalArgumentException notJson) {
      return Optional.empty();
    }
  }

  /**
   * The images of a success answer: the raw bytes for an {@code image/*} answer (or an untyped one
   * whose bytes are an image), else the JSON forms. Empty when there is none.
   *
   * @throws IllegalArgumentException if the JSON or its base64 is malformed
   */
  public static List<WireImage> images(String contentType, byte[] body) {
    List<WireImage> out = new ArrayList<>();
    if (body == null || body.length == 0) return out;
    String type = mediaType(contentType);
    if (type.startsWith("image/")) {
      out.add(WireImage.ofBytes(body, type));
      return out;
    }
    if (isJson(contentType)) {
      Map<String, Object> o = Json.object(Json.parse(new String(body, StandardCharsets.UTF_8)));
      for (Object item : Json.array(o, "data")) {
        String b64 = Json.string(Json.object(item), "b64_json").orElse(null);
        if (b64 == null) continue;
        byte[] bytes = DataUri.decodeBase64(b64);
        out.add(WireImage.ofBytes(bytes, imageType(MediaContent.sniff(bytes, ""), "image/jpeg")));
      }
      for (Object item : Json.array(o, "output")) {
        if (item instanceof String) out.add(WireImage.ofUrl((String) item, typeFromUrl((String) item)));
      }
      return out;
    }
    String sniffed = MediaContent.sniff(body, "");
    if (sniffed.startsWith("image/")) out.add(WireImage.ofBytes(body, sniffed));
    return out;
  }

  /** The media type a URL's file name suggests, or {@code application/octet-stream}. */
  static String typeFromUrl(String url) {
    String path = url;
    int q = path.indexOf('?');
    if (q >= 0) path = path.substring(0, q);
    int slash = path.lastIndexOf('/');
    return MediaContent.sniff(new byte[0], slash >= 0 ? path.substring(slash + 1) : path);
  }

  private static String imageType(String sniffed, String fallback) {
    return sniffed.startsWith("image/") ? sniffed : fallback;
  }

  private static boolean isJson(String contentType) {
    String t = mediaType(contentType);
    return t.equals("application/json") || t.equals("application/problem+json") || t.endsWith("+json");
  }

  private static String mediaType(String contentType) {
    if (contentType == null) return "";
    int semi = contentType.indexOf(';');
    return (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
  }
}
