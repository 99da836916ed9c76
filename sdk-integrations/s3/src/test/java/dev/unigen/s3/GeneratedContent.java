package dev.unigen.s3;

import java.io.InputStream;

/**
 * {@code length} bytes of reproducible noise, made as they are read: a large object to stream
 * without keeping it in memory or on disk. The same length gives the same bytes.
 */
final class GeneratedContent extends InputStream {
  private final long length;
  private long position;
  private long state = 0x9E3779B97F4A7C15L;
  private long word;
  private int left;

  GeneratedContent(long length) {
    this.length = length;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position >= length) return -1;
    int n = (int) Math.min(len, length - position);
    for (int i = 0; i < n; i++) {
      if (left == 0) {
        // xorshift64: fast, and not compressible, like real media.
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        word = state;
        left = 8;
      }
      b[off + i] = (byte) word;
      word >>>= 8;
      left--;
    }
    position += n;
    return n;
  }
}
