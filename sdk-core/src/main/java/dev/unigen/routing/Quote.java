package dev.unigen.routing;

import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import java.util.Objects;
import java.util.Optional;

/**
 * One offer able to serve a request, with its estimated cost in the selector's currency and the
 * kind of price rule that produced it. An unpriced quote (allowed only by strategies that do not
 * need prices) has no estimate. Immutable.
 */
public final class Quote {
  private final Offer offer;
  private final Money estimate;
  /**
   * Made on first use: a plan makes hundreds of quotes and reads the estimates of a few. A race
   * at most makes two equal Optionals, each safely published by its final field.
   */
  private Optional<Money> estimateValue;

  Quote(Offer offer, Money estimate) {
    this.offer = Objects.requireNonNull(offer, "offer");
    this.estimate = estimate;
  }

  /** Returns a quote of {@code estimate} for {@code offer}; for custom strategies and tests. */
  public static Quote of(Offer offer, Money estimate) {
    return new Quote(offer, Objects.requireNonNull(estimate, "estimate"));
  }

  /** Returns a quote without a price for {@code offer}. */
  public static Quote unpriced(Offer offer) {
    return new Quote(offer, null);
  }

  /** The offer. */
  public Offer offer() {
    return offer;
  }

  /** The provider's name. */
  public String provider() {
    return offer.provider();
  }

  /** The estimated cost; empty if the offer is unpriced. */
  public Optional<Money> estimate() {
    Optional<Money> e = estimateValue;
    if (e == null) {
      e = Optional.ofNullable(estimate);
      estimateValue = e;
    }
    return e;
  }

  /** The estimate or null, for ranking without an Optional per comparison. */
  Money estimateOrNull() {
    return estimate;
  }

  /** The kind of price rule used, or {@code unpriced}. */
  public String rule() {
    return offer.price().map(r -> r.kind()).orElse("unpriced");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quote && ((Quote) o).offer.equals(offer) && Objects.equals(((Quote) o).estimate, estimate);
  }

  @Override
  public int hashCode() {
    return offer.hashCode();
  }

  @Override
  public String toString() {
    return offer.key() + " " + (estimate == null ? "unpriced" : estimate.toString()) + " (" + rule()
        + (offer.confidence() == dev.unigen.catalog.Offer.Confidence.THIRD_PARTY ? ", third-party price" : "") + ")";
  }
}
