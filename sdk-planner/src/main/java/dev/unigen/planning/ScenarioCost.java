package dev.unigen.planning;

import dev.unigen.money.Money;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workload priced on one {@link Scenario}, per user per period, in the plan's currency: every
 * line, every subscription, the total, and the margin against the workload's revenue.
 *
 * <pre>
 * total = Σ line cost − Σ included credit used + Σ subscription fee ÷ users sharing it
 *         + Σ fixed cost per user
 * </pre>
 *
 * <p>A line no offer can serve (or that has no known price) adds nothing to the total: the total
 * is then a lower bound and {@link #complete()} is false. Immutable.
 */
public final class ScenarioCost {
  private final Scenario scenario;
  private final int users;
  private final List<LineCost> lines;
  private final List<SubscriptionCost> subscriptions;
  private final Money payAsYouGo;
  private final Money credited;
  private final Money fees;
  private final Map<String, Money> fixed;
  private final Money fixedTotal;
  private final Money revenue;
  private final CreditPacks.Table creditPacks;
  private final List<String> notes;
  private final List<BreakEven> breakEvens;

  ScenarioCost(Scenario scenario, int users, List<LineCost> lines, List<SubscriptionCost> subscriptions,
      Money payAsYouGo, Money credited, Money fees, Map<String, Money> fixed, Money revenue, CreditPacks.Table creditPacks,
      List<String> notes, List<BreakEven> breakEvens) {
    this.scenario = scenario;
    this.users = users;
    this.lines = List.copyOf(lines);
    this.subscriptions = List.copyOf(subscriptions);
    this.payAsYouGo = payAsYouGo;
    this.credited = credited;
    this.fees = fees;
    this.fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
    Money sum = Money.zero(payAsYouGo.currency());
    for (Money m : fixed.values()) sum = sum.plus(m);
    this.fixedTotal = sum;
    this.revenue = revenue;
    this.creditPacks = creditPacks;
    this.notes = List.copyOf(notes);
    this.breakEvens = List.copyOf(breakEvens);
  }

  /** The scenario. */
  public Scenario scenario() { return scenario; }
  /** The scenario's name. */
  public String name() { return scenario.name(); }
  /** One entry per workload line, in order. */
  public List<LineCost> lines() { return lines; }
  /** One entry per subscription held. */
  public List<SubscriptionCost> subscriptions() { return subscriptions; }
  /** The sum of the priced lines' costs per user, before credits. */
  public Money payAsYouGo() { return payAsYouGo; }
  /** The included credit used per user. */
  public Money credited() { return credited; }
  /**
   * Every subscription in the scenario's catalog, held or not, weighed against pay-as-you-go on
   * the workload's lines: at what monthly volume it pays off. Empty for a plan whose provider serves
   * none of the lines, or when no other provider does.
   */
  public List<BreakEven> breakEvens() { return breakEvens; }
  /** The subscription fees per user. */
  public Money fees() { return fees; }
  /**
   * The workload's fixed costs per user by name, in the workload's order and the plan's currency
   * (a cost all users share divided among them).
   */
  public Map<String, Money> fixedCosts() { return fixed; }
  /** The sum of {@link #fixedCosts()}. */
  public Money fixedTotal() { return fixedTotal; }
  /** What one user costs per period: pay-as-you-go − credit + fees + fixed costs. */
  public Money total() { return payAsYouGo.minus(credited).plus(fees).plus(fixedTotal); }
  /** What all the workload's users cost per period: {@link #total()} × users. */
  public Money totalForAllUsers() { return total().times(users); }
  /** What one user pays per period, in the plan's currency, if the workload states it. */
  public Optional<Money> revenue() { return Optional.ofNullable(revenue); }
  /** Revenue minus total, per user; negative at a loss. Empty without revenue. */
  public Optional<Money> margin() { return revenue().map(r -> r.minus(total())); }

  /**
   * Margin ÷ revenue (0.71 is 71 %), to {@link CostPlanner#DIVISION_SCALE} places; empty without
   * revenue or when it is zero.
   */
  public Optional<BigDecimal> marginRatio() {
    if (revenue == null || revenue.isZero()) return Optional.empty();
    return Optional.of(Amounts.divide(margin().get().amount(), revenue.amount()));
  }

  /** True if every line is priced, so the total is the whole cost. */
  public boolean complete() {
    for (LineCost l : lines) if (!l.isPriced()) return false;
    return true;
  }

  /** The credit-pack margins with this scenario's costs, if the workload sells packs and they could be worked out. */
  public Optional<CreditPacks.Table> creditPacks() { return Optional.ofNullable(creditPacks); }

  /** Remarks on what the figures leave out, such as a free quota not applied or a table not worked out. */
  public List<String> notes() { return notes; }

  @Override
  public String toString() {
    return "ScenarioCost(" + name() + ": " + total() + " per user" + (complete() ? "" : ", incomplete") + ")";
  }
}
