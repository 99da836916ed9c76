package dev.unigen.spi.http;

import dev.unigen.request.Size;
import java.util.Optional;

/**
 * Reads the pixel size from the first bytes of a PNG, JPEG or WebP file, so that the cost of a
 * base64 answer is computed from what was really produced rather than from what was asked.
 * Nothing is decoded beyond the header.
 */
public final class ImageProbe {
  private ImageProbe() {}

  /** The pixel size in the header of a PNG, JPEG or WebP image; empty for anything else or a truncated header. */
  public static Optional<Size> size(byte[] b) {
    try {
      if (isPng(b)) return png(b);
      if (b.length > 3 && u(b, 0) == 0xFF && u(b, 1) == 0xD8) return jpeg(b);
      if (b.length >= 30 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return webp(b);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException truncated) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static boolean isPng(byte[] b) {
    return b.length >= 24 && u(b, 0) == 0x89 && ascii(b, 1, "PNG") && ascii(b, 12, "IHDR");
  }

  private static Optional<Size> png(byte[] b) {
    return of(be32(b, 16), be32(b, 20));
  }

  private static Optional<Size> jpeg(byte[] b) {
    int i = 2;
    while (i + 3 < b.length) {
      if (u(b, i) != 0xFF) return Optional.empty();
      int marker = u(b, i + 1);
      if (marker == 0xFF) {
        i++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9)) {
        i += 2;
        continue;
      }
      int length = (u(b, i + 2) << 8) | u(b, i + 3);
      boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame) {
        int height = (u(b, i + 5) << 8) | u(b, i + 6);
        int width = (u(b, i + 7) << 8) | u(b, i + 8);
        return of(width, height);
      }
      if (length < 2) return Optional.empty();
      i += 2 + length;
    }
    return Optional.empty();
  }

  private static Optional<Size> webp(byte[] b) {
    if (ascii(b, 12, "VP8X")) {
      return of(1 + (u(b, 24) | u(b, 25) << 8 | u(b, 26) << 16), 1 + (u(b, 27) | u(b, 28) << 8 | u(b, 29) << 16));
    }
    if (ascii(b, 12, "VP8L")) {
      long bits = u(b, 21) | (long) u(b, 22) << 8 | (long) u(b, 23) << 16 | (long) u(b, 24) << 24;
      return of((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
    }
    if (ascii(b, 12, "VP8 ")) {
      return of((u(b, 26) | u(b, 27) << 8) & 0x3FFF, (u(b, 28) | u(b, 29) << 8) & 0x3FFF);
    }
    return Optional.empty();
  }

  private static Optional<Size> of(long width, long height) {
    if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) return Optional.empty();
    return Optional.of(Size.of((int) width, (int) height));
  }

  private static int u(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static long be32(byte[] b, int i) {
    return (long) u(b, i) << 24 | u(b, i + 1) << 16 | u(b, i + 2) << 8 | u(b, i + 3);
  }

  private static boolean ascii(byte[] b, int at, String s) {
    if (b.length < at + s.length()) return false;
    for (int k = 0; k < s.length(); k++) {
      if (b[at + k] != (byte) s.charAt(k)) return false;
    }
    return true;
  }
}
