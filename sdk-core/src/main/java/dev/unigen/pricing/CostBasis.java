package dev.unigen.pricing;

/** How an amount of money was arrived at. */
public enum CostBasis {
  /** Priced from the request before the call, with the catalog's rule. */
  ESTIMATED,
  /** Computed after the call from what was produced (pixels, seconds, steps, tokens, …). */
  COMPUTED,
  /** Reported by the provider: a cost in its response, or billed units times the unit price. */
  REPORTED,
  /** No price is known for the offer: the amount is absent, never silently zero. */
  UNPRICED
}
