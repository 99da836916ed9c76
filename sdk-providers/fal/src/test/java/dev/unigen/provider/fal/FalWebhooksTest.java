package dev.unigen.provider.fal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unigen.spi.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** fal's webhook signatures: ED25519 over the delivery's ids, timestamp and body digest, with keys from fal's JWKS. */
class FalWebhooksTest {
  private static Map<String, List<String>> headers(String... kv) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], List.of(kv[i + 1]));
    return m;
  }

  @Test
  void falEd25519WithKeysFromItsJwks() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
    KeyPair fal = gen.generateKeyPair();
    KeyPair other = gen.generateKeyPair();
    byte[] spki = fal.getPublic().getEncoded();
    String x = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(200).body("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\",\"kid\":\"k1\"}]}").build());
      Instant now = Instant.parse("2026-11-23T10:00:00Z");
      FalWebhooks v = new FalWebhooks(new OkHttpClient(), server.url("/.well-known/jwks.json").toString(), Clock.fixed(now, ZoneOffset.UTC));
      byte[] body = "{\"request_id\":\"r1\",\"gateway_request_id\":\"r1\",\"status\":\"OK\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8);
      String ts = Long.toString(now.getEpochSecond());
      assertEquals(new FalWebhooks.Delivery("r1", ts), v.verify(falHeaders("r1", "u1", ts, sign(fal, "r1", "u1", ts, body)), body));
      // the keys are cached: a second delivery fetches nothing
      assertEquals(new FalWebhooks.Delivery("r1", ts), v.verify(falHeaders("r1", "u1", ts, sign(fal, "r1", "u1", ts, body)), body));
      assertEquals(1, server.getRequestCount());
      assertThrows(WebhookRejectedException.class, () -> v.verify(falHeaders("r1", "u1", ts, sign(other, "r1", "u1", ts, body)), body));
      String stale = Long.toString(now.getEpochSecond() + 301);
      assertThrows(WebhookRejectedException.class, () -> v.verify(falHeaders("r1", "u1", stale, sign(fal, "r1", "u1", stale, body)), body));
      // the user id is part of what is signed
      assertThrows(WebhookRejectedException.class, () -> v.verify(falHeaders("r1", "u2", ts, sign(fal, "r1", "u1", ts, body)), body));
    }
  }

  private static Map<String, List<String>> falHeaders(String id, String user, String ts, String sig) {
    return headers("x-fal-webhook-request-id", id, "x-fal-webhook-user-id", user, "x-fal-webhook-timestamp", ts,
        "x-fal-webhook-signature", sig);
  }

  private static String sign(KeyPair key, String id, String user, String ts, byte[] body) throws Exception {
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(key.getPrivate());
    s.update((id + "\n" + user + "\n" + ts + "\n" + digest).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(s.sign());
  }
}
