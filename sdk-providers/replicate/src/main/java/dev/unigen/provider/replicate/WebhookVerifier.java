package dev.unigen.provider.replicate;

import dev.unigen.provider.replicate.wire.WebhookSecret;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.http.StandardWebhooks;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks Replicate's webhook signatures ({@link StandardWebhooks#replicate}) with the account's
 * signing secret: the one given to the builder, or else the one {@code GET
 * /v1/webhooks/default/secret} returns, fetched once on the first delivery — that call blocks the
 * thread handing the delivery over, for at most the provider's timeout. A fetch that fails rejects
 * the delivery (Replicate sends it again) and is tried again on the next one. The secret is
 * registered with the redactor. Threadsafe.
 */
final class WebhookVerifier {
  private final String configuredSecret;
  private final ProviderHttp http;
  private StandardWebhooks verifier;

  WebhookVerifier(String configuredSecret, ProviderHttp http) {
    this.configuredSecret = configuredSecret;
    this.http = http;
  }

  /**
   * Verifies a delivery and returns its {@code webhook-id}.
   *
   * @throws WebhookRejectedException if the signature, timestamp or headers do not check out, or
   *     the secret cannot be had
   */
  String verify(Map<String, List<String>> headers, byte[] body) {
    return verifier().verify(headers, body);
  }

  private synchronized StandardWebhooks verifier() {
    if (verifier != null) return verifier;
    String secret = configuredSecret != null ? configuredSecret : fetch();
    http.settings().context().redactor().register(secret);
    try {
      verifier = StandardWebhooks.replicate(secret, http.settings().context().clock());
    } catch (IllegalArgumentException e) {
      throw new WebhookRejectedException(http.provider(), "the webhook signing secret is not a whsec_ key");
    }
    return verifier;
  }

  private String fetch() {
    long timeout = http.settings().timeout().toMillis();
    try {
      return http.read(http.request("/webhooks/default/secret").get().build(), answer -> WebhookSecret.key(answer.text()))
          .get(timeout, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new WebhookRejectedException(http.provider(), "could not fetch the webhook signing secret: "
          + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new WebhookRejectedException(http.provider(), "could not fetch the webhook signing secret within "
          + http.settings().timeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WebhookRejectedException(http.provider(), "interrupted while fetching the webhook signing secret");
    }
  }
}
