package dev.unigen.routing;

import dev.unigen.catalog.Offer;
import java.util.Objects;

/** An offer left out of a plan, with the reason and a sentence saying exactly what. Immutable. */
public final class Exclusion {
  private final Offer offer;
  private final Reason reason;
  private final String detail;

  Exclusion(Offer offer, Reason reason, String detail) {
    this.offer = Objects.requireNonNull(offer, "offer");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /** The offer left out. */
  public Offer offer() {
    return offer;
  }

  /** Why, as a category. */
  public Reason reason() {
    return reason;
  }

  /** Why, in words, such as "5 reference images asked, 4 allowed". */
  public String detail() {
    return detail;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Exclusion)) return false;
    Exclusion e = (Exclusion) o;
    return offer.equals(e.offer) && reason == e.reason && detail.equals(e.detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(offer, reason, detail);
  }

  @Override
  public String toString() {
    return offer.key() + " excluded: " + reason + " (" + detail + ")";
  }

  /** Why an offer was left out of a plan. */
  public enum Reason {
    /** The request or the selector does not allow this provider. */
    PROVIDER_NOT_ALLOWED,
    /** The provider has shut the model down (the offer's {@code retires} day has come). */
    RETIRED,
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
}
