package dev.unigen.provider.stability.wire;

import java.util.Optional;

/**
 * The pixel size of an encoded image, read from its header without decoding it: PNG, JPEG, WebP
 * (lossy, lossless and extended) and GIF, the formats Stability returns or accepts. Internal to the
 * Stability module; not part of Unigen's API. Immutable.
 */
public final class ImageSize {
  private final int width;
  private final int height;

  private ImageSize(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /** Reads the size from the first bytes of {@code image}; empty if the format is unknown or the header is cut short. */
  public static Optional<ImageSize> of(byte[] image) {
    try {
      ImageSize s = read(image);
      return s == null || s.width <= 0 || s.height <= 0 ? Optional.empty() : Optional.of(s);
    } catch (ArrayIndexOutOfBoundsException truncated) {
      return Optional.empty();
    }
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }

  private static ImageSize read(byte[] b) {
    if (b.length >= 24 && u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
        && b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R') {
      return new ImageSize(be32(b, 16), be32(b, 20));
    }
    if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
      return new ImageSize(le16(b, 6), le16(b, 8));
    }
    if (b.length >= 4 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8) return jpeg(b);
    if (b.length >= 30 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
        && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return webp(b);
    }
    return null;
  }

  /** Walks the JPEG markers to the first start-of-frame, which holds the height then the width. */
  private static ImageSize jpeg(byte[] b) {
    int i = 2;
    while (i + 9 < b.length) {
      if (u8(b, i) != 0xFF) return null;
      int marker = u8(b, i + 1);
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length
        i += 2;
        continue;
      }
      boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame) return new ImageSize(be16(b, i + 7), be16(b, i + 5));
      i += 2 + be16(b, i + 2);
    }
    return null;
  }

  private static ImageSize webp(byte[] b) {
    String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
    switch (chunk) {
      case "VP8 ": // lossy: 14-bit sizes after the frame tag and start code
        return new ImageSize(le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
      case "VP8L": { // lossless: 14 bits each, minus one, after the signature byte
        int bits = u8(b, 21) | u8(b, 22) << 8 | u8(b, 23) << 16 | u8(b, 24) << 24;
        return new ImageSize((bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
      }
      case "VP8X": // extended: 24-bit canvas sizes, minus one
        return new ImageSize(le24(b, 24) + 1, le24(b, 27) + 1);
      default:
        return null;
    }
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static int be16(byte[] b, int i) {
    return u8(b, i) << 8 | u8(b, i + 1);
  }

  private static int be32(byte[] b, int i) {
    return u8(b, i) << 24 | u8(b, i + 1) << 16 | u8(b, i + 2) << 8 | u8(b, i + 3);
  }

  private static int le16(byte[] b, int i) {
    return u8(b, i) | u8(b, i + 1) << 8;
  }

  private static int le24(byte[] b, int i) {
    return u8(b, i) | u8(b, i + 1) << 8 | u8(b, i + 2) << 16;
  }
}
