package dev.unigen.planning;

import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The planner's arithmetic beyond {@link Money}: division (by a user count, a pack's credits, an
 * output count) to {@link CostPlanner#DIVISION_SCALE} places, and exchange-rate conversion that
 * stays exact for a rate stated in the direction of the conversion. Remembers each stated rate it
 * used, so a plan can say which rates its figures rest on. Not threadsafe: one per plan.
 */
final class Amounts {
  private final FxRates fx;
  private final Currency target;
  private final SortedMap<String, BigDecimal> used = new TreeMap<>();

  Amounts(FxRates fx, Currency target) {
    this.fx = fx;
    this.target = target;
  }

  Currency target() {
    return target;
  }

  /**
   * Returns {@code m} in the target currency: multiplied exactly by a rate stated from its
   * currency to the target, or else divided by the rate stated the other way, to
   * {@link CostPlanner#DIVISION_SCALE} places.
   *
   * @throws dev.unigen.money.CurrencyMismatchException if no rate links the currencies
   */
  Money convert(Money m) {
    Currency from = m.currency();
    if (from.equals(target)) return m;
    Optional<BigDecimal> direct = fx.rate(from, target);
    if (direct.isPresent()) {
      used.put(from.getCurrencyCode() + "/" + target.getCurrencyCode(), direct.get());
      return Money.of(m.amount().multiply(direct.get()), target);
    }
    Optional<BigDecimal> inverse = fx.rate(target, from);
    if (inverse.isPresent()) {
      used.put(target.getCurrencyCode() + "/" + from.getCurrencyCode(), inverse.get());
      return Money.of(divide(m.amount(), inverse.get()), target);
    }
    // Let FxRates say it the way it always does.
    return fx.convert(m, target);
  }

  /** The stated rates used so far, keyed {@code FROM/TO} (units of TO per FROM). */
  Map<String, BigDecimal> used() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(used));
  }

  /** {@code a / b} to {@link CostPlanner#DIVISION_SCALE} places, half-even, without trailing zeros. */
  static BigDecimal divide(BigDecimal a, BigDecimal b) {
    BigDecimal q = a.divide(b, CostPlanner.DIVISION_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
    // stripTrailingZeros turns 9000 into 9E+3; keep a plain, non-negative scale.
    return q.scale() < 0 ? q.setScale(0) : q;
  }

  /**
   * The amount without trailing zeros, its whole part grouped by thousands, and its currency code,
   * for derivations: {@code 1.25 USD}, {@code 9,600 IDR}.
   */
  static String plain(Money m) {
    BigDecimal a = m.amount().stripTrailingZeros();
    String text = (a.scale() < 0 ? a.setScale(0) : a).toPlainString();
    int dot = text.indexOf('.');
    String whole = dot < 0 ? text : text.substring(0, dot);
    boolean negative = whole.startsWith("-");
    String grouped = count(Math.abs(Long.parseLong(whole)));
    return (negative ? "-" : "") + grouped + (dot < 0 ? "" : text.substring(dot)) + " " + m.currency().getCurrencyCode();
  }

  /** A whole number grouped by thousands, as derivations show counts: {@code 1,000}. */
  static String count(long n) {
    return String.format(java.util.Locale.ROOT, "%,d", n);
  }

  /**
   * {@code n} times {@code expr}, as a derivation says it: {@code 100 × 2 MP × 0.003 USD/MP}, with
   * {@code expr} in brackets when it is a sum; {@code expr} alone when {@code n} is one and no
   * {@code what} is named; {@code what} (such as {@code calls}) after the number when named.
   */
  static String times(long n, String what, String expr) {
    String e = expr.contains(" + ") ? "(" + expr + ")" : expr;
    if (what == null) return n == 1 ? expr : count(n) + " × " + e;
    return count(n) + " " + (n == 1 ? what.substring(0, what.length() - 1) : what) + " × " + e;
  }

  /** {@code m / n}, see {@link #divide(BigDecimal, BigDecimal)}. */
  static Money divide(Money m, long n) {
    return Money.of(divide(m.amount(), BigDecimal.valueOf(n)), m.currency());
  }
}
