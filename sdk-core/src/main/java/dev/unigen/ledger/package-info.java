/**
 * API: the record of every attempt and what it really cost. {@link dev.unigen.ledger.CostLedger}
 * is an interface (in memory or JSON lines by default; another backend implements six methods);
 * {@link dev.unigen.ledger.LedgerEntry} is one attempt and {@link dev.unigen.ledger.LedgerTotals}
 * one snapshot of totals.
 *
 * <p>Thread safety: ledgers are threadsafe; entries and totals are immutable.
 */
package dev.unigen.ledger;
