package dev.unigen.spi.http;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.OptionalLong;

/**
 * Seeds as providers report them: numbers that may exceed 2^53 (so never read through a double) or
 * strings. A seed is a signed 64-bit value; one outside that range is not a seed Unigen can send
 * back, so it reads as empty.
 */
public final class Seeds {
  private Seeds() {}

  /** Reads a seed from a JSON value ({@link BigDecimal} or string); empty if absent or not a whole number in signed 64 bits. */
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
    if (i.bitLength() > 63) return OptionalLong.empty();
    return OptionalLong.of(i.longValue());
  }

}
