package dev.unigen;

import dev.unigen.budget.Budget;

/**
 * How a call that is part of something larger runs: drawing on a budget already reserved for the
 * whole, and keeping its journal entry, with where its outputs went, after it succeeds (so a
 * restart finds them). A plain call uses {@link #NONE}.
 */
final class CallScope {
  static final CallScope NONE = new CallScope(null, false);

  final Budget budget;
  final boolean keepJournal;

  CallScope(Budget budget, boolean keepJournal) {
    this.budget = budget;
    this.keepJournal = keepJournal;
  }
}
