package dev.unigen.planning;

import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.routing.Exclusion;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one workload line costs one user per period in one scenario: the offer chosen for it (and
 * so the catalog entry, its {@code asOf} date and {@code source}, the price came from), the cost
 * in the rule's currency and in the plan's, the part an included subscription credit pays, and how
 * the amount was worked out. A line no offer can serve has no cost, but a reason built from the
 * selector's exclusions, which are kept too. A chain line has no offer of its own: each of its
 * {@link #steps()} has one, and the line costs the sum of theirs. Immutable.
 */
public final class LineCost {
  /** Whether the line could be priced. */
  public enum Status {
    /** An offer serves the line and its rule priced it. */
    PRICED,
    /** An offer was chosen, but its price is unknown (the catalog lists it without a price); for a chain, a step's was. */
    UNPRICED,
    /** No offer can serve the line in this scenario; see {@link #reason()}. */
    UNSERVABLE
  }

  private final int index;
  private final WorkloadLine line;
  private final Status status;
  private final Offer offer;
  private final Money ruleCost;
  private final Money cost;
  private final Money credited;
  private final String derivation;
  private final String reason;
  private final List<Exclusion> exclusions;
  private final List<StepCost> steps;
  private final Tie tie;

  private LineCost(int index, WorkloadLine line, Status status, Offer offer, Money ruleCost, Money cost,
      Money credited, String derivation, String reason, List<Exclusion> exclusions, List<StepCost> steps, Tie tie) {
    this.index = index;
    this.line = line;
    this.status = status;
    this.offer = offer;
    this.ruleCost = ruleCost;
    this.cost = cost;
    this.credited = credited;
    this.derivation = derivation;
    this.reason = reason;
    this.exclusions = List.copyOf(exclusions);
    this.steps = List.copyOf(steps);
    this.tie = tie;
  }

  static LineCost priced(int index, WorkloadLine line, Offer offer, Money ruleCost, Money cost, String derivation,
      List<Exclusion> exclusions, Tie tie) {
    return new LineCost(index, line, Status.PRICED, offer, ruleCost, cost, Money.zero(cost.currency()),
        derivation, null, exclusions, List.of(), tie);
  }

  /** A chain line whose every step is priced: it costs the sum of its steps. */
  static LineCost chain(int index, WorkloadLine line, List<StepCost> steps, Money ruleCost, Money cost, String derivation) {
    return new LineCost(index, line, Status.PRICED, null, ruleCost, cost, Money.zero(cost.currency()), derivation, null,
        List.of(), steps, null);
  }

  /** A chain line with a step whose chosen offer has no known price: {@code reason} says which. */
  static LineCost unpricedChain(int index, WorkloadLine line, List<StepCost> steps, String reason, Currency currency) {
    return new LineCost(index, line, Status.UNPRICED, null, null, null, Money.zero(currency), "", reason, List.of(), steps, null);
  }

  static LineCost unpriced(int index, WorkloadLine line, Offer offer, Currency currency,
      List<Exclusion> exclusions) {
    return new LineCost(index, line, Status.UNPRICED, offer, null, null, Money.zero(currency), "",
        "no known price for " + offer.key(), exclusions, List.of(), null);
  }

  static LineCost unservable(int index, WorkloadLine line, String reason, Currency currency,
      List<Exclusion> exclusions) {
    return new LineCost(index, line, Status.UNSERVABLE, null, null, null, Money.zero(currency), "",
        Objects.requireNonNull(reason), exclusions, List.of(), null);
  }

  /** Returns this line with {@code credit} paid by an included subscription credit. */
  LineCost withCredit(Money credit) {
    return new LineCost(index, line, status, offer, ruleCost, cost, credit, derivation, reason, exclusions, steps, tie);
  }

  /** What the line costs per user on {@code provider}'s offers, before credit: zero unless priced. */
  Money costOn(String provider) {
    Money zero = Money.zero(credited.currency());
    if (status != Status.PRICED) return zero;
    if (offer != null) return offer.provider().equals(provider) ? cost : zero;
    Money sum = zero;
    for (StepCost s : steps) if (s.offer().provider().equals(provider)) sum = sum.plus(s.cost().get());
    return sum;
  }

  /** The line's position in the workload, from 0. */
  public int index() { return index; }
  /** The workload line. */
  public WorkloadLine line() { return line; }
  /** Whether it could be priced. */
  public Status status() { return status; }
  /** True if {@link #status()} is {@link Status#PRICED}. */
  public boolean isPriced() { return status == Status.PRICED; }
  /** The offer chosen: its key, provider, {@code asOf} and {@code source}; empty when unservable, and for a chain line. */
  public Optional<Offer> offer() { return Optional.ofNullable(offer); }
  /** For a chain line, each step's offer and cost in the chain's order (empty if a step cannot be served); else empty. */
  public List<StepCost> steps() { return steps; }
  /** True if the line runs a chain. */
  public boolean isChain() { return line.chain().isPresent(); }
  /**
   * The cost per user per period in the price rule's own currency, exact; empty unless priced. For
   * a chain line, the sum of its steps' rule costs when they share one currency, else {@link #cost()}.
   */
  public Optional<Money> ruleCost() { return Optional.ofNullable(ruleCost); }
  /** The cost per user per period in the plan's currency, before any subscription credit; empty unless priced. */
  public Optional<Money> cost() { return Optional.ofNullable(cost); }
  /** The part of {@link #cost()} an included subscription credit pays, per user; zero if none. */
  public Money credited() { return credited; }
  /** What is left to pay per user: cost minus credit; empty unless priced. */
  public Optional<Money> charged() { return cost == null ? Optional.empty() : Optional.of(cost.minus(credited)); }

  /**
   * The cost of one output before credits: {@link #cost()} ÷ the line's count, to
   * {@link CostPlanner#DIVISION_SCALE} places; empty unless priced.
   */
  public Optional<Money> unitCost() {
    return cost == null ? Optional.empty() : Optional.of(Amounts.divide(cost, line.count()));
  }

  /**
   * How {@link #ruleCost()} was worked out, with units, such as {@code 1,000 × 2 MP (1.048576
   * rounded up) × 0.003 USD/MP = 6 USD}: the calls × the rule's own words for one call (see {@link
   * dev.unigen.pricing.PriceRule#estimateCharge}), plus the smaller last call if any ({@code 2 calls
   * × 4 × … + 1 call × 2 × …}), equal to the rule cost; for a chain line, runs × the cost of one run.
   * Empty unless priced.
   */
  public String derivation() { return derivation; }
  /** Why the line has no cost: the selector's exclusions in words (for a chain, of the step that cannot be served), or an unknown price. */
  public Optional<String> reason() { return Optional.ofNullable(reason); }
  /**
   * Other offers that quoted exactly what the chosen one did, and the declared rule that chose
   * among them (for the default strategy: provider name, then model); empty when the choice was
   * not a tie, and for a chain line (see each step's).
   */
  public Optional<Tie> tie() { return Optional.ofNullable(tie); }
  /** Every offer the selector left out for this line, with its reason. */
  public List<Exclusion> exclusions() { return exclusions; }

  @Override
  public String toString() {
    String on = offer != null ? offer.key() : steps.size() + " steps";
    return "LineCost(" + line.label() + ": " + (cost != null ? cost + " on " + on : status + " " + reason) + ")";
  }
}
