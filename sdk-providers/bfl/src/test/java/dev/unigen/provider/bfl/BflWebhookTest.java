package dev.unigen.provider.bfl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.WebhookReceiver;
import dev.unigen.jobs.Job;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries: BFL sends the secret given at submit back in {@code X-Webhook-Secret} (BFL's
 * API documentation for Kontext, and its Python client's {@code verify_webhook}), with the task's
 * status object as the body.
 */
class BflWebhookTest {
  private static final String SECRET = "test-key-whsec-8c1f2a";
  private static final String HOOK = "https://app.example.com/hooks/bfl";

  @StartStop private final MockWebServer server = TestServers.started();
  private final BflProvider provider = BflProvider.builder().webhook(HOOK, SECRET).build(Fixtures.context(server));

  private static Map<String, List<String>> signed(String secret) {
    return Map.of("content-type", List.of("application/json"), "x-webhook-secret", List.of(secret));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void submitOne() {
    server.enqueue(TestCalls.json(200, Fixtures.submitted(Fixtures.TASK, "4.5", "1.0", "1.0")));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-2-pro").prompt("x").size(1024, 1024).build();
    TestCalls.await(provider.submit(TestCalls.call(provider, r)));
  }

  @Test
  void aReadyDeliveryForASubmittedTaskCompletesItWithTheReportedCost() {
    submitOne();
    WebhookEvent e = provider.webhook(signed(SECRET), bytes(Fixtures.ready(Fixtures.TASK, Fixtures.SAMPLE, 77)))
        .orElseThrow();
    assertEquals(Fixtures.TASK, e.providerJobId());
    assertEquals(Fixtures.TASK + "/Ready", e.deliveryId());
    assertEquals(PollResult.State.SUCCEEDED, e.result().state());
    assertEquals(Fixtures.SAMPLE, e.result().output().orElseThrow().assets().get(0).url().orElseThrow());
    assertEquals(Money.usd("0.045"), e.result().output().orElseThrow().usage().reportedCost().orElseThrow());
  }

  @Test
  void aReadyDeliveryForATaskNotSeenHereAsksForAPollAtOnce() {
    WebhookEvent e = provider.webhook(signed(SECRET), bytes(Fixtures.ready("other-task", Fixtures.SAMPLE, 1))).orElseThrow();
    assertEquals(PollResult.State.RUNNING, e.result().state());
    assertEquals(Duration.ZERO, e.result().retryAfter().orElseThrow());
  }

  @Test
  void moderatedPendingAndUnknownDeliveriesMapLikePolls() {
    PollResult moderated = provider.webhook(signed(SECRET),
        bytes(Fixtures.status(Fixtures.TASK, "Request Moderated", null))).orElseThrow().result();
    assertInstanceOf(ContentModeratedException.class, moderated.error().orElseThrow());
    PollResult pending = provider.webhook(signed(SECRET), bytes(Fixtures.pending(Fixtures.TASK, "0.3"))).orElseThrow().result();
    assertEquals(PollResult.State.RUNNING, pending.state());
    assertTrue(provider.webhook(signed(SECRET), bytes(Fixtures.status(Fixtures.TASK, "Task not found", null))).isEmpty());
    assertTrue(provider.webhook(signed(SECRET), bytes("{\"status\":\"Ready\"}")).isEmpty(), "no task id");
  }

  @Test
  void aMissingOrWrongSecretIsRejected() {
    byte[] body = bytes(Fixtures.ready(Fixtures.TASK, Fixtures.SAMPLE, 1));
    assertThrows(WebhookRejectedException.class, () -> provider.webhook(Map.of(), body));
    assertThrows(WebhookRejectedException.class, () -> provider.webhook(signed("test-key-whsec-wrong"), body));
    assertThrows(WebhookRejectedException.class, () -> provider.webhook(signed(SECRET), bytes("not json")));
    BflProvider plain = Fixtures.provider(server);
    assertThrows(WebhookRejectedException.class, () -> plain.webhook(signed(SECRET), body),
        "without a configured secret nothing can be verified");
  }

  @Test
  void aDeliveryThroughTheGeneratorEndsThePollingJob() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getMethod().equals("POST")) {
          return TestCalls.json(200, Fixtures.submitted(Fixtures.TASK, "3.0", "0.0", "1.0"));
        }
        return TestCalls.json(200, Fixtures.pending(Fixtures.TASK, "null"));
      }
    });
    try (Generator gen = Generator.builder()
        .environment(Map.of("BFL_API_KEY", Fixtures.KEY, "UNIGEN_BFL_BASE_URL", server.url("/").toString()))
        .provider(ctx -> BflProvider.builder().webhook(HOOK, SECRET).build(ctx))
        .pollInterval(Duration.ofMillis(5), Duration.ofMillis(20))
        .build()) {
      Job<Generation> job = gen.image("flux-2-pro").prompt("x").size(1024, 1024).submit();
      assertEquals("POST", TestRequests.take(server).getMethod());
      assertEquals("GET", TestRequests.take(server).getMethod());   // the poll loop is running
      WebhookReceiver.Outcome outcome = gen.webhooks().receive("bfl", signed(SECRET),
          bytes(Fixtures.ready(Fixtures.TASK, Fixtures.SAMPLE, 5)));
      assertEquals(WebhookReceiver.Outcome.ACCEPTED, outcome);
      Generation g = job.await(Duration.ofSeconds(10));
      assertEquals(Fixtures.SAMPLE, g.assets().get(0).url().orElseThrow());
      assertEquals(CostBasis.REPORTED, g.cost().basis());
      assertEquals(Money.usd("0.03"), g.cost().actual().orElseThrow());
      assertEquals(WebhookReceiver.Outcome.REJECTED, gen.webhooks().receive("bfl", signed("test-key-forged"),
          bytes(Fixtures.ready(Fixtures.TASK, Fixtures.SAMPLE, 5))));
    }
  }
}
