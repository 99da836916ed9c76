package dev.unigen.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Resolution names match as {@link String#equalsIgnoreCase} matches them, ASCII or not. */
class RateTableTest {
  @Test
  void sameIgnoringCaseAgreesWithString() {
    String[] names = {"1080p", "1080P", "1440p", "720p", "4K", "4k", "\u212Ak", "KK", "kk", "@", "`", "[", "{",
        "\u0131", "I", "i", "\u00e9", "\u00c9", "", "1080p "};
    for (String a : names) {
      for (String b : names) {
        assertEquals(a.equalsIgnoreCase(b), RateTable.sameIgnoringCase(a, b), a + " vs " + b);
      }
    }
  }
}
