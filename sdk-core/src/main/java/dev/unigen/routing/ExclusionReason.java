package dev.unigen.routing;

/** Why an offer was left out of a plan. */
public enum ExclusionReason {
  /** The request or the selector does not allow this provider. */
  PROVIDER_NOT_ALLOWED,
  /** The offer does not serve the requested task. */
  TASK_NOT_OFFERED,
  /** The offer lacks a capability the request needs (too many references, a size it cannot make, …). */
  CAPABILITY_MISSING,
  /** The offer's price rule cannot price the request (a duration the model does not allow, …). */
  NOT_PRICEABLE,
  /** The offer has no known price and the strategy needs one. */
  UNPRICED,
  /** The price is in a currency the selector cannot convert without an exchange rate. */
  CURRENCY,
  /** The estimate is above the request's {@code maxCost}. */
  OVER_MAX_COST,
  /** The strategy chose not to use the offer, such as a provider missing from an explicit order. */
  NOT_CHOSEN
}
