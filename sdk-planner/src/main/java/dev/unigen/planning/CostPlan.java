package dev.unigen.planning;

import dev.unigen.money.Money;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A workload priced on every scenario asked for, in one currency: what {@link CostPlanner#plan}
 * returns, and what the reports in {@code dev.unigen.reports} render. Amounts are exact; they are
 * rounded only for display. Immutable.
 */
public final class CostPlan {
  private final Workload workload;
  private final Currency currency;
  private final Map<String, BigDecimal> ratesUsed;
  private final List<ScenarioCost> scenarios;

  CostPlan(Workload workload, Currency currency, Map<String, BigDecimal> ratesUsed, List<ScenarioCost> scenarios) {
    this.workload = workload;
    this.currency = currency;
    this.ratesUsed = Collections.unmodifiableSortedMap(new TreeMap<>(ratesUsed));
    this.scenarios = List.copyOf(scenarios);
  }

  /** The workload planned. */
  public Workload workload() { return workload; }
  /** The currency of every amount in the plan. */
  public Currency currency() { return currency; }

  /**
   * The stated exchange rates the plan's figures rest on, keyed {@code FROM/TO} with the units of
   * TO per unit of FROM, such as {@code USD/IDR → 16000}, sorted by key; empty when nothing was converted.
   */
  public Map<String, BigDecimal> ratesUsed() { return ratesUsed; }

  /** The scenarios, in the order asked for. */
  public List<ScenarioCost> scenarios() { return scenarios; }

  /** The scenario named {@code name}. */
  public Optional<ScenarioCost> scenario(String name) {
    for (ScenarioCost s : scenarios) if (s.name().equals(name)) return Optional.of(s);
    return Optional.empty();
  }

  /** The complete scenario with the lowest total per user; ties go to the one asked for first. */
  public Optional<ScenarioCost> cheapest() {
    ScenarioCost best = null;
    for (ScenarioCost s : scenarios) {
      if (s.complete() && (best == null || best.total().isGreaterThan(s.total()))) best = s;
    }
    return Optional.ofNullable(best);
  }

  /**
   * What moving from scenario {@code baseline} to scenario {@code other} saves per user.
   *
   * @throws IllegalArgumentException if either scenario is not in the plan
   */
  public Savings savings(String baseline, String other) {
    ScenarioCost from = scenario(baseline).orElseThrow(() -> new IllegalArgumentException("no scenario " + baseline));
    ScenarioCost to = scenario(other).orElseThrow(() -> new IllegalArgumentException("no scenario " + other));
    return new Savings(from, to);
  }

  @Override
  public String toString() {
    return "CostPlan(" + workload.name() + ", " + scenarios.size() + " scenarios, " + currency.getCurrencyCode() + ")";
  }

  /** What one scenario saves against another, per user per period. Immutable. */
  public static final class Savings {
    private final ScenarioCost baseline;
    private final ScenarioCost other;

    private Savings(ScenarioCost baseline, ScenarioCost other) {
      this.baseline = baseline;
      this.other = other;
    }

    /** The scenario compared against. */
    public ScenarioCost baseline() { return baseline; }
    /** The scenario compared. */
    public ScenarioCost other() { return other; }
    /** Baseline total minus the other's; negative when the other costs more. */
    public Money amount() { return baseline.total().minus(other.total()); }

    /**
     * {@link #amount()} ÷ the baseline total (0.8 is 80 % cheaper), to
     * {@link CostPlanner#DIVISION_SCALE} places; empty when the baseline total is zero.
     */
    public Optional<BigDecimal> ratio() {
      Money base = baseline.total();
      return base.isZero() ? Optional.empty() : Optional.of(Amounts.divide(amount().amount(), base.amount()));
    }

    /** True if both scenarios price every line, so the two totals compare like with like. */
    public boolean comparable() { return baseline.complete() && other.complete(); }

    @Override
    public String toString() {
      return other.name() + " against " + baseline.name() + ": saves " + amount() + (comparable() ? "" : " (incomplete)");
    }
  }
}
