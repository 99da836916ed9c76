package dev.unigen.budget;

import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * An estimate set aside by {@link Budget#reserve}, held until it is settled once: by
 * {@link #commit(Money)} with what the call really cost, or by {@link #release()} when nothing was
 * spent. The first settlement wins and every later {@code commit}, {@code release} or
 * {@code close} is a no-op, so a {@code finally} or try-with-resources release after a commit is
 * safe. This class is threadsafe.
 */
public final class Reservation implements AutoCloseable {
  private final Budget budget;
  private final Money amount;
  final BigDecimal reservedAmount;
  final List<Budget.WindowKey> keys;
  // Guarded by the budget's lock.
  boolean settled;

  Reservation(Budget budget, Money amount, BigDecimal reservedAmount, List<Budget.WindowKey> keys) {
    this.budget = budget;
    this.amount = amount;
    this.reservedAmount = reservedAmount;
    this.keys = List.copyOf(keys);
  }

  /** The estimate that was reserved, as it was passed to {@link Budget#reserve}. */
  public Money amount() {
    return amount;
  }

  /**
   * Settles the reservation with the {@code actual} cost: the estimate is released and the actual
   * is added to the spend of every period and tag value the reservation was made against. The
   * actual may be more or less than the estimate, and it is recorded even when it takes a cap
   * over its limit, since the money is already spent. A no-op if already settled.
   *
   * @throws CurrencyMismatchException if {@code actual} is in another currency than the budget and
   *     the budget has no rate for it; the reservation then stays open
   * @throws IllegalArgumentException if {@code actual} is negative
   */
  public void commit(Money actual) {
    Objects.requireNonNull(actual, "actual");
    if (actual.isNegative()) throw new IllegalArgumentException("negative actual: " + actual);
    budget.settle(this, budget.toBudgetCurrency(actual));
  }

  /** Settles the reservation with nothing spent, releasing the estimate. A no-op if already settled. */
  public void release() {
    budget.settle(this, BigDecimal.ZERO);
  }

  /** Same as {@link #release()}: releases the estimate unless the reservation was already settled. */
  @Override
  public void close() {
    release();
  }

  @Override
  public String toString() {
    return "Reservation(" + amount + ")";
  }
}
