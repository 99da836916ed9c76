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
import dev.unigen.jobs.JobStatus;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Strategy;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Through a real Generator: failover between two Leonardo keys, the reported cost, the webhook and the plan. */
class LeonardoFailoverTest {
  @StartStop private final MockWebServer a = TestServers.started();
  @StartStop private final MockWebServer b = TestServers.started();

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
      assertEquals("Bearer " + KEY, TestRequests.take(a).getHeaders().get("Authorization"));
      assertEquals("Bearer " + KEY_B, TestRequests.take(b).getHeaders().get("Authorization"));
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
      assertEquals("/api/rest/v1/generations", TestRequests.take(a).getUrl().encodedPath());
      // Leonardo delivers once the create has answered. A delivery read while the answer is still on
      // its way finds no submit to complete the job from, and only asks for a poll.
      long deadline = System.nanoTime() + TestCalls.WAIT.toNanos();
      while (job.status() == JobStatus.SUBMITTING) {
        assertTrue(System.nanoTime() < deadline, "the create's answer was not read within " + TestCalls.WAIT);
        Thread.sleep(1);
      }
      byte[] body = Fixtures.delivery(GENERATION, "COMPLETE", WEBHOOK_SECRET, IMAGE_URL).getBytes(StandardCharsets.UTF_8);

      WebhookReceiver.Outcome outcome = gen.webhooks().receive("leonardo",
          Map.of("authorization", List.of("Bearer " + WEBHOOK_SECRET)), body);
      Generation g = job.await(TestCalls.WAIT);

      assertEquals(WebhookReceiver.Outcome.ACCEPTED, outcome);
      assertEquals(JournalEntry.State.SUCCEEDED, gen.jobs().journal().list().get(0).state());
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
