package dev.unigen.spi.http;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.OptionalLong;

/**
 * Seeds as providers send them: numbers that may exceed 2^53 (so never read through a double) or
 * strings. A value above {@link Long#MAX_VALUE} but within 64 unsigned bits keeps its bits.
 */
public final class Seeds {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private Seeds() {}

  /** Reads a seed from a JSON value ({@link BigDecimal} or string); empty if absent or not a whole number in 64 bits. */
  public static OptionalLong parse(Object json) {
    BigDecimal d;
    if (json instanceof BigDecimal) d = (BigDecimal) json;
    else if (json instanceof String) {
      try {
        d = new BigDecimal(((String) json).trim());
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    } else return OptionalLong.empty();
    BigInteger i;
    try {
      i = d.toBigIntegerExact();
    } catch (ArithmeticException e) {
      return OptionalLong.empty();
    }
    if (i.signum() < 0 ? i.bitLength() > 63 : i.compareTo(TWO_64) >= 0) return OptionalLong.empty();
    return OptionalLong.of(i.longValue());
  }

  /** Writes a seed the way it was received: unsigned when its top bit is set. */
  public static String format(long seed) {
    return seed < 0 ? Long.toUnsignedString(seed) : Long.toString(seed);
  }
}
