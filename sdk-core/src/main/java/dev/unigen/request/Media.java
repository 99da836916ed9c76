package dev.unigen.request;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An input image or video: a URL, a local file, bytes in memory, or a data URI. Each provider
 * sends it the way it takes inputs (a URL, inline base64, or an upload).
 *
 * <p>Where the pixel size or the duration is known, pricing uses it (input megapixels and input
 * seconds are billed by some providers); {@link #withSize} and {@link #withDuration} state them.
 * Immutable and threadsafe; the bytes given to {@link #bytes} are copied.
 */
public final class Media {
  /** Where the content of a {@link Media} comes from. */
  public enum Kind {
    /** A public http(s) URL. */
    URL,
    /** A local file. */
    FILE,
    /** Bytes in memory. */
    BYTES,
    /** A {@code data:} URI carrying base64 content. */
    DATA_URI
  }

  private final Kind kind;
  private final String url;
  private final Path file;
  private final byte[] bytes;
  private final String mediaType;
  private final Size size;
  private final Duration duration;

  private Media(Kind kind, String url, Path file, byte[] bytes, String mediaType, Size size,
      Duration duration) {
    this.kind = kind;
    this.url = url;
    this.file = file;
    this.bytes = bytes;
    this.mediaType = mediaType;
    this.size = size;
    this.duration = duration;
  }

  /**
   * Returns media at an http or https URL.
   *
   * @throws IllegalArgumentException if the URL is not http(s)
   */
  public static Media url(String url) {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    return new Media(Kind.URL, url, null, null, null, null, null);
  }

  /** Returns media read from {@code file} when the request is sent. */
  public static Media file(Path file) {
    return new Media(Kind.FILE, null, Objects.requireNonNull(file, "file"), null, null, null, null);
  }

  /**
   * Returns media held in memory, with its media type such as {@code image/png}.
   *
   * @throws IllegalArgumentException if {@code bytes} is empty
   */
  public static Media bytes(byte[] bytes, String mediaType) {
    if (Objects.requireNonNull(bytes, "bytes").length == 0) throw new IllegalArgumentException("empty media bytes");
    return new Media(Kind.BYTES, null, null, bytes.clone(), Objects.requireNonNull(mediaType, "mediaType"), null, null);
  }

  /**
   * Returns media given as a {@code data:<type>;base64,<content>} URI.
   *
   * @throws IllegalArgumentException if the text is not a base64 data URI
   */
  public static Media dataUri(String dataUri) {
    if (!dataUri.startsWith("data:") || !dataUri.contains(";base64,")) {
      throw new IllegalArgumentException("not a base64 data URI");
    }
    String type = dataUri.substring(5, dataUri.indexOf(';'));
    return new Media(Kind.DATA_URI, dataUri, null, null, type, null, null);
  }

  /** Returns a copy that states the pixel size of this image or video. */
  public Media withSize(int width, int height) {
    return new Media(kind, url, file, bytes, mediaType, Size.of(width, height), duration);
  }

  /**
   * Returns a copy that states the length of this video or audio.
   *
   * @throws IllegalArgumentException if the duration is negative
   */
  public Media withDuration(Duration duration) {
    if (duration.isNegative()) throw new IllegalArgumentException("negative duration: " + duration);
    return new Media(kind, url, file, bytes, mediaType, size, duration);
  }

  /** Where the content comes from. */
  public Kind kind() {
    return kind;
  }

  /** The URL or data URI, for {@link Kind#URL} and {@link Kind#DATA_URI}. */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  /** The local file, for {@link Kind#FILE}. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** A copy of the bytes, for {@link Kind#BYTES}. */
  public Optional<byte[]> bytes() {
    return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
  }

  /** The media type when known, such as {@code image/png}. */
  public Optional<String> mediaType() {
    return Optional.ofNullable(mediaType);
  }

  /** The stated pixel size. */
  public Optional<Size> size() {
    return Optional.ofNullable(size);
  }

  /** The stated duration. */
  public Optional<Duration> duration() {
    return Optional.ofNullable(duration);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Media)) return false;
    Media m = (Media) o;
    return kind == m.kind && Objects.equals(url, m.url) && Objects.equals(file, m.file)
        && Arrays.equals(bytes, m.bytes) && Objects.equals(mediaType, m.mediaType)
        && Objects.equals(size, m.size) && Objects.equals(duration, m.duration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, url, file, Arrays.hashCode(bytes), mediaType, size, duration);
  }

  /** Describes the media without its content: data URIs and bytes are not printed. */
  @Override
  public String toString() {
    switch (kind) {
      case URL: return "Media(" + url + ")";
      case FILE: return "Media(file " + file + ")";
      case BYTES: return "Media(" + bytes.length + " bytes " + mediaType + ")";
      default: return "Media(data URI " + mediaType + ")";
    }
  }
}
