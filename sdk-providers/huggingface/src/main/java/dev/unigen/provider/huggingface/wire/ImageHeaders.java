package dev.unigen.provider.huggingface.wire;

/**
 * Reads the pixel size from the header of a PNG, JPEG, GIF or WebP file without decoding it, so
 * that an image a route returned as raw bytes can be priced by what was really produced.
 *
 * <p>Part of the module's wire layer, not of Unigen's API. Threadsafe (stateless).
 */
public final class ImageHeaders {
  private ImageHeaders() {}

  /** Returns {@code {width, height}}, or null when the format is not recognised or the header is cut short. */
  public static int[] size(byte[] b) {
    if (b == null) return null;
    if (b.length >= 24 && u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
        && b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R') {
      return positive(be32(b, 16), be32(b, 20));
    }
    if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
      return positive(le16(b, 6), le16(b, 8));
    }
    if (b.length >= 4 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8) {
      return jpeg(b);
    }
    if (b.length >= 30 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
        && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return webp(b);
    }
    return null;
  }

  private static int[] jpeg(byte[] b) {
    int i = 2;
    while (i + 3 < b.length) {
      if (u8(b, i) != 0xFF) return null;
      int marker = u8(b, i + 1);
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2;
        continue;
      }
      boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame) {
        if (i + 8 >= b.length) return null;
        return positive(be16(b, i + 7), be16(b, i + 5));
      }
      if (marker == 0xD9 || marker == 0xDA) return null; // end of image, or scan data before any frame header
      i += 2 + be16(b, i + 2);
    }
    return null;
  }

  private static int[] webp(byte[] b) {
    if (b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == ' ') {
      return positive(le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
    }
    if (b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == 'L') {
      if (u8(b, 20) != 0x2F) return null;
      long bits = u8(b, 21) | (u8(b, 22) << 8) | (u8(b, 23) << 16) | ((long) u8(b, 24) << 24);
      return positive((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
    }
    if (b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == 'X') {
      return positive(le24(b, 24) + 1, le24(b, 27) + 1);
    }
    return null;
  }

  private static int[] positive(int width, int height) {
    return width > 0 && height > 0 ? new int[] {width, height} : null;
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
}
