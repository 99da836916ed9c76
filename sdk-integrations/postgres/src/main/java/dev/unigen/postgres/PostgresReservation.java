package dev.unigen.postgres;

import dev.unigen.budget.Reservation;

/**
 * A {@link Reservation} kept in PostgreSQL. Its {@link #id()} lets any instance settle it with
 * {@link PostgresBudget#commit(String, dev.unigen.money.Money)} or
 * {@link PostgresBudget#release(String)}; settling is idempotent by that id. Threadsafe.
 */
public interface PostgresReservation extends Reservation {
  /** The reservation's id, unique in the database. */
  String id();
}
