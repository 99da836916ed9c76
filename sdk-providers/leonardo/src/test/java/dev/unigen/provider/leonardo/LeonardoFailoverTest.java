package dev.unigen.provider.leonardo;

import static dev.unigen.provider.leonardo.Fixtures.GENERATION;
import static dev.unigen.provider.leonardo.Fixtures.IMAGE_URL;
import static dev.unigen.provider.leonardo.Fixtures.KEY;
import static dev.unigen.provider.leonardo.Fixtures.KEY_B;
import static dev.unigen.provider.leonardo.Fixtures.WEBHOOK_SECRET;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestGenerators.attempts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.WebhookReceiver;
import dev.unigen.jobs.Job;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Strategy;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Through a real Generator: failover between two Leonardo keys, the reported cost, the webhook and the plan. */
class LeonardoFailoverTest {
  @StartStop private final MockWebServer a = new MockWebServer();
  @StartStop private final MockWebServer b = new MockWebServer();

  /** Leonardo's offers are unpriced, so the generator is told which providers to use, in order. */
  private Generator.Builder twoKeys() {
    return TestGenerators.twoAccounts(LeonardoProvider::builder,
        p -> p.webhookSecret(WEBHOOK_SECRET).pollInterval(Duration.ZERO), Fixtures.env(a), KEY_B, b.url("/api/rest"))
        .strategy(Strategy.providerOrder("leonardo", "leonardo-b"));
  }

  @Test
  void aRejectedKeyFailsOverToTheSecondKeyAndTheReportedCostIsTheActual() throws Exception {
    try (Generator gen = twoKeys().build()) {
      a.enqueue(json(500, Fixtures.error("Invalid response from authorization hook", "unexpected")));
      b.enqueue(json(200, Fixtures.v1Created(GENERATION, "0.0147", "DOLLARS")));
      b.enqueue(json(200, Fixtures.pending(GENERATION)));
      b.enqueue(json(200, Fixtures.complete(GENERATION, 1472, 832, false, IMAGE_URL)));

      Generation g = gen.image("leonardo-phoenix-1.0").prompt("a lighthouse at dusk").size(1472, 832).generate();

      assertEquals(List.of("leonardo:FAILED:1", "leonardo-b:SUCCEEDED:1"), attempts(g));
      assertTrue(g.attempts().get(0).reason().startsWith("AuthenticationException"), g.attempts().get(0).reason());
      assertEquals(1, a.getRequestCount(), "a rejected key is not tried again");
      assertEquals("Bearer " + KEY, a.takeRequest().getHeaders().get("Authorization"));
      assertEquals("Bearer " + KEY_B, b.takeRequest().getHeaders().get("Authorization"));
      assertEquals(IMAGE_URL, g.assets().get(0).url().orElseThrow());
      assertEquals(Money.usd("0.0147"), g.cost().actual().orElseThrow());
      assertEquals(CostBasis.REPORTED, g.cost().basis());
    }
  }

  @Test
  void anAuthenticatedWebhookCompletesTheJobWithoutWaitingForAPoll() throws Exception {
    try (Generator gen = twoKeys().pollInterval(Duration.ofMinutes(5), Duration.ofMinutes(5)).build()) {
      a.enqueue(json(200, Fixtures.v1Created(GENERATION, "0.0147", "DOLLARS")));
      Job<Generation> job = gen.image("leonardo-phoenix-1.0").prompt("a lighthouse at dusk").size(1472, 832).submit();
      RecordedRequest post = a.takeRequest();
      assertEquals("/api/rest/v1/generations", post.getUrl().encodedPath());
      // The submit's answer is read before the delivery can find its job.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      WebhookReceiver.Outcome outcome = WebhookReceiver.Outcome.IGNORED;
      byte[] body = Fixtures.delivery(GENERATION, "COMPLETE", WEBHOOK_SECRET, IMAGE_URL).getBytes(StandardCharsets.UTF_8);
      while (outcome != WebhookReceiver.Outcome.ACCEPTED && System.nanoTime() < deadline) {
        outcome = gen.webhooks().receive("leonardo", Map.of("authorization", List.of("Bearer " + WEBHOOK_SECRET)), body);
        if (outcome != WebhookReceiver.Outcome.ACCEPTED) Thread.sleep(5);
      }

      Generation g = job.await(Duration.ofSeconds(10));

      assertEquals(WebhookReceiver.Outcome.ACCEPTED, outcome);
      assertEquals(IMAGE_URL, g.assets().get(0).url().orElseThrow());
      assertEquals(Money.usd("0.0147"), g.cost().actual().orElseThrow());
      assertEquals(1, a.getRequestCount(), "completed by the delivery, not by a poll");
    }
  }

  @Test
  void theCheapestStrategySaysLeonardoHasNoKnownPrice() {
    try (Generator gen = Generator.builder().environment(Fixtures.env(a)).providersFromEnvironment().build()) {
      Plan plan = gen.image("leonardo-phoenix-1.0").prompt("a lighthouse at dusk").quote();

      assertTrue(plan.quotes().isEmpty());
      assertEquals(1, plan.excluded().size());
      assertEquals(Exclusion.Reason.UNPRICED, plan.excluded().get(0).reason());
      assertEquals("leonardo", plan.excluded().get(0).offer().provider());
      assertEquals("no known price", plan.excluded().get(0).detail());
      assertEquals(0, a.getRequestCount());
    }
  }
}
