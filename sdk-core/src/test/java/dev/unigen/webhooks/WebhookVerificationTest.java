package dev.unigen.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.spi.http.StandardWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookVerificationTest {
  private static Map<String, List<String>> headers(String... kv) {
    java.util.Map<String, List<String>> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], List.of(kv[i + 1]));
    return m;
  }

  @Test
  void replicateMatchesThePublishedStandardWebhooksExample() {
    // The Standard Webhooks specification's example: this secret, id, timestamp and payload sign to this value.
    Clock at = Clock.fixed(Instant.ofEpochSecond(1614265330), ZoneOffset.UTC);
    StandardWebhooks v = StandardWebhooks.replicate("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", at);
    byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    assertEquals("msg_p5jXN8AQM9LWM0D4loKWxJek", v.verify(headers("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp", "1614265330", "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), body));
  }

  @Test
  void replicateRejectsTamperingStaleTimestampsAndMissingHeaders() throws Exception {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    byte[] key = "a test key of some length".getBytes(StandardCharsets.UTF_8);
    String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    StandardWebhooks v = StandardWebhooks.replicate(secret, clock);
    byte[] body = "{\"id\":\"p1\",\"status\":\"succeeded\"}".getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(now.getEpochSecond());
    String sig = "v1," + Base64.getEncoder().encodeToString(hmac(key, "msg_1." + ts + ".", body));
    // several signatures, space-separated; any may match
    assertEquals("msg_1", v.verify(headers("Webhook-Id", "msg_1", "Webhook-Timestamp", ts,
        "Webhook-Signature", "v1,AAAA " + sig), body));
    byte[] tampered = Arrays.copyOf(body, body.length);
    tampered[2] = 'x';
    assertThrows(WebhookRejectedException.class, () -> v.verify(headers("webhook-id", "msg_1", "webhook-timestamp", ts,
        "webhook-signature", sig), tampered));
    String old = Long.toString(now.getEpochSecond() - 301);
    String oldSig = "v1," + Base64.getEncoder().encodeToString(hmac(key, "msg_1." + old + ".", body));
    WebhookRejectedException stale = assertThrows(WebhookRejectedException.class, () -> v.verify(headers("webhook-id", "msg_1",
        "webhook-timestamp", old, "webhook-signature", oldSig), body));
    assertEquals("replicate: webhook-timestamp is outside the 5 minute window", stale.getMessage());
    // extreme timestamps, correctly signed, must not overflow the window check into a pass
    // (now - (MIN_VALUE + now) is MIN_VALUE, whose absolute value is negative)
    for (long extreme : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + now.getEpochSecond(), Long.MAX_VALUE}) {
      String t = Long.toString(extreme);
      String signed = "v1," + Base64.getEncoder().encodeToString(hmac(key, "msg_1." + t + ".", body));
      WebhookRejectedException e = assertThrows(WebhookRejectedException.class, () -> v.verify(headers("webhook-id", "msg_1",
          "webhook-timestamp", t, "webhook-signature", signed), body));
      assertEquals("replicate: webhook-timestamp is outside the 5 minute window", e.getMessage());
    }
    assertThrows(WebhookRejectedException.class, () -> v.verify(headers("webhook-id", "msg_1"), body));
  }

  @Test
  void wavespeedSignsHexWithTheRawSecret() throws Exception {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    StandardWebhooks v = StandardWebhooks.wavespeed("whsec_plainsecret", Clock.fixed(now, ZoneOffset.UTC));
    byte[] body = "{\"id\":\"t1\",\"status\":\"completed\"}".getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(now.getEpochSecond());
    String sig = "v3," + HexFormat.of().formatHex(hmac("plainsecret".getBytes(StandardCharsets.UTF_8), "w1." + ts + ".", body));
    assertEquals("w1", v.verify(headers("webhook-id", "w1", "webhook-timestamp", ts, "webhook-signature", sig), body));
  }

  private static byte[] hmac(byte[] key, String prefix, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update(prefix.getBytes(StandardCharsets.UTF_8));
    return mac.doFinal(body);
  }
}
