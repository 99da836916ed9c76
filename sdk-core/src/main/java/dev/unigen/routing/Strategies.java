package dev.unigen.routing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The built-in strategies. */
final class Strategies {
  private Strategies() {}

  static final Comparator<Quote> BY_PRICE = (a, b) -> {
    int c = a.estimateOrNull().amount().compareTo(b.estimateOrNull().amount());
    if (c != 0) return c;
    c = a.provider().compareTo(b.provider());
    return c != 0 ? c : a.offer().model().compareTo(b.offer().model());
  };

  static final Strategy CHEAPEST = new Strategy() {
    @Override
    public List<Quote> rank(List<Quote> candidates) {
      List<Quote> sorted = byPrice(candidates);
      if (sorted != null) return sorted;
      sorted = new ArrayList<>(candidates);
      sorted.sort(BY_PRICE);
      return sorted;
    }

    @Override
    public String toString() {
      return "cheapest";
    }
  };

  /**
   * {@code quotes} in {@link #BY_PRICE} order, comparing each estimate as a whole number of the
   * smallest unit any of them uses: one conversion per quote instead of a {@code BigDecimal}
   * comparison per step of the sort, which weighed most in planning a request that names no
   * model. Null when an amount does not fit a long at that scale, for the plain sort.
   */
  private static List<Quote> byPrice(List<Quote> quotes) {
    int n = quotes.size();
    if (n < 2) return new ArrayList<>(quotes);
    int scale = 0;
    for (Quote q : quotes) scale = Math.max(scale, q.estimateOrNull().amount().scale());
    if (scale > 18) return null;
    Keyed[] keyed = new Keyed[n];
    try {
      for (int i = 0; i < n; i++) {
        Quote q = quotes.get(i);
        keyed[i] = new Keyed(q.estimateOrNull().amount().movePointRight(scale).longValueExact(), q);
      }
    } catch (ArithmeticException tooLarge) {
      return null;
    }
    java.util.Arrays.sort(keyed, (a, b) -> {
      int c = Long.compare(a.key, b.key);
      if (c != 0) return c;
      c = a.quote.provider().compareTo(b.quote.provider());
      return c != 0 ? c : a.quote.offer().model().compareTo(b.quote.offer().model());
    });
    List<Quote> sorted = new ArrayList<>(n);
    for (Keyed k : keyed) sorted.add(k.quote);
    return sorted;
  }

  /** A quote with its estimate as a whole number of the common smallest unit. */
  private static final class Keyed {
    final long key;
    final Quote quote;

    Keyed(long key, Quote quote) {
      this.key = key;
      this.quote = quote;
    }
  }

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
