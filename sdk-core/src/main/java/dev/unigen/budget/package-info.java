/**
 * API: spend caps that hold under concurrency. {@link dev.unigen.budget.Budget} and
 * {@link dev.unigen.budget.Reservation} are interfaces; {@code Budget.builder()} makes the
 * embedded in-memory default, and another backend implements the same interfaces.
 *
 * <p>Thread safety: budgets and reservations are threadsafe; the builder is not.
 */
package dev.unigen.budget;
