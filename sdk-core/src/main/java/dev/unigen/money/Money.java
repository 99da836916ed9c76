package dev.unigen.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount of money in one currency. Arithmetic never rounds: a sum or product keeps every
 * digit, and rounding happens only when {@link #rounded(int, RoundingMode)} is called, the way a
 * provider rounds a bill. Mixing currencies throws {@link CurrencyMismatchException}; convert
 * with {@link FxRates} first.
 *
 * <p>Two amounts are equal when they have the same currency and the same numeric value, whatever
 * their scale: {@code 0.10 USD} equals {@code 0.1 USD}. This class is immutable and threadsafe.
 */
public final class Money implements Comparable<Money> {
  private static final Currency USD = Currency.getInstance("USD");

  private final BigDecimal amount;
  private final Currency currency;

  private Money(BigDecimal amount, Currency currency) {
    this.amount = amount;
    this.currency = currency;
  }

  /**
   * Returns {@code amount} in {@code currency}.
   *
   * @throws NullPointerException if either argument is null
   */
  public static Money of(BigDecimal amount, Currency currency) {
    return new Money(Objects.requireNonNull(amount, "amount"), Objects.requireNonNull(currency, "currency"));
  }

  /**
   * Returns the decimal {@code amount} (for example {@code "0.003"}) in the currency with ISO code
   * {@code currencyCode}.
   *
   * @throws NumberFormatException if {@code amount} is not a decimal number
   * @throws IllegalArgumentException if the currency code is unknown
   */
  public static Money of(String amount, String currencyCode) {
    return of(new BigDecimal(amount), Currency.getInstance(currencyCode));
  }

  /**
   * Returns the decimal {@code amount} in US dollars.
   *
   * @throws NumberFormatException if {@code amount} is not a decimal number
   */
  public static Money usd(String amount) {
    return of(new BigDecimal(amount), USD);
  }

  /** Returns {@code amount} in US dollars. */
  public static Money usd(BigDecimal amount) {
    return of(amount, USD);
  }

  /** Returns zero in {@code currency}. */
  public static Money zero(Currency currency) {
    return of(BigDecimal.ZERO, currency);
  }

  /** The exact amount, with whatever scale the arithmetic produced. */
  public BigDecimal amount() {
    return amount;
  }

  /** The currency of this amount. */
  public Currency currency() {
    return currency;
  }

  /**
   * Returns this plus {@code other}.
   *
   * @throws CurrencyMismatchException if the currencies differ
   */
  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.add(other.amount), currency);
  }

  /**
   * Returns this minus {@code other}.
   *
   * @throws CurrencyMismatchException if the currencies differ
   */
  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.subtract(other.amount), currency);
  }

  /** Returns this multiplied exactly by {@code factor}. */
  public Money times(BigDecimal factor) {
    return new Money(amount.multiply(factor), currency);
  }

  /** Returns this multiplied by {@code factor}. */
  public Money times(long factor) {
    return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
  }

  /** Returns the negated amount. */
  public Money negate() {
    return new Money(amount.negate(), currency);
  }

  /**
   * Returns this amount rounded to {@code scale} decimal places with {@code mode}. Use it only
   * where a provider or a report rounds; arithmetic elsewhere stays exact.
   */
  public Money rounded(int scale, RoundingMode mode) {
    return new Money(amount.setScale(scale, mode), currency);
  }

  /** True if the amount is zero. */
  public boolean isZero() {
    return amount.signum() == 0;
  }

  /** True if the amount is below zero. */
  public boolean isNegative() {
    return amount.signum() < 0;
  }

  /**
   * Returns the larger of this and {@code other}.
   *
   * @throws CurrencyMismatchException if the currencies differ
   */
  public Money max(Money other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /**
   * Returns the smaller of this and {@code other}.
   *
   * @throws CurrencyMismatchException if the currencies differ
   */
  public Money min(Money other) {
    return compareTo(other) <= 0 ? this : other;
  }

  /**
   * True if this is strictly greater than {@code other}.
   *
   * @throws CurrencyMismatchException if the currencies differ
   */
  public boolean isGreaterThan(Money other) {
    return compareTo(other) > 0;
  }

  /**
   * Compares amounts of the same currency.
   *
   * @throws CurrencyMismatchException if the currencies differ
   */
  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return amount.compareTo(other.amount);
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw CurrencyMismatchException.combining(currency, other.currency);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Money)) return false;
    Money that = (Money) o;
    return currency.equals(that.currency) && amount.compareTo(that.amount) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * currency.hashCode() + amount.stripTrailingZeros().hashCode();
  }

  /**
   * Returns the exact amount and the currency code on one scale whatever the arithmetic left: no
   * trailing zeros beyond the currency's usual places, and never fewer than them — {@code 5.00 USD},
   * {@code 0.60 USD}, {@code 0.003 USD}, {@code 16000.00 IDR}. Nothing is rounded.
   */
  @Override
  public String toString() {
    int places = Math.max(currency.getDefaultFractionDigits(), 0);
    BigDecimal shown = amount.stripTrailingZeros();
    if (shown.scale() < places) shown = shown.setScale(places);
    return shown.toPlainString() + " " + currency.getCurrencyCode();
  }
}
