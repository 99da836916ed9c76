package dev.unigen.provider.fal.wire;

import dev.unigen.spi.http.Json;
import java.util.Map;
import java.util.Optional;

/**
 * The body fal posts to a request's webhook: {@code {request_id, gateway_request_id,
 * status: "OK"|"ERROR", payload, error?, payload_error?}}. Immutable.
 */
public final class WebhookBody {
  private final String requestId;
  private final String status;
  private final Object payload;
  private final String error;
  private final String payloadError;

  private WebhookBody(String requestId, String status, Object payload, String error, String payloadError) {
    this.requestId = requestId;
    this.status = status;
    this.payload = payload;
    this.error = error;
    this.payloadError = payloadError;
  }

  /**
   * Reads a delivery.
   *
   * @throws IllegalArgumentException if it is not a JSON object
   */
  public static WebhookBody parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    Map<String, Object> o = Json.object(parsed);
    return new WebhookBody(Json.string(o, "request_id").orElse(null), Json.string(o, "status").orElse(""),
        o.get("payload"), Json.string(o, "error").orElse(null), Json.string(o, "payload_error").orElse(null));
  }

  /** The queue request id. */
  public Optional<String> requestId() { return Optional.ofNullable(requestId).filter(s -> !s.isBlank()); }
  /** {@code OK} or {@code ERROR}. */
  public String status() { return status; }
  /** The model output (on OK) or error body (on ERROR), parsed; null when fal could not send it as JSON. */
  public Object payload() { return payload; }
  /** The delivery's error, such as {@code Invalid status code: 422}. */
  public Optional<String> error() { return Optional.ofNullable(error); }
  /** Why the payload is missing. */
  public Optional<String> payloadError() { return Optional.ofNullable(payloadError); }
}
