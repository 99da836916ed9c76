package dev.unigen.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * How a rule's amount was worked out, in words with units: a sum of products such as
 * {@code 100 × 1.048576 MP × 0.003 USD/MP} or {@code 60 tokens in × 1.25 USD/1M + 150 tokens out ×
 * 2.5 USD/1M}. A formula fills it while it computes, so the words and the amount cannot drift
 * apart; formulas skip it (a null one) on the hot path. Not threadsafe.
 */
final class Derivation {
  /** What the formula's amounts count: a currency code, or {@code credits}. */
  final String unit;
  private final List<String> terms = new ArrayList<>();

  Derivation(String unit) {
    this.unit = unit;
  }

  /** Adds a term: the factors multiplied. */
  Derivation add(String... factors) {
    terms.add(String.join(" × ", factors));
    return this;
  }

  /** A price per unit of something: {@code 0.003 USD/MP}. */
  String per(BigDecimal price, String what) {
    return num(price) + " " + unit + "/" + what;
  }

  /** An amount in the formula's unit: {@code 0.18 USD}. */
  String amount(BigDecimal value) {
    return num(value) + " " + unit;
  }

  /** Multiplies everything so far by {@code count} outputs (or runs), in brackets if it is a sum. */
  Derivation times(long count) {
    if (count == 1 || terms.isEmpty()) return this;
    String all = text();
    terms.clear();
    terms.add(num(count) + " × " + (all.contains(" + ") ? "(" + all + ")" : all));
    return this;
  }

  /** Applies a factor to everything so far: {@code (…) × 0.5 multiplier}. */
  Derivation scale(String factor) {
    String all = text();
    terms.clear();
    terms.add((all.contains(" + ") ? "(" + all + ")" : all) + " × " + factor);
    return this;
  }

  /** The expression, or {@code 0 USD} when nothing was added. */
  String text() {
    return terms.isEmpty() ? amount(BigDecimal.ZERO) : String.join(" + ", terms);
  }

  /** {@code value} without trailing zeros, its whole part grouped by thousands: {@code 1,048,576}, {@code 0.0006}. */
  static String num(BigDecimal value) {
    return grouped(value.stripTrailingZeros().toPlainString());
  }

  /** A whole number grouped by thousands: {@code 1,000}. */
  static String num(long value) {
    return grouped(Long.toString(value));
  }

  /** {@code plain} (digits, an optional sign and point) with its whole part grouped by thousands. */
  private static String grouped(String plain) {
    int start = plain.startsWith("-") ? 1 : 0;
    int dot = plain.indexOf('.');
    int end = dot < 0 ? plain.length() : dot;
    if (end - start <= 3) return plain; // most amounts: nothing to group, nothing to copy
    StringBuilder b = new StringBuilder(plain.length() + (end - start) / 3).append(plain, 0, start);
    for (int i = start; i < end; i++) {
      if (i > start && (end - i) % 3 == 0) b.append(',');
      b.append(plain.charAt(i));
    }
    return b.append(plain, end, plain.length()).toString();
  }

  /**
   * An amount of a unit: {@code 2 MP}, {@code 5 s}, {@code 3 images}; a word unit takes a plural s
   * when the amount is not one.
   */
  static String quantity(BigDecimal n, String unit) {
    boolean word = unit.length() > 2 && Character.isLowerCase(unit.charAt(0));
    return num(n) + " " + unit + (word && n.compareTo(BigDecimal.ONE) != 0 ? "s" : "");
  }

  /** {@code n} of a thing, with a plural s when it is not one: {@code 3 steps}. */
  static String count(long n, String one) {
    return num(n) + " " + one + (n == 1 ? "" : "s");
  }

  @Override
  public String toString() {
    return text();
  }
}
