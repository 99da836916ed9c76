package dev.unigen.spi.http;

import java.util.Base64;
import java.util.Objects;

/** {@code data:<type>;base64,<content>} URIs and bare base64, both ways. Immutable. */
public final class DataUri {
  private final String mediaType;
  private final byte[] bytes;

  private DataUri(String mediaType, byte[] bytes) {
    this.mediaType = mediaType;
    this.bytes = bytes;
  }

  /**
   * Parses a base64 data URI.
   *
   * @throws IllegalArgumentException if it is not one or its content is not base64
   */
  public static DataUri parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    int comma = uri.indexOf(',');
    if (!uri.startsWith("data:") || comma < 0 || !uri.substring(0, comma).endsWith(";base64")) {
      throw new IllegalArgumentException("not a base64 data URI");
    }
    String type = uri.substring(5, uri.indexOf(';'));
    return new DataUri(type.isEmpty() ? "application/octet-stream" : type, decodeBase64(uri.substring(comma + 1)));
  }

  /**
   * Decodes bare base64 (standard or URL-safe alphabet, padding optional).
   *
   * @throws IllegalArgumentException if the text is not base64
   */
  public static byte[] decodeBase64(String base64) {
    String s = base64.trim();
    return (s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getMimeDecoder()).decode(s);
  }

  /** Returns the data URI of {@code bytes} with {@code mediaType}. */
  public static String encode(byte[] bytes, String mediaType) {
    return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }

  /** The media type named in the URI. */
  public String mediaType() {
    return mediaType;
  }

  /** The decoded content. */
  public byte[] bytes() {
    return bytes.clone();
  }
}
