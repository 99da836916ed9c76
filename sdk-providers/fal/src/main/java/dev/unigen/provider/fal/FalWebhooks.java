package dev.unigen.provider.fal;

import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.spi.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Verifies fal's webhooks: ED25519 signatures (header {@code X-Fal-Webhook-Signature}, hex) over
 * {@code request_id \n user_id \n timestamp \n hex(sha256(body))}, made with any of the keys of
 * fal's JWKS, which is fetched once and cached for 24 hours; timestamps more than 300 s away are
 * rejected. The keys are fetched without the fal key, which they do not need. Threadsafe.
 */
final class FalWebhooks {
  /** Where fal publishes its webhook keys. */
  public static final String JWKS_URL = "https://rest.alpha.fal.ai/.well-known/jwks.json";
  /** How far a timestamp may be from now. */
  public static final Duration TOLERANCE = Duration.ofSeconds(300);
  private static final Duration CACHE_FOR = Duration.ofHours(24);
  // The fixed DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key.
  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final OkHttpClient client;
  private final String jwksUrl;
  private final Clock clock;
  private List<PublicKey> keys;
  private Instant fetched;

  /** Verifies with the keys at {@code jwksUrl}, fetched with {@code client}. */
  FalWebhooks(OkHttpClient client, String jwksUrl, Clock clock) {
    this.client = client;
    this.jwksUrl = jwksUrl;
    this.clock = clock;
  }

  /**
   * Checks the delivery and returns its request id and timestamp.
   *
   * @throws WebhookRejectedException if a header is missing, the timestamp is stale, the keys
   *     cannot be had, or no key verifies the signature
   */
  Delivery verify(Map<String, List<String>> headers, byte[] body) {
    Headers.Builder all = new Headers.Builder();
    headers.forEach((name, values) -> {
      if (name != null) values.forEach(v -> all.addUnsafeNonAscii(name, v));
    });
    Headers h = all.build();
    String requestId = require(h, "X-Fal-Webhook-Request-Id");
    String userId = require(h, "X-Fal-Webhook-User-Id");
    String timestamp = require(h, "X-Fal-Webhook-Timestamp").trim();
    String signature = require(h, "X-Fal-Webhook-Signature").trim();
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw new WebhookRejectedException("fal", "X-Fal-Webhook-Timestamp is not a number");
    }
    if (Math.abs(clock.instant().getEpochSecond() - seconds) > TOLERANCE.getSeconds()) {
      throw new WebhookRejectedException("fal", "X-Fal-Webhook-Timestamp is outside the 300 s window");
    }
    byte[] sig;
    try {
      sig = HexFormat.of().parseHex(signature);
    } catch (IllegalArgumentException e) {
      throw new WebhookRejectedException("fal", "X-Fal-Webhook-Signature is not hex");
    }
    byte[] message = (requestId + "\n" + userId + "\n" + timestamp + "\n" + HexFormat.of().formatHex(sha256(body)))
        .getBytes(StandardCharsets.UTF_8);
    for (PublicKey key : keys()) {
      try {
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(key);
        v.update(message);
        if (v.verify(sig)) return new Delivery(requestId, timestamp);
      } catch (GeneralSecurityException e) {
        // a malformed signature for this key: try the next
      }
    }
    throw new WebhookRejectedException("fal", "no JWKS key verifies X-Fal-Webhook-Signature");
  }

  private static String require(Headers headers, String name) {
    String value = headers.get(name);
    if (value == null) throw new WebhookRejectedException("fal", "missing header " + name);
    return value;
  }

  private synchronized List<PublicKey> keys() {
    if (keys != null && fetched.plus(CACHE_FOR).isAfter(clock.instant())) return keys;
    try (Response r = client.newCall(new Request.Builder().url(jwksUrl).build()).execute()) {
      if (!r.isSuccessful()) throw new WebhookRejectedException("fal", "JWKS answered HTTP " + r.code());
      List<PublicKey> found = new ArrayList<>();
      for (Object k : Json.array(Json.object(Json.parse(r.body().string())), "keys")) {
        Map<String, Object> jwk = Json.object(k);
        if (!"OKP".equals(jwk.get("kty")) || !"Ed25519".equals(jwk.get("crv"))) continue;
        byte[] raw = Base64.getUrlDecoder().decode(Json.string(jwk, "x").orElse(""));
        if (raw.length != 32) continue;
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        found.add(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
      }
      if (found.isEmpty()) throw new WebhookRejectedException("fal", "JWKS has no Ed25519 key");
      keys = List.copyOf(found);
      fetched = clock.instant();
      return keys;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new WebhookRejectedException("fal", "cannot read the JWKS: " + e.getMessage());
    }
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** A verified delivery's {@code X-Fal-Webhook-Request-Id} and {@code X-Fal-Webhook-Timestamp}. */
  record Delivery(String requestId, String timestamp) {}
}
