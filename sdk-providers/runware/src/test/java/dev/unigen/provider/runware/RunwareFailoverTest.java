package dev.unigen.provider.runware;

import static dev.unigen.testkit.TestGenerators.attempts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.routing.Strategy;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestServers;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failover through a real {@link Generator}: two Runware accounts on two local servers. The first
 * ("runware") ranks first (flux-schnell is unpriced, so the accounts are taken in order), answers 503 or 401,
 * and the second ("runware-b") serves.
 */
class RunwareFailoverTest {
  private static final String KEY_B = "test-key-second-account-5555";

  @StartStop private final MockWebServer first = TestServers.started();
  @StartStop private final MockWebServer second = TestServers.started();
  private final Generator gen = TestGenerators.twoAccounts(RunwareProvider::builder,
      Map.of("RUNWARE_API_KEY", Fixtures.KEY, "UNIGEN_RUNWARE_BASE_URL", first.url("/v1").toString()), KEY_B,
      second.url("/v1")).strategy(Strategy.providerOrder("runware", "runware-b")).build();

  @AfterEach
  void stop() {
    gen.close();
  }

  /** A success echoing whatever taskUUID the request carried, as Runware does. */
  private static MockResponse echo(RecordedRequest unused, String uuid) {
    return TestCalls.json(200, "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + uuid + "\","
        + "\"imageUUID\":\"b7db282d\",\"imageURL\":\"https://im.runware.ai/image/ws/2/ii/b7db282d.jpg\","
        + "\"seed\":3614157524222286418,\"cost\":0.0013}]}");
  }

  @Test
  void a503IsRetriedThenFailsOverToTheSecondAccount() throws Exception {
    for (int i = 0; i < 3; i++) {
      first.enqueue(TestCalls.json(503, "{\"errors\":[{\"code\":\"serviceUnavailable\",\"message\":\"capacity\"}]}"));
    }
    second.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return echo(request, Fixtures.str(Fixtures.task(request), "taskUUID"));
      }
    });
    Generation g = gen.image("flux-schnell").prompt("a red bicycle in the rain").size(1024, 1024).generate();
    assertEquals(List.of("runware:FAILED:3", "runware-b:SUCCEEDED:1"), attempts(g));
    assertEquals("runware-b", g.provider());
    assertEquals(3614157524222286418L, g.assets().get(0).seed().getAsLong());
    assertEquals(CostBasis.REPORTED, g.cost().basis());
    assertEquals(Money.usd("0.0013"), g.cost().actual().get());
    RecordedRequest served = second.takeRequest();
    assertEquals("Bearer " + KEY_B, served.getHeaders().get("Authorization"));
    // the three tries on the first account sent one task UUID; the second account got a new call
    String uuid = Fixtures.str(Fixtures.task(first.takeRequest()), "taskUUID");
    assertEquals(uuid, Fixtures.str(Fixtures.task(first.takeRequest()), "taskUUID"));
  }

  @Test
  void a401FailsOverAtOnceAndTheKeyNeverShows() {
    first.enqueue(TestCalls.json(401, "{\"errors\":[{\"code\":\"invalidApiKey\",\"message\":\"Invalid API key "
        + Fixtures.KEY + "\",\"parameter\":\"apiKey\"}]}"));
    second.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return echo(request, Fixtures.str(Fixtures.task(request), "taskUUID"));
      }
    });
    Generation g = gen.image("flux-schnell").prompt("x").generate();
    assertEquals(List.of("runware:FAILED:1", "runware-b:SUCCEEDED:1"), attempts(g));
    String reason = g.attempts().get(0).reason();
    assertTrue(reason.startsWith("AuthenticationException: runware: 401 invalidApiKey"), reason);
    assertFalse(reason.contains("0123456789abcdef"), reason);
  }
}
