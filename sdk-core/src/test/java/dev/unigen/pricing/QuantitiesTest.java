package dev.unigen.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Megapixels on the binary base are exact and carry no trailing zeros, however they are computed. */
class QuantitiesTest {
  private static BigDecimal binary(long pixels) {
    return Quantities.megapixels(pixels, Quantities.BINARY_MP);
  }

  /** The same value the slow way: × 5^20, ÷ 10^20, trailing zeros stripped. */
  private static BigDecimal slow(long pixels) {
    return BigDecimal.valueOf(pixels).multiply(BigDecimal.valueOf(5).pow(20)).scaleByPowerOfTen(-20).stripTrailingZeros();
  }

  @Test
  void binaryMegapixelsAreExact() {
    // 1024×768 = 786432 = 3 × 2^18: 3 / 4
    assertEquals(new BigDecimal("0.75"), binary(1024 * 768));
    // 1024×1536 = 3 × 2^19: 3 / 2
    assertEquals(new BigDecimal("1.5"), binary(1024 * 1536));
    // 1000×1000 = 15625 × 2^6: 15625 × 5^14 / 10^14
    assertEquals(new BigDecimal("0.95367431640625"), binary(1_000_000));
    // 1024×1024 is one megapixel; 1 pixel is 5^20 / 10^20
    assertEquals(BigDecimal.ONE, binary(1024 * 1024));
    assertEquals(new BigDecimal("0.00000095367431640625"), binary(1));
    assertEquals(BigDecimal.ZERO, binary(0));
  }

  @Test
  void sameDigitsAndScaleAsTheSlowWay() {
    long[] pixels = {1, 3, 7, 640 * 480, 854 * 480, 1280 * 720, 1920 * 1080, 2560 * 1440, 3840 * 2160,
        10L * 1024 * 1024, 1024L * 1024 * 1024 * 30, 1_234_567, Long.MAX_VALUE / 3};
    for (long p : pixels) {
      BigDecimal fast = binary(p);
      BigDecimal expected = slow(p);
      assertEquals(expected, fast, "pixels " + p);
      assertEquals(expected.scale(), fast.scale(), "scale for pixels " + p);
    }
  }
}
