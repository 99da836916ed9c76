package dev.unigen.provider.huggingface.wire;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One image a route returned: inline bytes or a URL, with what the response said about it (media
 * type, pixel size, seed, NSFW flag).
 *
 * <p>Part of the module's wire layer, not of Unigen's API. Immutable.
 */
public final class WireImage {
  private final byte[] bytes;
  private final String url;
  private final String mediaType;
  private final Integer width;
  private final Integer height;
  private final Long seed;
  private final boolean nsfw;

  private WireImage(byte[] bytes, String url, String mediaType, Integer width, Integer height, Long seed, boolean nsfw) {
    this.bytes = bytes;
    this.url = url;
    this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
    this.width = width;
    this.height = height;
    this.seed = seed;
    this.nsfw = nsfw;
  }

  /** An image sent inline; its size is read from the bytes when they are PNG, JPEG, GIF or WebP. */
  public static WireImage ofBytes(byte[] bytes, String mediaType) {
    int[] wh = ImageHeaders.size(bytes);
    return new WireImage(bytes.clone(), null, mediaType, wh == null ? null : wh[0], wh == null ? null : wh[1], null, false);
  }

  /** An image at {@code url}. */
  public static WireImage ofUrl(String url, String mediaType) {
    return new WireImage(null, Objects.requireNonNull(url, "url"), mediaType, null, null, null, false);
  }

  /** This image with the pixel size the response stated. */
  public WireImage withSize(int width, int height) {
    return new WireImage(bytes, url, mediaType, width, height, seed, nsfw);
  }

  /** This image with the seed the response stated. */
  public WireImage withSeed(long seed) {
    return new WireImage(bytes, url, mediaType, width, height, seed, nsfw);
  }

  /** This image with the NSFW flag the response stated. */
  public WireImage withNsfw(boolean nsfw) {
    return new WireImage(bytes, url, mediaType, width, height, seed, nsfw);
  }

  /** The inline content (a copy). */
  public Optional<byte[]> bytes() { return bytes == null ? Optional.empty() : Optional.of(bytes.clone()); }
  /** Where the content can be downloaded. */
  public Optional<String> url() { return Optional.ofNullable(url); }
  /** The media type, such as {@code image/png}. */
  public String mediaType() { return mediaType; }
  /** Width in pixels, when known. */
  public OptionalInt width() { return width == null ? OptionalInt.empty() : OptionalInt.of(width); }
  /** Height in pixels, when known. */
  public OptionalInt height() { return height == null ? OptionalInt.empty() : OptionalInt.of(height); }
  /** The seed the provider reported. */
  public OptionalLong seed() { return seed == null ? OptionalLong.empty() : OptionalLong.of(seed); }
  /** True if the provider flagged the image as not safe for work. */
  public boolean nsfw() { return nsfw; }

  @Override
  public String toString() {
    return "WireImage(" + mediaType + (width != null ? " " + width + "x" + height : "")
        + (bytes != null ? " " + bytes.length + " bytes" : " url") + ")";
  }
}
