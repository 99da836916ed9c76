package dev.unigen.provider.replicate;

import static dev.unigen.provider.replicate.Fixtures.ID;
import static dev.unigen.provider.replicate.Fixtures.KEY;
import static dev.unigen.provider.replicate.Fixtures.SECRET;
import static dev.unigen.provider.replicate.Fixtures.pending;
import static dev.unigen.provider.replicate.Fixtures.signed;
import static dev.unigen.provider.replicate.Fixtures.succeeded;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.WebhookReceiver;
import dev.unigen.jobs.Job;
import dev.unigen.pricing.CostBasis;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.testkit.StartStop;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Webhook deliveries signed with a real HMAC-SHA256, the secret given or fetched, and a job completed by one. */
class ReplicateWebhookTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:05Z");
  private static final String VEO = "google/veo-2";
  private static final String DONE = succeeded(ID, VEO, "{\"prompt\":\"waves\",\"duration\":6}",
      "\"https://replicate.delivery/xezq/v/output.mp4\"", "44.5");

  @StartStop private final MockWebServer server = new MockWebServer();

  private ProviderContext context() {
    return Fixtures.context(Fixtures.env(server), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void aSignedDeliveryIsVerifiedAndReadAsThePrediction() throws Exception {
    ReplicateProvider p = ReplicateProvider.builder().webhookSecret(SECRET).build(context());
    byte[] body = DONE.getBytes(StandardCharsets.UTF_8);
    WebhookEvent e = p.webhook(signed("msg_2a4QbmYjIwLiYb7cxZ9dGVKc2Cz", NOW.getEpochSecond(), body), body).orElseThrow();
    assertEquals("msg_2a4QbmYjIwLiYb7cxZ9dGVKc2Cz", e.deliveryId());
    assertEquals(ID, e.providerJobId());
    assertEquals(PollResult.State.SUCCEEDED, e.result().state());
    assertEquals("video/mp4", e.result().output().get().assets().get(0).mediaType());
    assertEquals(0, server.getRequestCount(), "a configured secret is not fetched");

    // A start event is news, not an end.
    byte[] start = pending(ID, VEO, "processing", "{}").getBytes(StandardCharsets.UTF_8);
    assertEquals(PollResult.State.RUNNING, p.webhook(signed("msg_2", NOW.getEpochSecond(), start), start).get().result().state());
  }

  @Test
  void tamperedStaleOrUnsignedDeliveriesAreRejected() throws Exception {
    ReplicateProvider p = ReplicateProvider.builder().webhookSecret(SECRET).build(context());
    byte[] body = DONE.getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = signed("msg_1", NOW.getEpochSecond(), body);
    byte[] tampered = DONE.replace("output.mp4", "other.mp4").getBytes(StandardCharsets.UTF_8);
    assertThrows(WebhookRejectedException.class, () -> p.webhook(headers, tampered));
    long old = NOW.getEpochSecond() - 600;
    assertThrows(WebhookRejectedException.class, () -> p.webhook(signed("msg_1", old, body), body));
    assertThrows(WebhookRejectedException.class, () -> p.webhook(Map.of(), body));
  }

  @Test
  void theSecretIsFetchedOnceAndRedacted() throws Exception {
    ProviderContext ctx = context();
    ReplicateProvider p = ReplicateProvider.builder().build(ctx);
    server.enqueue(json(200, "{\"key\":\"" + SECRET + "\"}"));
    byte[] body = DONE.getBytes(StandardCharsets.UTF_8);
    assertTrue(p.webhook(signed("msg_a", NOW.getEpochSecond(), body), body).isPresent());
    assertTrue(p.webhook(signed("msg_b", NOW.getEpochSecond(), body), body).isPresent());
    assertEquals(1, server.getRequestCount());
    RecordedRequest r = server.takeRequest();
    assertEquals("GET", r.getMethod());
    assertEquals("/v1/webhooks/default/secret", r.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
    assertEquals("secret is ***", ctx.redactor().redact("secret is " + SECRET));
  }

  @Test
  void aFailedSecretFetchRejectsTheDeliveryAndIsTriedAgain() throws Exception {
    ReplicateProvider p = ReplicateProvider.builder().build(context());
    byte[] body = DONE.getBytes(StandardCharsets.UTF_8);
    server.enqueue(Fixtures.problem(503, "Service Unavailable", "try later"));
    WebhookRejectedException e = assertThrows(WebhookRejectedException.class,
        () -> p.webhook(signed("msg_a", NOW.getEpochSecond(), body), body));
    assertTrue(e.getMessage().contains("could not fetch the webhook signing secret"), e.getMessage());
    server.enqueue(json(200, "{\"key\":\"" + SECRET + "\"}"));
    assertTrue(p.webhook(signed("msg_a", NOW.getEpochSecond(), body), body).isPresent());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void aDeliveryCompletesAJobThroughTheGenerator() throws Exception {
    // Creates are accepted and every poll finds the prediction still starting: only the webhook can end this job.
    String starting = pending(ID, VEO, "starting", "{\"prompt\":\"waves\",\"duration\":6}");
    CountDownLatch polled = new CountDownLatch(1);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getMethod().equals("POST")) return json(201, starting);
        polled.countDown();
        return json(200, starting);
      }
    });
    try (Generator gen = Generator.builder()
        .environment(Fixtures.env(server))
        .provider(ctx -> ReplicateProvider.builder().webhookUrl("https://app.example.com/hooks/replicate")
            .webhookSecret(SECRET).build(ctx))
        .pollInterval(Duration.ofMillis(5), Duration.ofMillis(20))
        .strategy(dev.unigen.routing.Strategy.providerOrder("replicate"))   // veo-2 is unpriced
        .build()) {
      Job<Generation> job = gen.video("veo-2").prompt("waves").duration(Duration.ofSeconds(6)).submit();
      RecordedRequest create = server.takeRequest();
      assertTrue(create.getBody().utf8().contains("\"webhook\":\"https://app.example.com/hooks/replicate\""));
      assertTrue(create.getBody().utf8().contains("\"webhook_events_filter\":[\"completed\"]"));
      // A poll has been made, so the job is being followed here.
      assertTrue(polled.await(10, TimeUnit.SECONDS));

      byte[] body = DONE.getBytes(StandardCharsets.UTF_8);
      Map<String, List<String>> headers = signed("msg_done", Instant.now().getEpochSecond(), body);
      assertEquals(WebhookReceiver.Outcome.ACCEPTED, gen.webhooks().receive("replicate", headers, body));
      assertEquals(WebhookReceiver.Outcome.DUPLICATE, gen.webhooks().receive("replicate", headers, body));
      Generation g = job.await(Duration.ofSeconds(10));
      // veo-2 ships unpriced and Replicate reports no cost: the generation says so rather than guess.
      assertTrue(g.cost().actual().isEmpty());
      assertEquals(CostBasis.UNPRICED, g.cost().basis());
      assertEquals("https://replicate.delivery/xezq/v/output.mp4", g.assets().get(0).url().get());
      Map<String, List<String>> forged = signed("msg_x", Instant.now().getEpochSecond(), body);
      forged.put("Webhook-Signature", List.of("v1,AAAA"));
      assertEquals(WebhookReceiver.Outcome.REJECTED, gen.webhooks().receive("replicate", forged, body));
    }
  }
}
