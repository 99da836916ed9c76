/**
 * Reports as plain text, JSON, CSV or one self-contained HTML page ({@link
 * dev.unigen.reports.ReportFormat}): {@link dev.unigen.reports.PlanReport} renders a cost plan,
 * {@link dev.unigen.reports.LedgerReport} what a cost ledger says was really spent and how far
 * estimates drifted from bills. See {@code docs/reports.md}.
 *
 * <p>Public API, in the {@code unigen-planner} artifact with {@link dev.unigen.planning}.
 *
 * <p>Thread safety: both reports are immutable and threadsafe, and may be rendered on many
 * threads at once; their builders are not threadsafe. A {@code LedgerReport} takes its figures
 * from the ledger when it is built, with one query per figure rather than from one snapshot: if
 * other threads record entries meanwhile, a figure may count an entry that another leaves out.
 * For figures that agree exactly, build it while nothing is being recorded.
 */
package dev.unigen.reports;
