package dev.unigen.provider.leonardo.wire;

import dev.unigen.spi.http.Json;
import java.util.Map;

/**
 * A delivery to the webhook set on a Production API key:
 * {@code {"type": "image_generation.complete", "object": "generation", "timestamp", "api_version",
 * "data": {"object": {id, status, imageWidth, imageHeight, images[...], apiKey{...}, ...}}}}. The
 * body repeats the key's webhook settings (and the key's own record), so it is never logged or put
 * in a message. Immutable.
 */
public final class WebhookDelivery {
  /** The event Leonardo sends when a generation ends. */
  public static final String GENERATION_COMPLETE = "image_generation.complete";

  private final Map<String, Object> o;

  private WebhookDelivery(Map<String, Object> o) {
    this.o = o;
  }

  /** Reads a parsed delivery body. */
  public static WebhookDelivery of(Map<String, Object> o) {
    return new WebhookDelivery(o);
  }

  /** {@code type}, or an empty string. */
  public String type() {
    return Json.string(o, "type").orElse("");
  }

  /** The generation in {@code data.object}. */
  public Generation generation() {
    return Generation.ofWebhook(Json.object(Json.object(o, "data"), "object"));
  }
}
