package dev.unigen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MillisTest {
  @Test
  void exactOnlyForWholeMillisecondsWithinALong() {
    assertEquals(5000, Millis.exact(new BigDecimal("5")));
    assertEquals(2500, Millis.exact(new BigDecimal("2.50")));
    assertEquals(Millis.NONE, Millis.exact(new BigDecimal("2.0005")));
    assertEquals(Millis.NONE, Millis.exact(new BigDecimal("1E+30")));
  }

  @Test
  void boundsRoundInwardAndStopAtALongsLimits() {
    assertEquals(2001, Millis.ceiling(new BigDecimal("2.0005")));
    assertEquals(7999, Millis.floor(new BigDecimal("7.9995")));
    assertEquals(10_000, Millis.floor(new BigDecimal("1E+1")));
    assertEquals(Long.MAX_VALUE, Millis.floor(new BigDecimal("1E+30")));
    assertEquals(Long.MIN_VALUE, Millis.ceiling(new BigDecimal("-1E+30")));
  }
}
