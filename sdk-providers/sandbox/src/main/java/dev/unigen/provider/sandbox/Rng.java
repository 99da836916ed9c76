package dev.unigen.provider.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * SplitMix64, written out here rather than taken from {@code java.util} so that the same seed
 * draws the same numbers on every JDK, which is what makes the sandbox's files identical per seed.
 * Not threadsafe.
 */
final class Rng {
  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  long nextLong() {
    state += 0x9e3779b97f4a7c15L;
    long z = state;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A double in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** An int in [0, bound). */
  int nextInt(int bound) {
    return (int) ((nextLong() >>> 33) % bound);
  }

  /** FNV-1a (64 bit) of the UTF-8 bytes of {@code text}, made non-negative: the seed of an unseeded request. */
  static long hash(String text) {
    long h = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h & Long.MAX_VALUE;
  }
}
