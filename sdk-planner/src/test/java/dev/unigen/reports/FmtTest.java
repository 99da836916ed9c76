package dev.unigen.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unigen.money.Money;
import org.junit.jupiter.api.Test;

class FmtTest {
  @Test
  void anAmountThatIsNotZeroNeverShowsAsZero() {
    assertEquals("0.0009", Fmt.fixed(Money.usd("0.0009"), 2));
    assertEquals("0.00012", Fmt.fixed(Money.usd("0.00012345"), 2));
    assertEquals("-0.003", Fmt.fixed(Money.usd("-0.003"), 2));
    // 0.005 rounds half-even to 0.00 at two places, so it keeps its digits too.
    assertEquals("0.005", Fmt.fixed(Money.usd("0.005"), 2));
    assertEquals("0.01", Fmt.fixed(Money.usd("0.0051"), 2));
    assertEquals("0.00", Fmt.fixed(Money.usd("0"), 2));
    assertEquals("1,234.57", Fmt.fixed(Money.usd("1234.5678"), 2));
  }
}
