package dev.unigen.money;

import java.util.Currency;

/**
 * Thrown when amounts in two currencies are combined without converting one of them with
 * {@link FxRates}.
 */
public final class CurrencyMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  CurrencyMismatchException(Currency a, Currency b) {
    super("cannot combine " + a.getCurrencyCode() + " and " + b.getCurrencyCode()
        + " without FxRates");
  }

  CurrencyMismatchException(String message) {
    super(message);
  }
}
