package dev.unigen.provider.huggingface.wire;

import dev.unigen.assets.Asset;
import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.ImageProbe;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.protocol.ReplicatePredictions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code hf-inference} text-to-image answers: {@code POST /hf-inference/models/{model}} with
 * {@link TextToImageParams#hfInference()} is answered with the raw image bytes
 * ({@code Content-Type: image/*}), or JSON {@code {"data":[{"b64_json"}]}} or
 * {@code {"output":[url]}} as the official JavaScript client also accepts. A model that is not
 * loaded yet answers 503 with {@code {"error":"Model X is currently loading","estimated_time":N}}.
 *
 * <p>Part of the module's wire layer, not of Unigen's API. Threadsafe (stateless).
 */
public final class HfInferenceWire {
  private HfInferenceWire() {}

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
    Map<String, Object> o = Json.lenient(body);
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
    Object error = Json.lenient(new String(body, StandardCharsets.UTF_8)).get("error");
    if (error instanceof String) return Optional.of((String) error);
    if (error instanceof Map) return Json.string(Json.object(error), "message").or(() -> Optional.of("error"));
    return Optional.empty();
  }

  /**
   * The images of a success answer: the raw bytes for an {@code image/*} answer (or an untyped one
   * whose bytes are an image), else the JSON forms; inline images carry the size read from their
   * header. Empty when there is none.
   *
   * @throws IllegalArgumentException if the JSON or its base64 is malformed, or the answer is
   *     neither an image nor JSON (not what hf-inference promises)
   */
  public static List<Asset> images(String contentType, byte[] body) {
    List<Asset> out = new ArrayList<>();
    if (body == null || body.length == 0) return out;
    String type = mediaType(contentType);
    if (type.startsWith("image/")) {
      out.add(inline(body, type));
    } else if (isJson(contentType)) {
      Map<String, Object> o = Json.object(Json.parse(new String(body, StandardCharsets.UTF_8)));
      for (Object item : Json.array(o, "data")) {
        Optional<String> b64 = Json.string(Json.object(item), "b64_json");
        if (b64.isEmpty()) continue;
        byte[] bytes = DataUri.decodeBase64(b64.get());
        String sniffed = MediaContent.sniff(bytes, "");
        out.add(inline(bytes, sniffed.startsWith("image/") ? sniffed : "image/jpeg"));
      }
      for (Object item : Json.array(o, "output")) {
        if (item instanceof String) {
          out.add(Asset.builder(ReplicatePredictions.mediaType((String) item, "application/octet-stream")).url((String) item).build());
        }
      }
    } else if (MediaContent.sniff(body, "").startsWith("image/")) {
      out.add(inline(body, MediaContent.sniff(body, "")));
    } else {
      throw new IllegalArgumentException("the answer is neither an image nor JSON (" + (type.isEmpty() ? "no type" : type) + ")");
    }
    return out;
  }

  /** An image sent inline, with the size in its header when it is PNG, JPEG or WebP. */
  public static Asset inline(byte[] bytes, String mediaType) {
    Asset.Builder a = Asset.builder(mediaType).bytes(bytes);
    ImageProbe.size(bytes).ifPresent(s -> a.size(s.width(), s.height()));
    return a.build();
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
