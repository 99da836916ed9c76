package dev.unigen;

import dev.unigen.budget.Budget;
import dev.unigen.budget.Reservation;
import dev.unigen.money.Money;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The budget a chain's steps draw on. Before the first step, every step's estimate is reserved on
 * the generator's budget, each under the step's own tags (so per-request and per-tag caps apply
 * to each step as they would to a single request); if any cap refuses, nothing is held and nothing
 * runs. A step then takes its reservation when it reserves; one that needs more (a failover to a
 * dearer offer) gives it back and reserves anew, which the budget may refuse. Steps that never
 * ran give theirs back through {@link #releaseUnused()}.
 */
final class ChainBudget implements Budget {
  private final Budget real;
  private final Map<String, Reservation> held;

  private ChainBudget(Budget real, Map<String, Reservation> held) {
    this.real = real;
    this.held = held;
  }

  /**
   * Reserves {@code estimates} (by step) on {@code real}, each with its step's tags.
   *
   * @throws dev.unigen.budget.BudgetExceededException if a cap refuses one; none stays reserved then
   */
  static ChainBudget reserveAll(Budget real, Map<String, Money> estimates, Map<String, Map<String, String>> tags) {
    Map<String, Reservation> held = new LinkedHashMap<>();
    try {
      estimates.forEach((step, amount) -> held.put(step, real.reserve(amount, tags.get(step))));
    } catch (RuntimeException e) {
      held.values().forEach(Reservation::release);
      throw e;
    }
    return new ChainBudget(real, held);
  }

  @Override
  public Reservation reserve(Money estimate, Map<String, String> tags) {
    Reservation r;
    synchronized (held) {
      r = held.remove(tags.get(Chain.STEP_TAG));
    }
    if (r != null && !estimate.isGreaterThan(r.amount())) return r;
    if (r != null) r.release();
    return real.reserve(estimate, tags);
  }

  /** Releases what steps that never ran still hold. */
  void releaseUnused() {
    synchronized (held) {
      held.values().forEach(Reservation::release);
      held.clear();
    }
  }

  @Override public boolean spend(Money actual, Map<String, String> tags) { return real.spend(actual, tags); }
  @Override public Currency currency() { return real.currency(); }
  @Override public Money spentToday() { return real.spentToday(); }
  @Override public Money spentThisMonth() { return real.spentThisMonth(); }
  @Override public Money spent(String tagKey, String tagValue, ChronoUnit period) { return real.spent(tagKey, tagValue, period); }
  @Override public Money reserved() { return real.reserved(); }
}
