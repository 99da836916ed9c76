package dev.unigen.routing;

import dev.unigen.catalog.Offer;
import java.util.Objects;

/** An offer left out of a plan, with the reason and a sentence saying exactly what. Immutable. */
public final class Exclusion {
  private final Offer offer;
  private final ExclusionReason reason;
  private final String detail;

  Exclusion(Offer offer, ExclusionReason reason, String detail) {
    this.offer = Objects.requireNonNull(offer, "offer");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /** The offer left out. */
  public Offer offer() {
    return offer;
  }

  /** Why, as a category. */
  public ExclusionReason reason() {
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
}
