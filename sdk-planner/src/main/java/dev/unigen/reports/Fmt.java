package dev.unigen.reports;

import dev.unigen.money.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Currency;

/** Number formatting shared by the reports: display rounding, digit grouping, exact output. */
final class Fmt {
  private Fmt() {}

  /** The currency's usual decimal places (2 for USD and IDR); 2 when it has none defined. */
  static int digits(Currency c) {
    int d = c.getDefaultFractionDigits();
    return d < 0 ? 2 : d;
  }

  /** {@code v} rounded half-even to {@code scale} places, with thousands grouped: {@code 96,000.00}. */
  static String fixed(BigDecimal v, int scale) {
    return group(v.setScale(scale, RoundingMode.HALF_EVEN).toPlainString());
  }

  /**
   * A money amount for display: {@link #fixed} to {@code scale} places, except that an amount that
   * is not zero never shows as zero — {@code 0.0009} stays {@code 0.0009} (two significant digits)
   * rather than becoming {@code 0.00}, which would read as free.
   */
  static String fixed(Money m, int scale) {
    BigDecimal shown = shown(m, scale);
    return shown.scale() > scale ? shown.toPlainString() : fixed(shown, scale);
  }

  /** The value {@link #fixed(Money, int)} shows: what a reader adds up. */
  static BigDecimal shown(Money m, int scale) {
    BigDecimal v = m.amount();
    BigDecimal rounded = v.setScale(scale, RoundingMode.HALF_EVEN);
    if (v.signum() != 0 && rounded.signum() == 0) {
      return v.round(new MathContext(2, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
    return rounded;
  }

  /**
   * {@code v} rounded half-even to at most {@code max} places and at least {@code min}, grouped:
   * {@code 0.0006} stays {@code 0.0006} while {@code 96} becomes {@code 96.00}. For per-output
   * costs, which are often fractions of a cent.
   */
  static String flex(BigDecimal v, int min, int max) {
    return group(atLeast(v.setScale(max, RoundingMode.HALF_EVEN).stripTrailingZeros(), min).toPlainString());
  }

  /** The exact amount, trailing zeros dropped but at least {@code min} places: for JSON and CSV. */
  static String exact(BigDecimal v, int min) {
    return atLeast(v.stripTrailingZeros(), min).toPlainString();
  }

  /** {@link #exact} of a money amount, at least the currency's usual places. */
  static String exact(Money m) {
    return exact(m.amount(), digits(m.currency()));
  }

  /** A count and the noun that goes with it: {@code 1 user}, {@code 10 users}. */
  static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  /** A ratio as a percentage with one decimal: {@code 0.58673} → {@code 58.7 %}. */
  static String percent(BigDecimal ratio) {
    return ratio.movePointRight(2).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " %";
  }

  private static BigDecimal atLeast(BigDecimal v, int min) {
    return v.scale() < min ? v.setScale(min) : v;
  }

  static String group(String plain) {
    boolean negative = plain.startsWith("-");
    String digits = negative ? plain.substring(1) : plain;
    int dot = digits.indexOf('.');
    String whole = dot < 0 ? digits : digits.substring(0, dot);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) b.append(',');
      b.append(whole.charAt(i));
    }
    return (negative ? "-" : "") + b + (dot < 0 ? "" : digits.substring(dot));
  }
}
