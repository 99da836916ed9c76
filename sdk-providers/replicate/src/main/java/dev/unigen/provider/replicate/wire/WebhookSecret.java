package dev.unigen.provider.replicate.wire;

import dev.unigen.spi.http.Json;

/**
 * The answer of {@code GET /v1/webhooks/default/secret}: {@code {"key": "whsec_..."}}, the
 * secret Replicate signs every webhook of the account with.
 *
 * <p>Part of the module's wire layer, not of Unigen's API. Threadsafe (stateless).
 */
public final class WebhookSecret {
  private WebhookSecret() {}

  /**
   * The signing key.
   *
   * @throws IllegalArgumentException if the answer is not JSON or has no {@code key}
   */
  public static String key(String text) {
    return Json.string(Json.object(Json.parse(text)), "key")
        .filter(k -> !k.isBlank())
        .orElseThrow(() -> new IllegalArgumentException("the webhook secret answer has no key"));
  }
}
