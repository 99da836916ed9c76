package dev.unigen.provider.fal.wire;

import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One file of a model output: fal's {@code Image}, {@code File} or {@code VideoFile} object
 * ({@code url}, {@code content_type}, {@code file_name}, {@code file_size}, and where given
 * {@code width}, {@code height}, {@code duration}, {@code fps}, {@code num_frames}). A
 * {@code sync_mode} output carries a data URI in {@code url}; its bytes are decoded. Immutable.
 */
public final class OutputFile {
  private final String url;
  private final byte[] bytes;
  private final String contentType;
  private final String fileName;
  private final Integer width;
  private final Integer height;
  private final BigDecimal duration;

  private OutputFile(String url, byte[] bytes, String contentType, String fileName, Integer width, Integer height,
      BigDecimal duration) {
    this.url = url;
    this.bytes = bytes;
    this.contentType = contentType;
    this.fileName = fileName;
    this.width = width;
    this.height = height;
    this.duration = duration;
  }

  /** Reads a file object; empty if it has no usable {@code url}. */
  public static Optional<OutputFile> read(Object json) {
    Map<String, Object> o = Json.object(json);
    String url = Json.string(o, "url").orElse(null);
    if (url == null || url.isBlank()) return Optional.empty();
    byte[] bytes = null;
    String type = Json.string(o, "content_type").filter(t -> !t.isBlank() && !"null".equals(t)).orElse(null);
    if (url.startsWith("data:")) {
      try {
        DataUri d = DataUri.parse(url);
        bytes = d.bytes();
        if (type == null) type = d.mediaType();
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      url = null;
    }
    return Optional.of(new OutputFile(url, bytes, type, Json.string(o, "file_name").orElse(null),
        positive(o, "width"), positive(o, "height"),
        Json.decimal(o, "duration").filter(d -> d.signum() > 0).orElse(null)));
  }

  private static Integer positive(Map<String, Object> o, String key) {
    return Json.decimal(o, key).filter(d -> d.signum() > 0).map(BigDecimal::intValue).orElse(null);
  }

  /** The download URL, unless the content came inline. */
  public Optional<String> url() { return Optional.ofNullable(url); }
  /** The inline content of a data URI. */
  public Optional<byte[]> bytes() { return bytes == null ? Optional.empty() : Optional.of(bytes.clone()); }
  /** The media type fal stated. */
  public Optional<String> contentType() { return Optional.ofNullable(contentType); }
  /** The file name fal gave. */
  public Optional<String> fileName() { return Optional.ofNullable(fileName); }
  /** The width in pixels, if stated. */
  public OptionalInt width() { return width == null ? OptionalInt.empty() : OptionalInt.of(width); }
  /** The height in pixels, if stated. */
  public OptionalInt height() { return height == null ? OptionalInt.empty() : OptionalInt.of(height); }
  /** The length of a video in seconds, if stated. */
  public Optional<BigDecimal> duration() { return Optional.ofNullable(duration); }
}
