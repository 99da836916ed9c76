package dev.unigen.spi;

import dev.unigen.InvalidRequestException;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.request.Request;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt to run a request on one offer: the request, the offer and its endpoint for the
 * task, the estimate, a unique id to send as an idempotency key where the provider takes one, and
 * the time allowed. Immutable.
 */
public final class ProviderCall {
  private final String id;
  private final Request request;
  private final Offer offer;
  private final Money estimate;
  private final Duration timeout;

  /**
   * Creates a call; {@code estimate} may be null for an unpriced offer.
   *
   * @throws InvalidRequestException if the request's seed is outside the offer's accepted range, so
   *     that such a seed never reaches a provider
   */
  public ProviderCall(String id, Request request, Offer offer, Money estimate, Duration timeout) {
    this.id = Objects.requireNonNull(id, "id");
    this.request = Objects.requireNonNull(request, "request");
    this.offer = Objects.requireNonNull(offer, "offer");
    if (request.seed().isPresent()) {
      offer.capabilities().seedProblem(request.seed().getAsLong()).ifPresent(why -> {
        throw new InvalidRequestException(offer.key() + ": " + why);
      });
    }
    this.estimate = estimate;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** A unique id for this attempt; send it as the idempotency key where supported. */
  public String id() { return id; }
  /** The request. */
  public Request request() { return request; }
  /** The offer chosen. */
  public Offer offer() { return offer; }
  /** The provider's endpoint or model name for the request's task. */
  public String endpoint() { return offer.endpoint(request.task()); }
  /** The estimated cost, when the offer is priced. */
  public Optional<Money> estimate() { return Optional.ofNullable(estimate); }
  /** How long the attempt may take before it is abandoned. */
  public Duration timeout() { return timeout; }

  @Override
  public String toString() {
    return "ProviderCall(" + id + " " + offer.key() + " " + request + ")";
  }
}
