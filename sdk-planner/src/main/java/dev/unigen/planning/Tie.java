package dev.unigen.planning;

import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import dev.unigen.routing.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Other offers that quoted exactly what the chosen one did for a line (or a chain step), and the
 * declared rule that chose among them: the {@link Strategy#cheapest() cheapest} strategy breaks a
 * tie by provider name, then by model, so a plan never depends on catalog order. A report shows
 * it as {@code tied with replicate/flux-schnell at 0.003 USD; chosen by provider name}. Immutable.
 */
public final class Tie {
  private final Offer chosen;
  private final List<Offer> tiedWith;
  private final Money estimate;
  private final String brokenBy;

  private Tie(Offer chosen, List<Offer> tiedWith, Money estimate, String brokenBy) {
    this.chosen = chosen;
    this.tiedWith = List.copyOf(tiedWith);
    this.estimate = estimate;
    this.brokenBy = brokenBy;
  }

  /**
   * The tie of {@code plan}'s best quote, if other quotes estimate exactly the same; the rule is
   * said in {@code strategy}'s terms.
   */
  static Optional<Tie> of(Plan plan, Strategy strategy) {
    if (plan.quotes().size() < 2 || plan.best().get().estimate().isEmpty()) return Optional.empty();
    Quote best = plan.best().get();
    Money at = best.estimate().get();
    List<Offer> tied = new ArrayList<>();
    boolean otherProvider = false;
    for (Quote q : plan.quotes().subList(1, plan.quotes().size())) {
      if (q.estimate().isEmpty() || !q.estimate().get().currency().equals(at.currency())
          || q.estimate().get().amount().compareTo(at.amount()) != 0) {
        continue;
      }
      tied.add(q.offer());
      otherProvider |= !q.provider().equals(best.provider());
    }
    if (tied.isEmpty()) return Optional.empty();
    return Optional.of(new Tie(best.offer(), tied, at, rule(strategy, otherProvider)));
  }

  /** The declared rule that decided, in words: {@code provider name}, {@code model name}, or the strategy. */
  private static String rule(Strategy strategy, boolean otherProvider) {
    if (strategy == Strategy.cheapest()) return otherProvider ? "provider name" : "model name";
    // Every built-in strategy orders one provider's equal offers by model name.
    if (!otherProvider && strategy.getClass().getPackageName().equals(Strategy.class.getPackageName())) return "model name";
    return "the scenario's strategy (" + strategy + ")";
  }

  /** The offer chosen. */
  public Offer chosen() { return chosen; }
  /** The other offers whose estimate equals the chosen one's, in the strategy's order. */
  public List<Offer> tiedWith() { return tiedWith; }
  /** The estimate they share, for one call in the plan's currency. */
  public Money estimate() { return estimate; }
  /** What chose among them: {@code provider name}, {@code model name}, or the scenario's strategy in words. */
  public String brokenBy() { return brokenBy; }

  /** {@code tied with replicate/flux-schnell at 0.003 USD; chosen by provider name}. */
  @Override
  public String toString() {
    List<String> keys = new ArrayList<>();
    for (Offer o : tiedWith) keys.add(o.key());
    return "tied with " + String.join(", ", keys) + " at " + Amounts.plain(estimate) + "; chosen by " + brokenBy;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Tie)) return false;
    Tie t = (Tie) o;
    return chosen.equals(t.chosen) && tiedWith.equals(t.tiedWith) && estimate.equals(t.estimate) && brokenBy.equals(t.brokenBy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(chosen, tiedWith, estimate, brokenBy);
  }
}
