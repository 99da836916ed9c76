package dev.unigen.provider.openai;

import dev.unigen.request.Size;
import java.util.Optional;

/**
 * Reads the pixel size from the header of a PNG, JPEG or WebP image, the three formats the
 * Image API returns, without decoding the picture.
 */
final class ImageDimensions {
  private ImageDimensions() {}

  /** The width and height in the header; empty if the format is not recognised or the header is cut short. */
  static Optional<Size> read(byte[] b) {
    try {
      if (isPng(b)) return png(b);
      if (b.length >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) return jpeg(b);
      if (b.length >= 16 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return webp(b);
    } catch (IndexOutOfBoundsException | IllegalArgumentException truncatedOrZero) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static boolean isPng(byte[] b) {
    return b.length >= 24 && u8(b, 0) == 0x89 && ascii(b, 1, "PNG") && ascii(b, 12, "IHDR");
  }

  private static Optional<Size> png(byte[] b) {
    return Optional.of(Size.of(be32(b, 16), be32(b, 20)));
  }

  private static Optional<Size> jpeg(byte[] b) {
    int i = 2;
    while (i + 3 < b.length) {
      if (u8(b, i) != 0xFF) return Optional.empty();
      int marker = u8(b, i + 1);
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9)) { // markers without a length
        i += 2;
        continue;
      }
      int length = be16(b, i + 2);
      boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame) return Optional.of(Size.of(be16(b, i + 7), be16(b, i + 5)));
      i += 2 + length;
    }
    return Optional.empty();
  }

  private static Optional<Size> webp(byte[] b) {
    if (ascii(b, 12, "VP8X")) {
      return Optional.of(Size.of(1 + le24(b, 24), 1 + le24(b, 27)));
    }
    if (ascii(b, 12, "VP8L")) {
      int b0 = u8(b, 21), b1 = u8(b, 22), b2 = u8(b, 23), b3 = u8(b, 24);
      int w = 1 + (((b1 & 0x3F) << 8) | b0);
      int h = 1 + (((b3 & 0x0F) << 10) | (b2 << 2) | ((b1 & 0xC0) >> 6));
      return Optional.of(Size.of(w, h));
    }
    if (ascii(b, 12, "VP8 ")) {
      return Optional.of(Size.of(le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF));
    }
    return Optional.empty();
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static int be16(byte[] b, int i) {
    return (u8(b, i) << 8) | u8(b, i + 1);
  }

  private static int be32(byte[] b, int i) {
    return (u8(b, i) << 24) | (u8(b, i + 1) << 16) | (u8(b, i + 2) << 8) | u8(b, i + 3);
  }

  private static int le16(byte[] b, int i) {
    return u8(b, i) | (u8(b, i + 1) << 8);
  }

  private static int le24(byte[] b, int i) {
    return u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16);
  }

  private static boolean ascii(byte[] b, int at, String s) {
    if (at + s.length() > b.length) return false;
    for (int k = 0; k < s.length(); k++) if (b[at + k] != s.charAt(k)) return false;
    return true;
  }
}
