package dev.unigen.budget;

import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.Money;

/**
 * An estimate set aside by {@link Budget#reserve}, held until it is settled once: by
 * {@link #commit(Money)} with what the call really cost, or by {@link #release()} when nothing was
 * spent. The first settlement wins and every later {@code commit}, {@code release} or
 * {@code close} is a no-op, so a {@code finally} or try-with-resources release after a commit is
 * safe. Implementations are threadsafe.
 */
public interface Reservation extends AutoCloseable {
  /** The estimate that was reserved, as it was passed to {@link Budget#reserve}. */
  Money amount();

  /**
   * Settles the reservation with the {@code actual} cost: the estimate is released and the actual
   * is added to the spend of every period and tag value the reservation was made against. The
   * actual may be more or less than the estimate, and it is recorded even when it takes a cap
   * over its limit, since the money is already spent. A no-op if already settled.
   *
   * @return true if the actual took a cap over its limit (an overrun, to be reported)
   * @throws CurrencyMismatchException if {@code actual} is in another currency than the budget and
   *     the budget has no rate for it; the reservation then stays open
   * @throws IllegalArgumentException if {@code actual} is negative
   */
  boolean commit(Money actual);

  /** Settles the reservation with nothing spent, releasing the estimate. A no-op if already settled. */
  void release();

  /** Same as {@link #release()}: releases the estimate unless the reservation was already settled. */
  @Override
  default void close() {
    release();
  }
}
