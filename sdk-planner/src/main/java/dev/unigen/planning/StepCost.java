package dev.unigen.planning;

import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.routing.Exclusion;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one step of a chain line costs one user per period in one scenario: the offer the chain's
 * quote chose for it, priced on the size the steps before it produce, and its share of the line's
 * cost (the step's cost for one run × the line's count). A step whose offer has no known price has
 * no cost. Immutable.
 */
public final class StepCost {
  private final String step;
  private final Task task;
  private final Offer offer;
  private final Size outputSize;
  private final long count;
  private final Money ruleCost;
  private final Money cost;
  private final String derivation;
  private final List<Exclusion> exclusions;
  private final Tie tie;

  StepCost(String step, Task task, Offer offer, Size outputSize, long count, Money ruleCost, Money cost,
      String derivation, List<Exclusion> exclusions, Tie tie) {
    this.step = Objects.requireNonNull(step, "step");
    this.task = Objects.requireNonNull(task, "task");
    this.offer = Objects.requireNonNull(offer, "offer");
    this.outputSize = outputSize;
    this.count = count;
    this.ruleCost = ruleCost;
    this.cost = cost;
    this.derivation = derivation;
    this.exclusions = List.copyOf(exclusions);
    this.tie = tie;
  }

  /** The step's name in its chain. */
  public String step() { return step; }
  /** The step's task. */
  public Task task() { return task; }
  /** The offer the step is priced on: its key, provider, {@code asOf} and {@code source}. */
  public Offer offer() { return offer; }
  /** The size of the image or video frame the step is expected to produce; empty for text. */
  public Optional<Size> outputSize() { return Optional.ofNullable(outputSize); }
  /** True if the offer's rule priced the step. */
  public boolean isPriced() { return cost != null; }
  /** The step's cost per user per period (one run's × the line's count) in its rule's currency, exact; empty if unpriced. */
  public Optional<Money> ruleCost() { return Optional.ofNullable(ruleCost); }
  /** The step's cost per user per period in the plan's currency; empty if unpriced. */
  public Optional<Money> cost() { return Optional.ofNullable(cost); }

  /**
   * The step's cost for one run of the chain: {@link #cost()} ÷ the line's count, to
   * {@link CostPlanner#DIVISION_SCALE} places; empty if unpriced.
   */
  public Optional<Money> unitCost() {
    return cost == null ? Optional.empty() : Optional.of(Amounts.divide(cost, count));
  }

  /** How {@link #ruleCost()} was worked out, with units, such as {@code 500 × 0.005 USD/request = 2.5 USD}; empty if unpriced. */
  public String derivation() { return derivation; }
  /** Every offer the selector left out for this step, with its reason. */
  public List<Exclusion> exclusions() { return exclusions; }

  /** Other offers that quoted exactly what the step's did, and the rule that chose among them; empty if none did. */
  public Optional<Tie> tie() { return Optional.ofNullable(tie); }

  @Override
  public String toString() {
    return "StepCost(" + step + " " + task.wireName() + " on " + offer.key() + ": " + (cost != null ? cost : "unpriced") + ")";
  }
}
