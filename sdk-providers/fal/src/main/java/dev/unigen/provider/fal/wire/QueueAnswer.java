package dev.unigen.provider.fal.wire;

import dev.unigen.spi.http.Json;
import java.util.Map;
import java.util.Optional;

/**
 * fal's answer to a queue submit: {@code {request_id, response_url, status_url, cancel_url}}, and
 * with a webhook {@code gateway_request_id}. Immutable.
 */
public final class QueueAnswer {
  private final String requestId;
  private final String responseUrl;
  private final String statusUrl;
  private final String cancelUrl;

  private QueueAnswer(String requestId, String responseUrl, String statusUrl, String cancelUrl) {
    this.requestId = requestId;
    this.responseUrl = responseUrl;
    this.statusUrl = statusUrl;
    this.cancelUrl = cancelUrl;
  }

  /**
   * Reads a submit answer.
   *
   * @throws IllegalArgumentException if the text is not a JSON object
   */
  public static QueueAnswer parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    Map<String, Object> o = Json.object(parsed);
    return new QueueAnswer(Json.string(o, "request_id").orElse(null), Json.string(o, "response_url").orElse(null),
        Json.string(o, "status_url").orElse(null), Json.string(o, "cancel_url").orElse(null));
  }

  /** The queue's id of the request. */
  public Optional<String> requestId() { return Optional.ofNullable(requestId).filter(s -> !s.isBlank()); }
  /** Where the result is read. */
  public Optional<String> responseUrl() { return Optional.ofNullable(responseUrl); }
  /** Where the status is read. */
  public Optional<String> statusUrl() { return Optional.ofNullable(statusUrl); }
  /** Where the request is canceled. */
  public Optional<String> cancelUrl() { return Optional.ofNullable(cancelUrl); }
}
