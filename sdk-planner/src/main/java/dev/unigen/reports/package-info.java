/**
 * Reports as plain text, JSON, CSV or one self-contained HTML page ({@link
 * dev.unigen.reports.ReportFormat}): {@link dev.unigen.reports.PlanReport} renders a cost plan,
 * {@link dev.unigen.reports.LedgerReport} what a cost ledger says was really spent and how far
 * estimates drifted from bills. See {@code docs/reports.md}.
 *
 * <p>Public API, in the {@code unigen-planner} artifact with {@link dev.unigen.planning}.
 *
 * <p>Thread safety: both reports are immutable and threadsafe, and may be rendered on many
 * threads at once; their builders are not threadsafe. A {@code LedgerReport} takes its totals
 * from one {@link dev.unigen.ledger.LedgerTotals} snapshot and its entry counts and drift from one
 * read of the entries: an entry recorded between the two reads can make counts and totals
 * disagree, so build it while nothing is being recorded when they must agree exactly.
 */
package dev.unigen.reports;
