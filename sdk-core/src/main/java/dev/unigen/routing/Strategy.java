package dev.unigen.routing;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Orders the quotes that can serve a request, best first. Quotes a strategy leaves out of its
 * result are reported as excluded ({@link Exclusion.Reason#NOT_CHOSEN}). Implementations return a
 * subset of the candidates without duplicates, must be threadsafe, and must not modify the list
 * they are given.
 */
@FunctionalInterface
public interface Strategy {
  /** Returns the quotes to try, best first. */
  List<Quote> rank(List<Quote> candidates);

  /** True if offers without a known price must be left out; the default. */
  default boolean requiresPrice() {
    return true;
  }

  /**
   * The cheapest estimate first; ties broken by provider name, then model, so the order never
   * depends on catalog order.
   */
  static Strategy cheapest() {
    return Strategies.CHEAPEST;
  }

  /**
   * The listed providers in the given order, each provider's offers cheapest first; offers of
   * other providers are not used. Unpriced offers are allowed and come after priced ones of the
   * same provider.
   *
   * @throws IllegalArgumentException if no provider is given
   */
  static Strategy providerOrder(String... providers) {
    if (providers.length == 0) throw new IllegalArgumentException("no providers given");
    return new Strategies.ProviderOrder(Arrays.asList(providers.clone()));
  }

  /**
   * Cheapest first, except that {@code provider}'s quotes move to the front when they cost at most
   * {@code tolerance} (a fraction, such as {@code 0.10} for 10 %) more than the cheapest quote.
   *
   * @throws IllegalArgumentException if the tolerance is negative
   */
  static Strategy cheapestPreferring(String provider, BigDecimal tolerance) {
    Objects.requireNonNull(provider, "provider");
    if (tolerance.signum() < 0) throw new IllegalArgumentException("negative tolerance: " + tolerance);
    return new Strategies.Preferring(provider, tolerance);
  }
}
