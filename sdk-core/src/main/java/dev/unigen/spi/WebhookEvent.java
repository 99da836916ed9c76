package dev.unigen.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

  /**
   * The first value of header {@code name} in {@code headers} as a server hands them to
   * {@link Provider#webhook}, the name matched ignoring case; empty if absent.
   */
  public static Optional<String> header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
        return Optional.ofNullable(e.getValue().get(0));
      }
    }
    return Optional.empty();
  }
}
