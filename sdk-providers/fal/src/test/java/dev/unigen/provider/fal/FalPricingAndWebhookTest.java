package dev.unigen.provider.fal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.InvalidRequestException;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fal's pricing API feeding the catalog, and signed webhook deliveries. */
class FalPricingAndWebhookTest {
  @StartStop private final MockWebServer queue = TestServers.started();
  @StartStop private final MockWebServer platform = TestServers.started();
  private final FalProvider fal = FalProvider.builder().webhookJwksUrl(platform.url("/.well-known/jwks.json").toString())
      .build(Fixtures.context(Map.of("FAL_KEY", Fixtures.KEY, "UNIGEN_FAL_BASE_URL", queue.url("/").toString(),
          "UNIGEN_FAL_PLATFORM_BASE_URL", platform.url("/v1").toString())));
  private KeyPair falKey;

  @BeforeEach
  void start() throws Exception {
    falKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  @Test
  void refreshPricesUpdatesSingleUnitPricesFromThePricingApi() throws Exception {
    platform.enqueue(TestCalls.json(200, "{\"prices\":[{\"endpoint_id\":\"fal-ai/flux/dev\",\"unit_price\":0.03,\"unit\":\"image\","
        + "\"currency\":\"USD\"},{\"endpoint_id\":\"fal-ai/flux/schnell\",\"unit_price\":0.003,\"unit\":\"image\",\"currency\":\"USD\"},"
        + "{\"endpoint_id\":\"fal-ai/sam-3/image\",\"unit_price\":0.006,\"unit\":\"request\",\"currency\":\"USD\"},"
        + "{\"endpoint_id\":\"fal-ai/kling-video/v2.6/pro/text-to-video\",\"unit_price\":0.5,\"unit\":\"second\",\"currency\":\"USD\"},"
        + "{\"endpoint_id\":\"fal-ai/z-image/turbo\",\"unit_price\":0.02,\"unit\":\"second\",\"currency\":\"USD\"},"
        + "{\"endpoint_id\":\"fal-ai/flux-pro/v1.1\",\"unit_price\":0.05,\"unit\":\"image\",\"currency\":\"USD\"}],"
        + "\"next_cursor\":null,\"has_more\":false}"));
    Catalog before = fal.catalog();
    Catalog after = TestCalls.await(fal.refreshPrices());
    assertSame(after, fal.catalog(), "the provider serves the refreshed catalog");

    RecordedRequest r = platform.takeRequest();
    assertEquals("/v1/models/pricing", r.getUrl().encodedPath());
    assertEquals("Key " + Fixtures.KEY, r.getHeaders().get("Authorization"));
    List<String> ids = Arrays.asList(r.getUrl().queryParameter("endpoint_id").split(","));
    assertEquals(20, ids.size(), "one id per priced offer");
    assertTrue(ids.contains("fal-ai/flux/dev") && ids.contains("wan/v2.6/image-to-video"));
    assertFalse(ids.contains("fal-ai/dwpose"), "an unpriced offer is not asked for");

    Offer dev = after.offer("fal", "flux-dev").get();
    assertEquals(0, new BigDecimal("0.03").compareTo(dev.price().get().unitPrice().get().amount()));
    assertEquals(LocalDate.of(2026, 11, 23), dev.asOf());
    assertEquals(platform.url("/v1/models/pricing").toString(), dev.source());
    assertEquals("per-megapixel", dev.price().get().kind(), "the rule keeps its kind, base and rounding");
    assertSame(before.offer("fal", "flux-schnell").get(), after.offer("fal", "flux-schnell").get(), "unchanged price, unchanged offer");
    assertEquals(0, new BigDecimal("0.006").compareTo(after.offer("fal", "sam-3").get().price().get().unitPrice().get().amount()));
    assertSame(before.offer("fal", "kling-2.6-pro").get(), after.offer("fal", "kling-2.6-pro").get(), "a rate table is not replaced");
    assertSame(before.offer("fal", "z-image-turbo").get(), after.offer("fal", "z-image-turbo").get(), "a unit that does not fit the rule is ignored");

    Offer pro = after.offer("fal", "flux-pro-1.1").get();
    assertEquals(Offer.Confidence.THIRD_PARTY, before.offer("fal", "flux-pro-1.1").get().confidence());
    assertEquals(0, new BigDecimal("0.05").compareTo(pro.price().get().unitPrice().get().amount()));
    assertEquals(Offer.Confidence.OFFICIAL, pro.confidence(), "a price from fal's own pricing API is fal's figure");
    assertEquals(Offer.Confidence.OFFICIAL, dev.confidence());
  }

  private String jwks() {
    byte[] spki = falKey.getPublic().getEncoded();
    String x = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    return "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\",\"kid\":\"k1\"}]}";
  }

  private Map<String, List<String>> signed(String requestId, byte[] body, KeyPair key) throws Exception {
    String ts = Long.toString(Fixtures.NOW.getEpochSecond());
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(key.getPrivate());
    s.update((requestId + "\nuser-1\n" + ts + "\n" + digest).getBytes(StandardCharsets.UTF_8));
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("x-fal-webhook-request-id", List.of(requestId));
    h.put("x-fal-webhook-user-id", List.of("user-1"));
    h.put("x-fal-webhook-timestamp", List.of(ts));
    h.put("x-fal-webhook-signature", List.of(HexFormat.of().formatHex(s.sign())));
    return h;
  }

  @Test
  void signedWebhookDeliveriesCompleteJobs() throws Exception {
    platform.enqueue(TestCalls.json(200, jwks()));
    queue.enqueue(Fixtures.queued(queue, "fal-ai/flux"));
    Fixtures.submit(fal, Request.builder(Task.TEXT_TO_IMAGE).model("flux-dev").prompt("x").size(1024, 1024)
        .providerOptions("fal", Map.of("webhook", "https://hooks.example.com/fal")).build());
    assertEquals("https://hooks.example.com/fal", queue.takeRequest().getUrl().queryParameter("fal_webhook"));

    byte[] ok = ("{\"request_id\":\"" + Fixtures.REQUEST_ID + "\",\"gateway_request_id\":\"" + Fixtures.REQUEST_ID + "\","
        + "\"status\":\"OK\",\"payload\":{\"images\":[{\"url\":\"https://v3.fal.media/files/w.jpeg\",\"content_type\":\"image/jpeg\","
        + "\"width\":1024,\"height\":1024}],\"seed\":196619188014358660,\"has_nsfw_concepts\":[false],\"prompt\":\"x\"}}")
        .getBytes(StandardCharsets.UTF_8);
    WebhookEvent e = fal.webhook(signed(Fixtures.REQUEST_ID, ok, falKey), ok).orElseThrow();
    assertEquals(Fixtures.REQUEST_ID, e.providerJobId());
    assertEquals(Fixtures.REQUEST_ID + ":" + Fixtures.NOW.getEpochSecond(), e.deliveryId());
    assertEquals(PollResult.State.SUCCEEDED, e.result().state());
    assertEquals(196619188014358660L, e.result().output().get().assets().get(0).seed().getAsLong());

    byte[] error = ("{\"request_id\":\"" + Fixtures.REQUEST_ID + "\",\"gateway_request_id\":\"" + Fixtures.REQUEST_ID + "\","
        + "\"status\":\"ERROR\",\"error\":\"Invalid status code: 422\",\"payload\":{\"detail\":[{\"loc\":[\"body\",\"prompt\"],"
        + "\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}}").getBytes(StandardCharsets.UTF_8);
    PollResult failed = fal.webhook(signed(Fixtures.REQUEST_ID, error, falKey), error).orElseThrow().result();
    assertInstanceOf(InvalidRequestException.class, failed.error().get());

    byte[] lost = ("{\"request_id\":\"" + Fixtures.REQUEST_ID + "\",\"status\":\"OK\",\"payload\":null,"
        + "\"payload_error\":\"Response payload is not JSON serializable\"}").getBytes(StandardCharsets.UTF_8);
    PollResult unreadable = fal.webhook(signed(Fixtures.REQUEST_ID, lost, falKey), lost).get().result();
    assertTrue(unreadable.isUnreadable() && unreadable.ran(), "completed and billed, its result to be read from the queue: " + unreadable);

    KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    assertThrows(WebhookRejectedException.class, () -> fal.webhook(signed(Fixtures.REQUEST_ID, ok, other), ok));
    byte[] tampered = Arrays.copyOf(ok, ok.length);
    tampered[tampered.length - 3] = 'y';
    assertThrows(WebhookRejectedException.class, () -> fal.webhook(signed(Fixtures.REQUEST_ID, ok, falKey), tampered));
    assertEquals(1, platform.getRequestCount(), "the JWKS is fetched once and cached");
  }
}
