package dev.unigen.provider.replicate.wire;

import dev.unigen.spi.http.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of a create-prediction request. For an official model,
 * {@code POST /v1/models/{owner}/{name}/predictions} takes
 * {@code {"input": {...}, "webhook"?, "webhook_events_filter"?}}; for a model run by version,
 * {@code POST /v1/predictions} takes the same with {@code "version"} first. Immutable.
 *
 * <p>Part of the module's wire layer, not of Unigen's API.
 */
public final class CreatePrediction {
  private final String version;
  private final Map<String, Object> input;
  private final String webhook;
  private final List<String> webhookEvents;

  private CreatePrediction(String version, Map<String, Object> input, String webhook, List<String> webhookEvents) {
    this.version = version;
    this.input = input;
    this.webhook = webhook;
    this.webhookEvents = webhookEvents;
  }

  /**
   * A body for {@code input}; {@code version} is null for an official model, {@code webhook} and
   * {@code webhookEvents} are null when no webhook is wanted.
   */
  public static CreatePrediction of(String version, Map<String, Object> input, String webhook, List<String> webhookEvents) {
    return new CreatePrediction(version, new LinkedHashMap<>(Objects.requireNonNull(input, "input")), webhook,
        webhookEvents == null ? null : List.copyOf(webhookEvents));
  }

  /**
   * The JSON body.
   *
   * @throws IllegalArgumentException if an input value cannot be written as JSON
   */
  public byte[] toJson() {
    Map<String, Object> body = new LinkedHashMap<>();
    if (version != null) body.put("version", version);
    body.put("input", input);
    if (webhook != null) {
      body.put("webhook", webhook);
      if (webhookEvents != null && !webhookEvents.isEmpty()) body.put("webhook_events_filter", webhookEvents);
    }
    return Json.bytes(body);
  }
}
