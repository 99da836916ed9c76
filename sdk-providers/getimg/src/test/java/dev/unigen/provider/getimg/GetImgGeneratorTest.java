package dev.unigen.provider.getimg;

import static dev.unigen.provider.getimg.Fixtures.IMAGE_URL;
import static dev.unigen.provider.getimg.Fixtures.KEY;
import static dev.unigen.provider.getimg.Fixtures.KEY_B;
import static dev.unigen.provider.getimg.Fixtures.VIDEO_URL;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestGenerators.attempts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Strategy;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Through a real Generator: the plan of the cheapest strategy names GetImg's offers as unpriced,
 * and a provider-order strategy fails over between two GetImg keys with the reported cost as the
 * actual.
 */
class GetImgGeneratorTest {
  @StartStop private final MockWebServer a = TestServers.started();
  @StartStop private final MockWebServer b = TestServers.started();

  private Generator.Builder twoKeys() {
    return TestGenerators.twoAccounts(GetImgProvider::builder, p -> p.pollInterval(Duration.ZERO), Fixtures.env(a), KEY_B,
        b.url("/")).strategy(Strategy.providerOrder("getimg", "getimg-b"));
  }

  @Test
  void theCheapestStrategyLeavesGetImgOutAndSaysItHasNoKnownPrice() {
    try (Generator gen = Generator.builder().environment(Fixtures.env(a)).providersFromEnvironment().build()) {
      Plan image = gen.image("seedream-5-lite").prompt("a watercolor village").quote();
      Plan video = gen.video("seedance-pro").prompt("clouds").duration(Duration.ofSeconds(5)).quote();

      for (Plan plan : List.of(image, video)) {
        assertTrue(plan.quotes().isEmpty(), plan.toString());
        Exclusion getimg = plan.excluded().stream().filter(x -> x.offer().provider().equals("getimg")).findFirst().orElseThrow();
        assertEquals(Exclusion.Reason.UNPRICED, getimg.reason());
        assertEquals("no known price", getimg.detail());
      }
      assertEquals(0, a.getRequestCount(), "a quote sends nothing");
    }
  }

  @Test
  void a503FromTheFirstKeyFailsOverAndTheReportedCostIsTheActual() throws Exception {
    try (Generator gen = twoKeys().build()) {
      a.enqueue(json(503, Fixtures.error("server_error", "Service unavailable")));
      a.enqueue(json(503, Fixtures.error("server_error", "Service unavailable")));
      a.enqueue(json(503, Fixtures.error("server_error", "Service unavailable")));
      b.enqueue(json(200, Fixtures.image("0.035", Fixtures.LATER)));

      Generation g = gen.image("seedream-5-lite").prompt("a watercolor village").aspectRatio("16:9").generate();

      assertEquals(List.of("getimg:FAILED:3", "getimg-b:SUCCEEDED:1"), attempts(g));
      assertEquals("Bearer " + KEY, TestRequests.take(a).getHeaders().get("Authorization"));
      assertEquals("Bearer " + KEY_B, TestRequests.take(b).getHeaders().get("Authorization"));
      assertEquals(IMAGE_URL, g.assets().get(0).url().orElseThrow());
      assertEquals(Money.usd("0.035"), g.cost().actual().orElseThrow());
      assertEquals(CostBasis.REPORTED, g.cost().basis());
    }
  }

  @Test
  void aVideoRunsAsAJobToItsReportedCost() {
    try (Generator gen = twoKeys().build()) {
      a.enqueue(json(202, Fixtures.videoAccepted()));
      a.enqueue(json(200, Fixtures.videoPending()));
      a.enqueue(json(200, Fixtures.videoCompleted(Fixtures.LATER)));

      Generation g = gen.video("seedance-pro").prompt("clouds rolling over a peak").duration(Duration.ofSeconds(5)).generate();

      assertEquals(List.of("getimg:SUCCEEDED:1"), attempts(g));
      assertEquals(VIDEO_URL, g.assets().get(0).url().orElseThrow());
      assertEquals(Money.usd("0.75"), g.cost().actual().orElseThrow());
      assertEquals(CostBasis.REPORTED, g.cost().basis());
    }
  }
}
