package dev.unigen.provider.fal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AllProvidersFailedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.pricing.CostBasis;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestGenerators;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Through a real Generator: the environment, failover from one fal account to another, and a user timeout; fal's older key pair. */
class FalGeneratorTest {
  private static final String KEY_B = "test-key-second-fal-account-77";
  @StartStop private final MockWebServer first = new MockWebServer();
  @StartStop private final MockWebServer second = new MockWebServer();

  private Generator.Builder generator() {
    return TestGenerators.quick().environment(Fixtures.env(first));
  }

  @Test
  void providersFromTheEnvironmentFindFalAndItsBaseUrl() throws Exception {
    first.enqueue(Fixtures.queued(first, "fal-ai/flux"));
    first.enqueue(Fixtures.completed());
    first.enqueue(new MockResponse.Builder().code(200).addHeader("X-Fal-Billable-Units", "1")
        .body("{\"images\":[{\"url\":\"https://v3.fal.media/files/a.jpeg\",\"width\":1024,\"height\":768}],\"seed\":1}").build());
    try (Generator gen = generator().providersFromEnvironment().build()) {
      assertTrue(gen.providers().contains("fal"));
      Generation g = gen.image("flux-schnell").prompt("a red bicycle").provider("fal").generate();
      assertEquals("fal", g.provider());
      // By hand: 1 billed unit x $0.003.
      assertEquals(CostBasis.REPORTED, g.cost().basis());
      assertEquals(0, new BigDecimal("0.003").compareTo(g.cost().actual().get().amount()));
      assertEquals("Key " + Fixtures.KEY, first.takeRequest().getHeaders().get("Authorization"));
    }
  }

  @Test
  void a503FailsOverToTheSecondAccount() throws Exception {
    for (int i = 0; i < 3; i++) {
      first.enqueue(new MockResponse.Builder().code(503).addHeader("X-Fal-Error-Type", "runner_scheduling_failure")
          .body("{\"detail\":\"No runner\",\"error_type\":\"runner_scheduling_failure\"}").build());
    }
    second.enqueue(Fixtures.queued(second, "fal-ai/flux"));
    second.enqueue(Fixtures.completed());
    second.enqueue(TestCalls.json(200, "{\"images\":[{\"url\":\"https://v3.fal.media/files/b.jpeg\",\"width\":1024,\"height\":1024}],\"seed\":2}"));
    try (Generator gen = TestGenerators.twoAccounts(FalProvider::builder, Fixtures.env(first), KEY_B, second.url("/"))
        .build()) {
      Generation g = gen.image("flux-dev").prompt("a red bicycle").size(1024, 1024).generate();
      assertEquals(List.of("fal:FAILED:3", "fal-b:SUCCEEDED:1"), TestGenerators.attempts(g));
      assertEquals(3, first.getRequestCount(), "a 503 is retried on the same account first");
      RecordedRequest served = second.takeRequest();
      assertEquals("Key " + KEY_B, served.getHeaders().get("Authorization"));
      // By hand: 1024x1024 = 1 MP on 2^20 x $0.025, computed (no billed units sent).
      assertEquals(CostBasis.COMPUTED, g.cost().basis());
      assertEquals(0, new BigDecimal("0.025").compareTo(g.cost().actual().get().amount()));
    }
  }

  @Test
  void aUserTimeoutIsNeverRetried() {
    first.enqueue(new MockResponse.Builder().code(504).addHeader("X-Fal-Request-Timeout-Type", "user")
        .body("{\"detail\":\"Request timed out\",\"error_type\":\"request_timeout\"}").build());
    try (Generator gen = generator()
        .provider(ctx -> FalProvider.builder().startTimeout(Duration.ofSeconds(5)).build(ctx)).build()) {
      assertThrows(AllProvidersFailedException.class, () -> gen.image("flux-schnell").prompt("x").generate());
      assertEquals(1, first.getRequestCount());
    }
  }

  @Test
  void theOldKeyPairIsJoinedAsThePythonClientDoes() throws Exception {
    FalProvider p = FalProvider.builder().build(Fixtures.context(Map.of("FAL_KEY_ID", "test-key-id-1234",
        "FAL_KEY_SECRET", "test-key-secret-5678", "UNIGEN_FAL_BASE_URL", first.url("/").toString())));
    first.enqueue(Fixtures.queued(first, "fal-ai/flux"));
    Fixtures.submit(p, dev.unigen.request.Request.builder(dev.unigen.request.Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build());
    assertEquals("Key test-key-id-1234:test-key-secret-5678", first.takeRequest().getHeaders().get("Authorization"));
  }
}
