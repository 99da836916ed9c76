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
   * {@code quotes} in {@link #BY_PRICE} order. Planning a request that names no model sorts hundreds
   * of quotes, so they are sorted as primitive longs, each the estimate's {@code double} bits (which
   * order as the values do, estimates being non-negative) with the low bits holding the quote's
   * index. Rounding to a double never reverses an order, so two quotes whose keys differ above the
   * index bits are already in order; only runs of equal keys are sorted again with the exact
   * comparator. Null when an estimate is negative or too large for a double, for the plain sort.
   */
  private static List<Quote> byPrice(List<Quote> quotes) {
    int n = quotes.size();
    if (n < 2) return new ArrayList<>(quotes);
    int bits = 32 - Integer.numberOfLeadingZeros(n - 1);
    long mask = (1L << bits) - 1;
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      double d = quotes.get(i).estimateOrNull().amount().doubleValue();
      if (!(d >= 0) || Double.isInfinite(d)) return null;
      keys[i] = (Double.doubleToRawLongBits(d) & ~mask) | i;
    }
    java.util.Arrays.sort(keys);
    List<Quote> sorted = new ArrayList<>(n);
    for (long k : keys) sorted.add(quotes.get((int) (k & mask)));
    for (int from = 0; from < n; ) {
      int to = from + 1;
      while (to < n && (keys[to] & ~mask) == (keys[from] & ~mask)) to++;
      if (to - from > 1) sorted.subList(from, to).sort(BY_PRICE);
      from = to;
    }
    return sorted;
  }

  /**
   * What {@link #CHEAPEST} makes of {@code quotes}, every one priced, when they come in
   * {@link OfferIndex#BY_NAME} order: then, of two quotes of equal amounts, the earlier is the one
   * the strategy ranks first, so only runs of keys equal above the position bits whose amounts
   * differ need a comparator, and it compares amounts alone (the sort being stable).
   */
  static List<Quote> cheapestInNameOrder(List<Quote> quotes) {
    int n = quotes.size();
    if (n < 2) return List.copyOf(quotes);
    int bits = 32 - Integer.numberOfLeadingZeros(n - 1);
    long mask = (1L << bits) - 1;
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      double d = quotes.get(i).estimateOrNull().amount().doubleValue();
      if (!(d >= 0) || Double.isInfinite(d)) {
        List<Quote> sorted = new ArrayList<>(quotes);
        sorted.sort(BY_PRICE);
        return List.copyOf(sorted);
      }
      keys[i] = (Double.doubleToRawLongBits(d) & ~mask) | i;
    }
    java.util.Arrays.sort(keys);
    Quote[] sorted = new Quote[n];
    for (int i = 0; i < n; i++) sorted[i] = quotes.get((int) (keys[i] & mask));
    for (int from = 0; from < n; ) {
      long price = keys[from] & ~mask;
      int to = from + 1;
      boolean equal = true;
      BigDecimal first = sorted[from].estimateOrNull().amount();
      for (; to < n && (keys[to] & ~mask) == price; to++) {
        equal = equal && sorted[to].estimateOrNull().amount().compareTo(first) == 0;
      }
      if (!equal) java.util.Arrays.sort(sorted, from, to, BY_AMOUNT);
      from = to;
    }
    return List.of(sorted);
  }

  private static final Comparator<Quote> BY_AMOUNT =
      (a, b) -> a.estimateOrNull().amount().compareTo(b.estimateOrNull().amount());

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
