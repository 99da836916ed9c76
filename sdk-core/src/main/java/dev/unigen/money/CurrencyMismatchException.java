package dev.unigen.money;

import java.util.Currency;

/**
 * Thrown when amounts in two currencies are combined without converting one of them with
 * {@link FxRates}, or when {@link FxRates} has no rate between them. {@link #from()} and
 * {@link #to()} name the pair, so a caller can ask for exactly the missing rate.
 */
public final class CurrencyMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final Currency from;
  private final Currency to;

  private CurrencyMismatchException(String message, Currency from, Currency to) {
    super(message);
    this.from = from;
    this.to = to;
  }

  static CurrencyMismatchException combining(Currency a, Currency b) {
    return new CurrencyMismatchException("cannot combine " + a.getCurrencyCode() + " and " + b.getCurrencyCode()
        + " without FxRates", b, a);
  }

  static CurrencyMismatchException noRate(Currency from, Currency to) {
    return new CurrencyMismatchException("no exchange rate from " + from.getCurrencyCode() + " to "
        + to.getCurrencyCode(), from, to);
  }

  /** The currency that could not be converted. */
  public Currency from() {
    return from;
  }

  /** The currency it was to be converted to, or combined with. */
  public Currency to() {
    return to;
  }

  /** The missing rate in the {@code FROM:TO} form the command line's {@code --fx} takes, such as {@code GBP:EUR}. */
  public String pair() {
    return from.getCurrencyCode() + ":" + to.getCurrencyCode();
  }
}
