package dev.unigen.provider.stability.wire;

import dev.unigen.request.Size;
import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.ImageProbe;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.Seeds;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One image as Stability returns it, in either of its two shapes: the raw bytes (with
 * {@code accept: image/*}), with the finish reason and seed in the {@code finish-reason} and
 * {@code seed} headers; or {@code {"image": "<base64>", "seed": 343940597, "finish_reason":
 * "SUCCESS"}} (with {@code accept: application/json}), whose content type names the image's type
 * as in {@code application/json; type=image/png}. Internal to the Stability module; not part of
 * Unigen's API. Immutable.
 */
public final class ImageResult {
  /** The finish reason of an image that was made as asked. */
  public static final String SUCCESS = "SUCCESS";
  /** The finish reason of an image that broke the content policy and was blurred. */
  public static final String CONTENT_FILTERED = "CONTENT_FILTERED";

  private final byte[] bytes;
  private final String mediaType;
  private final String finishReason;
  private final Long seed;
  private final Size size;

  private ImageResult(byte[] bytes, String mediaType, String finishReason, Long seed) {
    this.bytes = bytes;
    this.mediaType = mediaType;
    this.finishReason = finishReason;
    this.seed = seed;
    this.size = ImageProbe.size(bytes).orElse(null);
  }

  /**
   * Reads a raw image body. {@code contentType}, {@code finishReason} and {@code seed} are the
   * response's headers, each possibly null; the media type is sniffed when the header does not name
   * an image type.
   *
   * @throws IllegalArgumentException if the body is empty
   */
  public static ImageResult fromBytes(byte[] body, String contentType, String finishReason, String seed) {
    if (body.length == 0) throw new IllegalArgumentException("empty image body");
    String type = baseType(contentType);
    if (type == null || !type.startsWith("image/")) type = MediaContent.sniff(body, "");
    Long s = null;
    if (seed != null) {
      OptionalLong parsed = Seeds.parse(seed);
      if (parsed.isPresent()) s = parsed.getAsLong();
    }
    return new ImageResult(body.clone(), type, blankToNull(finishReason), s);
  }

  /**
   * Reads the JSON shape; empty if the object has no {@code image}.
   *
   * @throws IllegalArgumentException if {@code image} is not base64
   */
  public static Optional<ImageResult> fromJson(Map<String, Object> json, String contentType) {
    Optional<String> image = Json.text(json, "image");
    if (image.isEmpty()) return Optional.empty();
    byte[] bytes = DataUri.decodeBase64(image.get());
    if (bytes.length == 0) return Optional.empty();
    String type = typeParameter(contentType);
    if (type == null) type = MediaContent.sniff(bytes, "");
    OptionalLong seed = Seeds.parse(json.get("seed"));
    String finish = Json.string(json, "finish_reason").orElse(null);
    return Optional.of(new ImageResult(bytes, type, blankToNull(finish), seed.isPresent() ? seed.getAsLong() : null));
  }

  /** The image. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Its media type, such as {@code image/png}. */
  public String mediaType() {
    return mediaType;
  }

  /** {@code SUCCESS}, {@code CONTENT_FILTERED}, or absent when Stability did not say. */
  public Optional<String> finishReason() {
    return Optional.ofNullable(finishReason);
  }

  /** True if Stability blurred the image because it broke the content policy. */
  public boolean filtered() {
    return CONTENT_FILTERED.equalsIgnoreCase(finishReason);
  }

  /** The seed Stability used. */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /** The pixel size read from the image's header, when the format is known. */
  public Optional<Size> size() {
    return Optional.ofNullable(size);
  }

  /** True if {@code contentType} is JSON, Stability's {@code application/json; type=image/png} included. */
  public static boolean isJson(String contentType) {
    String t = baseType(contentType);
    return t != null && (t.equals("application/json") || t.endsWith("+json"));
  }

  private static String baseType(String contentType) {
    if (contentType == null || contentType.isBlank()) return null;
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** The {@code type=} parameter of {@code application/json; type=image/png}. */
  private static String typeParameter(String contentType) {
    if (contentType == null) return null;
    for (String part : contentType.split(";")) {
      String p = part.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("type=")) {
        String v = p.substring(5).trim().replace("\"", "");
        return v.startsWith("image/") ? v.toLowerCase(Locale.ROOT) : null;
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    return "ImageResult(" + mediaType + (size != null ? " " + size : "") + " " + bytes.length + " bytes"
        + (finishReason != null ? " " + finishReason : "") + ")";
  }
}
