package dev.unigen.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Exchange rates the user states, such as "16,000 IDR per USD", and the scale converted amounts
 * are rounded to. Unigen never looks rates up: a plan in rupiah is exact for the rate it names.
 *
 * <p>A rate given one way is used the other way by division, rounded to {@link #scale()} with
 * {@link RoundingMode#HALF_EVEN}. This class is immutable and threadsafe; its builder is not.
 *
 * <pre>{@code
 * FxRates fx = FxRates.builder().rate("USD", "IDR", "16000").scale(2).build();
 * Money rupiah = fx.convert(Money.usd("0.003"), Currency.getInstance("IDR")); // 48.00 IDR
 * }</pre>
 */
public final class FxRates {
  private final Map<String, BigDecimal> rates;
  private final int scale;

  private FxRates(Builder b) {
    this.rates = Map.copyOf(b.rates);
    this.scale = b.scale;
  }

  /** Returns rates with no pairs: only same-currency conversions succeed. */
  public static FxRates none() {
    return builder().build();
  }

  /** Returns a new builder with no rates and a scale of 2. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of decimal places converted amounts are rounded to. */
  public int scale() {
    return scale;
  }

  /** True if an amount in {@code from} can be converted to {@code to}. */
  public boolean canConvert(Currency from, Currency to) {
    return from.equals(to) || rates.containsKey(key(from, to)) || rates.containsKey(key(to, from));
  }

  /**
   * Returns {@code money} in currency {@code to}, rounded to {@link #scale()} decimal places; an
   * amount already in {@code to} is returned unchanged.
   *
   * @throws CurrencyMismatchException if no rate links the two currencies
   */
  public Money convert(Money money, Currency to) {
    return convert(money, to, scale);
  }

  /**
   * Returns {@code money} in currency {@code to}, rounded to {@code scale} decimal places rather
   * than {@link #scale()}; the selector compares sub-cent prices this way.
   *
   * @throws CurrencyMismatchException if no rate links the two currencies
   */
  public Money convert(Money money, Currency to, int scale) {
    Currency from = money.currency();
    if (from.equals(to)) return money;
    BigDecimal direct = rates.get(key(from, to));
    if (direct != null) {
      return Money.of(money.amount().multiply(direct).setScale(scale, RoundingMode.HALF_EVEN), to);
    }
    BigDecimal inverse = rates.get(key(to, from));
    if (inverse != null) {
      return Money.of(money.amount().divide(inverse, scale, RoundingMode.HALF_EVEN), to);
    }
    throw CurrencyMismatchException.noRate(from, to);
  }

  /**
   * Returns the stated rate of {@code to} per unit of {@code from}, if it was given in that
   * direction.
   */
  public java.util.Optional<BigDecimal> rate(Currency from, Currency to) {
    return java.util.Optional.ofNullable(rates.get(key(from, to)));
  }

  private static String key(Currency from, Currency to) {
    return from.getCurrencyCode() + "/" + to.getCurrencyCode();
  }

  @Override
  public String toString() {
    return "FxRates" + rates + " scale " + scale;
  }

  /** Collects rates. Not threadsafe. */
  public static final class Builder {
    private final Map<String, BigDecimal> rates = new HashMap<>();
    private int scale = 2;

    private Builder() {}

    /**
     * States that one unit of {@code from} buys {@code perUnit} of {@code to}.
     *
     * @throws IllegalArgumentException if the rate is not positive or the currencies are the same
     */
    public Builder rate(Currency from, Currency to, BigDecimal perUnit) {
      Objects.requireNonNull(perUnit, "perUnit");
      if (perUnit.signum() <= 0) throw new IllegalArgumentException("rate must be positive: " + perUnit);
      if (from.equals(to)) throw new IllegalArgumentException("rate from a currency to itself");
      rates.put(key(from, to), perUnit);
      return this;
    }

    /**
     * States a rate with ISO codes and a decimal string, such as {@code rate("USD", "IDR", "16000")}.
     *
     * @throws IllegalArgumentException if a code is unknown or the rate is not a positive decimal
     */
    public Builder rate(String from, String to, String perUnit) {
      return rate(Currency.getInstance(from), Currency.getInstance(to), new BigDecimal(perUnit));
    }

    /**
     * Sets the decimal places converted amounts are rounded to.
     *
     * @throws IllegalArgumentException if {@code scale} is negative
     */
    public Builder scale(int scale) {
      if (scale < 0) throw new IllegalArgumentException("scale < 0: " + scale);
      this.scale = scale;
      return this;
    }

    /** Returns the immutable rates. */
    public FxRates build() {
      return new FxRates(this);
    }
  }
}
