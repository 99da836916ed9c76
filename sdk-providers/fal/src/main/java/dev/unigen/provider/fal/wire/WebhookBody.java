package dev.unigen.provider.fal.wire;

import dev.unigen.spi.http.Json;
import java.util.Map;
import java.util.Optional;

/**
 * The body fal posts to a request's webhook: {@code {request_id, gateway_request_id,
 * status: "OK"|"ERROR", payload, error?, payload_error?}}. Immutable.
 *
 * @param requestId the queue request id
 * @param status {@code OK} or {@code ERROR}
 * @param payload the model output (on OK) or error body (on ERROR), parsed; null when fal could not
 *     send it as JSON
 * @param error the delivery's error, such as {@code Invalid status code: 422}
 * @param payloadError why the payload is missing
 */
public record WebhookBody(Optional<String> requestId, String status, Object payload, Optional<String> error,
    Optional<String> payloadError) {
  /**
   * Reads a delivery.
   *
   * @throws IllegalArgumentException if it is not a JSON object
   */
  public static WebhookBody parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    Map<String, Object> o = Json.object(parsed);
    return new WebhookBody(Json.text(o, "request_id"), Json.string(o, "status").orElse(""), o.get("payload"),
        Json.string(o, "error"), Json.string(o, "payload_error"));
  }
}
