package dev.unigen.spi;

import java.util.Objects;

/**
 * A verified webhook delivery, as a provider read it: the delivery's id (to detect replays), the
 * provider's job id, and what it says about the job. Immutable.
 */
public final class WebhookEvent {
  private final String deliveryId;
  private final String providerJobId;
  private final PollResult result;

  /** Creates an event. */
  public WebhookEvent(String deliveryId, String providerJobId, PollResult result) {
    this.deliveryId = Objects.requireNonNull(deliveryId, "deliveryId");
    this.providerJobId = Objects.requireNonNull(providerJobId, "providerJobId");
    this.result = Objects.requireNonNull(result, "result");
  }

  /** The delivery's unique id; the same delivery sent twice is a replay. */
  public String deliveryId() { return deliveryId; }
  /** The provider's id of the job. */
  public String providerJobId() { return providerJobId; }
  /** What the delivery says about the job. */
  public PollResult result() { return result; }
}
