package dev.unigen.provider.replicate;

import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.Redactor;
import dev.unigen.provider.replicate.wire.WebhookSecret;
import dev.unigen.webhooks.StandardWebhooks;
import dev.unigen.webhooks.WebhookRejectedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Checks Replicate's webhook signatures ({@link StandardWebhooks#replicate}) with the account's
 * signing secret: the one given to the builder, or else the one {@code GET
 * /v1/webhooks/default/secret} returns, fetched once on the first delivery — that call blocks the
 * thread handing the delivery over, for at most the provider's timeout. A fetch that fails rejects
 * the delivery (Replicate sends it again) and is tried again on the next one. The secret is
 * registered with the redactor. Threadsafe.
 */
final class WebhookVerifier {
  private final String provider;
  private final String configuredSecret;
  private final OkHttpClient http;
  private final HttpUrl secretUrl;
  private final String authorization;
  private final Redactor redactor;
  private final Clock clock;
  private final Duration timeout;
  private StandardWebhooks verifier;

  WebhookVerifier(String provider, String configuredSecret, OkHttpClient http, HttpUrl base, String authorization,
      Redactor redactor, Clock clock, Duration timeout) {
    this.provider = provider;
    this.configuredSecret = configuredSecret;
    this.http = http;
    this.secretUrl = base.newBuilder().addPathSegment("webhooks").addPathSegment("default").addPathSegment("secret").build();
    this.authorization = authorization;
    this.redactor = redactor;
    this.clock = clock;
    this.timeout = timeout;
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
    redactor.register(secret);
    try {
      verifier = StandardWebhooks.replicate(secret, clock);
    } catch (IllegalArgumentException e) {
      throw new WebhookRejectedException(provider, "the webhook signing secret is not a whsec_ key");
    }
    return verifier;
  }

  private String fetch() {
    Request req = new Request.Builder().url(secretUrl).header("Authorization", authorization).get().build();
    Response response;
    try {
      response = HttpCalls.send(http, req, provider, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new WebhookRejectedException(provider, redactor.redact("could not fetch the webhook signing secret: " + e.getCause()));
    } catch (TimeoutException e) {
      throw new WebhookRejectedException(provider, "could not fetch the webhook signing secret within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WebhookRejectedException(provider, "interrupted while fetching the webhook signing secret");
    }
    try (Response r = response) {
      String text = new String(r.body().bytes(), StandardCharsets.UTF_8);
      if (!r.isSuccessful()) {
        throw new WebhookRejectedException(provider, "could not fetch the webhook signing secret: HTTP " + r.code());
      }
      return WebhookSecret.key(text);
    } catch (IOException | IllegalArgumentException e) {
      throw new WebhookRejectedException(provider, "could not read the webhook signing secret: " + e.getMessage());
    }
  }
}
