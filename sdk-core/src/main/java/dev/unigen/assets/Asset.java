package dev.unigen.assets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One output of a generation: an image, a video, a file such as LoRA weights, or text. It keeps
 * the provider's URL (which may expire), the bytes when the provider sent them inline, and the
 * stored file once it has been saved, with what is known about it. Immutable and threadsafe.
 */
public final class Asset {
  /** Reads the content behind a URL; the generator supplies one that uses its HTTP client. */
  @FunctionalInterface
  public interface Fetcher {
    /** Copies the content at {@code url} to {@code target}. */
    void fetch(String url, Path target) throws IOException;
  }

  private final String url;
  private final byte[] bytes;
  private final Path file;
  private final String mediaType;
  private final Integer width;
  private final Integer height;
  private final BigDecimal durationSeconds;
  private final Long seed;
  private final boolean nsfw;
  private final String sha256;
  private final Fetcher fetcher;

  private Asset(Builder b) {
    url = b.url;
    bytes = b.bytes;
    file = b.file;
    mediaType = b.mediaType;
    width = b.width;
    height = b.height;
    durationSeconds = b.durationSeconds;
    seed = b.seed;
    nsfw = b.nsfw;
    sha256 = b.sha256;
    fetcher = b.fetcher;
  }

  /** Returns a builder for an asset of {@code mediaType}, such as {@code image/png}. */
  public static Builder builder(String mediaType) {
    return new Builder(mediaType);
  }

  /** Returns a builder holding this asset's values. */
  public Builder toBuilder() {
    Builder b = new Builder(mediaType);
    b.url = url; b.bytes = bytes; b.file = file; b.width = width; b.height = height;
    b.durationSeconds = durationSeconds; b.seed = seed; b.nsfw = nsfw; b.sha256 = sha256; b.fetcher = fetcher;
    return b;
  }

  /** The provider's URL for the content; it may expire. */
  public Optional<String> url() { return Optional.ofNullable(url); }
  /** Where the content was stored, once it was. */
  public Optional<Path> file() { return Optional.ofNullable(file); }
  /** The media type, such as {@code image/png} or {@code video/mp4}. */
  public String mediaType() { return mediaType; }
  /** Width in pixels, when known. */
  public OptionalInt width() { return width == null ? OptionalInt.empty() : OptionalInt.of(width); }
  /** Height in pixels, when known. */
  public OptionalInt height() { return height == null ? OptionalInt.empty() : OptionalInt.of(height); }
  /** Length in seconds, for video and audio, when known. */
  public Optional<BigDecimal> durationSeconds() { return Optional.ofNullable(durationSeconds); }
  /** The seed the provider used, when it said; may use all 64 bits. */
  public OptionalLong seed() { return seed == null ? OptionalLong.empty() : OptionalLong.of(seed); }
  /** True if the provider flagged the content as not safe for work. */
  public boolean nsfw() { return nsfw; }
  /** The SHA-256 of the stored content, lowercase hex, once it was stored. */
  public Optional<String> sha256() { return Optional.ofNullable(sha256); }

  /** True if the content is held in memory. */
  public boolean hasBytes() {
    return bytes != null;
  }

  /**
   * Returns the content: from memory, the stored file, or the URL.
   *
   * @throws UncheckedIOException if it cannot be read
   */
  public byte[] bytes() {
    if (bytes != null) return bytes.clone();
    try {
      if (file != null) return Files.readAllBytes(file);
      Path tmp = Files.createTempFile("unigen-asset", ".bin");
      try {
        saveTo(tmp);
        return Files.readAllBytes(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read asset", e);
    }
  }

  /**
   * Writes the content to {@code target}, replacing it, and returns {@code target}.
   *
   * @throws UncheckedIOException if it cannot be read or written
   * @throws IllegalStateException if the asset has a URL but no way to fetch it
   */
  public Path saveTo(Path target) {
    try {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      if (bytes != null) {
        Files.write(target, bytes);
      } else if (file != null) {
        if (!file.toAbsolutePath().equals(target.toAbsolutePath())) {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } else if (url != null) {
        if (fetcher == null) throw new IllegalStateException("no fetcher to download " + url);
        fetcher.fetch(url, target);
      } else {
        throw new IllegalStateException("asset has no content");
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save asset to " + target, e);
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Asset(").append(mediaType);
    if (width != null) s.append(' ').append(width).append('x').append(height);
    if (durationSeconds != null) s.append(' ').append(durationSeconds.toPlainString()).append('s');
    if (file != null) s.append(" file=").append(file);
    else if (url != null && !url.startsWith("data:")) s.append(" url=").append(url);
    else if (bytes != null) s.append(' ').append(bytes.length).append(" bytes");
    return s.append(')').toString();
  }

  /** Builds an {@link Asset}. Not threadsafe. */
  public static final class Builder {
    private String url;
    private byte[] bytes;
    private Path file;
    private final String mediaType;
    private Integer width;
    private Integer height;
    private BigDecimal durationSeconds;
    private Long seed;
    private boolean nsfw;
    private String sha256;
    private Fetcher fetcher;

    private Builder(String mediaType) {
      this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
    }

    /** Sets the provider's URL. */
    public Builder url(String url) { this.url = url; return this; }
    /** Sets the content held in memory (copied). */
    public Builder bytes(byte[] bytes) { this.bytes = bytes == null ? null : bytes.clone(); return this; }
    /** Sets where the content is stored. */
    public Builder file(Path file) { this.file = file; return this; }
    /** Sets the pixel size. */
    public Builder size(int width, int height) { this.width = width; this.height = height; return this; }
    /** Sets the length in seconds. */
    public Builder durationSeconds(BigDecimal seconds) { this.durationSeconds = seconds; return this; }
    /** Sets the seed. */
    public Builder seed(long seed) { this.seed = seed; return this; }
    /** Sets the NSFW flag. */
    public Builder nsfw(boolean nsfw) { this.nsfw = nsfw; return this; }
    /** Sets the SHA-256 of the stored content. */
    public Builder sha256(String hex) { this.sha256 = hex; return this; }
    /** Sets how to download the URL. */
    public Builder fetcher(Fetcher fetcher) { this.fetcher = fetcher; return this; }

    /**
     * Returns the asset.
     *
     * @throws IllegalArgumentException if it has no URL, bytes or file
     */
    public Asset build() {
      if (url == null && bytes == null && file == null) throw new IllegalArgumentException("asset has no content");
      return new Asset(this);
    }
  }
}
