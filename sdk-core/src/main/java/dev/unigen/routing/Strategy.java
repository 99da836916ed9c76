package dev.unigen.routing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Orders the quotes that can serve a request, best first. Quotes a strategy leaves out of its
 * result are reported as excluded ({@link ExclusionReason#NOT_CHOSEN}). Implementations return a
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

/** The built-in strategies. */
final class Strategies {
  private Strategies() {}

  static final Comparator<Quote> BY_PRICE = (a, b) -> {
    int c = a.estimate().get().amount().compareTo(b.estimate().get().amount());
    if (c != 0) return c;
    c = a.provider().compareTo(b.provider());
    return c != 0 ? c : a.offer().model().compareTo(b.offer().model());
  };

  static final Strategy CHEAPEST = new Strategy() {
    @Override
    public List<Quote> rank(List<Quote> candidates) {
      List<Quote> sorted = new ArrayList<>(candidates);
      sorted.sort(BY_PRICE);
      return sorted;
    }

    @Override
    public String toString() {
      return "cheapest";
    }
  };

  static final class ProviderOrder implements Strategy {
    private final List<String> order;

    ProviderOrder(List<String> order) {
      this.order = List.copyOf(order);
    }

    @Override
    public List<Quote> rank(List<Quote> candidates) {
      List<Quote> out = new ArrayList<>();
      for (String provider : order) {
        List<Quote> priced = new ArrayList<>();
        List<Quote> unpriced = new ArrayList<>();
        for (Quote q : candidates) {
          if (!q.provider().equals(provider)) continue;
          (q.estimate().isPresent() ? priced : unpriced).add(q);
        }
        priced.sort(BY_PRICE);
        out.addAll(priced);
        out.addAll(unpriced);
      }
      return out;
    }

    @Override
    public boolean requiresPrice() {
      return false;
    }

    @Override
    public String toString() {
      return "provider order " + order;
    }
  }

  static final class Preferring implements Strategy {
    private final String provider;
    private final BigDecimal tolerance;

    Preferring(String provider, BigDecimal tolerance) {
      this.provider = provider;
      this.tolerance = tolerance;
    }

    @Override
    public List<Quote> rank(List<Quote> candidates) {
      List<Quote> sorted = CHEAPEST.rank(candidates);
      if (sorted.isEmpty()) return sorted;
      BigDecimal limit = sorted.get(0).estimate().get().amount().multiply(BigDecimal.ONE.add(tolerance));
      List<Quote> preferred = new ArrayList<>();
      List<Quote> rest = new ArrayList<>();
      for (Quote q : sorted) {
        boolean near = q.estimate().get().amount().compareTo(limit) <= 0;
        (q.provider().equals(provider) && near ? preferred : rest).add(q);
      }
      preferred.addAll(rest);
      return preferred;
    }

    @Override
    public String toString() {
      return "cheapest preferring " + provider + " within " + tolerance.toPlainString();
    }
  }
}
