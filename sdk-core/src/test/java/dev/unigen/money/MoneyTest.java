package dev.unigen.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {
  private static final Currency IDR = Currency.getInstance("IDR");

  @Test
  void arithmeticIsExact() {
    // 0.1 + 0.2 is not 0.30000000000000004 here.
    assertEquals(new BigDecimal("0.3"), Money.usd("0.1").plus(Money.usd("0.2")).amount());
    // 3,200 images at 0.000625 each: exactly 2 dollars.
    assertEquals(Money.usd("2"), Money.usd("0.000625").times(3200));
    assertEquals(Money.usd("-0.5"), Money.usd("1").minus(Money.usd("1.5")));
    assertEquals(new BigDecimal("0.0000027"), Money.usd("0.0027").times(new BigDecimal("0.001")).amount());
  }

  @Test
  void equalityIgnoresScale() {
    assertEquals(Money.usd("0.10"), Money.usd("0.1"));
    assertEquals(Money.usd("0.10").hashCode(), Money.usd("0.1").hashCode());
    assertFalse(Money.usd("1").equals(Money.of("1", "EUR")));
  }

  @Test
  void mixingCurrenciesIsAnError() {
    Money rupiah = Money.of("48", "IDR");
    CurrencyMismatchException e = assertThrows(CurrencyMismatchException.class, () -> Money.usd("1").plus(rupiah));
    assertTrue(e.getMessage().contains("USD") && e.getMessage().contains("IDR"), e.getMessage());
    assertThrows(CurrencyMismatchException.class, () -> Money.usd("1").compareTo(rupiah));
  }

  @Test
  void roundsOnlyWhenAsked() {
    Money m = Money.usd("0.0037089");
    assertEquals(new BigDecimal("0.0037089"), m.amount());
    assertEquals(new BigDecimal("0.004"), m.rounded(3, RoundingMode.HALF_UP).amount());
    assertEquals(new BigDecimal("0.003"), m.rounded(3, RoundingMode.DOWN).amount());
  }

  @Test
  void fxConvertsWithTheStatedRateAndScale() {
    FxRates fx = FxRates.builder().rate("USD", "IDR", "16000").scale(2).build();
    assertEquals(Money.of("48.00", "IDR"), fx.convert(Money.usd("0.003"), IDR));
    // 19.2 rupiah back to dollars: 19.2 / 16000 = 0.0012, rounded to 2 places -> 0.00.
    assertEquals(new BigDecimal("0.00"), fx.convert(Money.of("19.2", "IDR"), Currency.getInstance("USD")).amount());
    FxRates fine = FxRates.builder().rate("USD", "IDR", "16000").scale(6).build();
    assertEquals(new BigDecimal("0.001200"), fine.convert(Money.of("19.2", "IDR"), Currency.getInstance("USD")).amount());
    assertEquals(Money.usd("1.5"), fx.convert(Money.usd("1.5"), Currency.getInstance("USD")));
  }

  @Test
  void fxWithoutARateIsAnError() {
    CurrencyMismatchException e = assertThrows(CurrencyMismatchException.class,
        () -> FxRates.none().convert(Money.of("1", "GBP"), IDR));
    assertEquals("no exchange rate from GBP to IDR", e.getMessage());
    assertEquals("GBP:IDR", e.pair());
    assertThrows(IllegalArgumentException.class, () -> FxRates.builder().rate("USD", "IDR", "0"));
    assertThrows(IllegalArgumentException.class, () -> FxRates.builder().rate("USD", "USD", "1"));
  }

  @Test
  void printsOneScaleWhateverTheArithmeticLeft() {
    // 5 and 4.50 side by side read 5.00 and 4.50; 100 × 0.003 = 0.300 reads 0.30; 1.048576 × 0.003 keeps every digit.
    assertEquals("5.00 USD", Money.usd("5").toString());
    assertEquals("4.50 USD", Money.usd("4.500").toString());
    assertEquals("0.30 USD", Money.usd("0.003").times(100).toString());
    assertEquals("0.003145728 USD", Money.usd("0.003").times(new BigDecimal("1.048576")).toString());
    assertEquals("16000.00 IDR", Money.of("16000", "IDR").toString());
    assertEquals("-0.0003 USD", Money.usd("-0.00030").toString());
    assertEquals("0.00 USD", Money.usd("0.000").toString());
  }
}
