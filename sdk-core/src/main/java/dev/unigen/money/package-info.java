/**
 * API: exact money. {@link dev.unigen.money.Money} is a {@code BigDecimal} amount with a currency;
 * {@link dev.unigen.money.FxRates} are the exchange rates the user states. No floating point.
 *
 * <p>Thread safety: immutable and threadsafe.
 */
package dev.unigen.money;
