package dev.unigen.routing;

import dev.unigen.request.Request;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the selector made of a request: the offers able to serve it, ranked best first with their
 * estimated costs, and every other candidate offer with the reason it was left out — so "no
 * provider can do this" always says why. Immutable.
 */
public final class Plan {
  private final Request request;
  private final List<Quote> quotes;
  private Supplier<List<Exclusion>> reasons;
  private volatile List<Exclusion> excluded;

  Plan(Request request, List<Quote> quotes, List<Exclusion> excluded) {
    this.request = request;
    this.quotes = List.copyOf(quotes);
    this.excluded = List.copyOf(excluded);
  }

  /**
   * A plan whose exclusions are worked out on first use: most plans are run, not read, and
   * writing a reason for each of hundreds of offers left out was most of the cost of planning.
   */
  Plan(Request request, List<Quote> quotes, Supplier<List<Exclusion>> reasons) {
    this.request = request;
    this.quotes = List.copyOf(quotes);
    this.reasons = reasons;
  }

  /** The request planned for. */
  public Request request() {
    return request;
  }

  /** The usable offers, best first. */
  public List<Quote> quotes() {
    return quotes;
  }

  /** The candidate offers left out, each with its reason. */
  public List<Exclusion> excluded() {
    List<Exclusion> e = excluded;
    if (e == null) {
      synchronized (this) {
        e = excluded;
        if (e == null) {
          e = List.copyOf(reasons.get());
          excluded = e;
          reasons = null;
        }
      }
    }
    return e;
  }

  /** The best quote, if any offer can serve the request. */
  public Optional<Quote> best() {
    return quotes.isEmpty() ? Optional.empty() : Optional.of(quotes.get(0));
  }

  /** True if no offer can serve the request. */
  public boolean isEmpty() {
    return quotes.isEmpty();
  }

  /** A readable table: ranked quotes, then exclusions. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Plan for ").append(request).append('\n');
    for (int i = 0; i < quotes.size(); i++) {
      s.append(String.format("  %2d. %s%n", i + 1, quotes.get(i)));
    }
    for (Exclusion e : excluded()) s.append("   -  ").append(e).append('\n');
    return s.toString();
  }
}
