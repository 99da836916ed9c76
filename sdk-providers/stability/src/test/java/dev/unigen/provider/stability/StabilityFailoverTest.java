package dev.unigen.provider.stability;

import static dev.unigen.provider.stability.Fixtures.KEY;
import static dev.unigen.provider.stability.Fixtures.KEY_B;
import static dev.unigen.provider.stability.Fixtures.error;
import static dev.unigen.provider.stability.Fixtures.imageResponse;
import static dev.unigen.testkit.TestGenerators.attempts;
import static dev.unigen.testkit.TestMedia.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.NoOfferException;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestServers;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failover through a real Generator, from one Stability account (server A) to a second (server B). */
class StabilityFailoverTest {
  @StartStop private final MockWebServer a = TestServers.started();
  @StartStop private final MockWebServer b = TestServers.started();
  private final Generator gen = TestGenerators.twoAccounts(StabilityProvider::builder,
      Map.of("STABILITY_API_KEY", KEY, "UNIGEN_STABILITY_BASE_URL", a.url("/").toString()), KEY_B, b.url("/")).build();

  @AfterEach
  void stop() {
    gen.close();
  }

  private Generation ultra() {
    return gen.image("stable-image-ultra").prompt("a lighthouse").aspectRatio("16:9").generate();
  }

  @Test
  void anOutageIsRetriedThenFailsOverToTheSecondAccount() throws Exception {
    for (int i = 0; i < 3; i++) {
      a.enqueue(new MockResponse.Builder().code(503).addHeader("Content-Type", "text/html").body("<html>unavailable</html>").build());
    }
    b.enqueue(imageResponse(png(1344, 768), "image/png", "SUCCESS", "5"));
    Generation g = ultra();
    assertEquals(List.of("stability:FAILED:3", "stability-b:SUCCEEDED:1"), attempts(g));
    assertEquals("Bearer " + KEY_B, b.takeRequest().getHeaders().get("authorization"));
    assertEquals(Money.usd("0.08"), g.cost().actual().get()); // 8 credits x $0.01
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
  }

  @Test
  void aRejectedKeyFailsOverAtOnceAndNeverShows() {
    a.enqueue(error(401, "unauthorized", "invalid API key " + KEY));
    b.enqueue(imageResponse(png(64, 64), "image/png", "SUCCESS", "5"));
    Generation g = ultra();
    assertEquals(List.of("stability:FAILED:1", "stability-b:SUCCEEDED:1"), attempts(g));
    String reason = g.attempts().get(0).reason();
    assertTrue(reason.startsWith("AuthenticationException: stability: 401 unauthorized: invalid API key ***"), reason);
    assertFalse(reason.contains("test-key-"), reason);
  }

  @Test
  void outOfCreditFailsOver() {
    a.enqueue(error(402, "payment_required", "You lack sufficient credits to make this request"));
    b.enqueue(imageResponse(png(64, 64), "image/png", "SUCCESS", "5"));
    assertEquals(List.of("stability:FAILED:1", "stability-b:SUCCEEDED:1"), attempts(ultra()));
  }

  @Test
  void theSixtySecondRateLimitTimeOutIsTooLongToWaitSoItFailsOver() {
    a.enqueue(error(429, "rate_limit_exceeded", "You have exceeded the rate limit of 150 requests within a 10 second period"));
    b.enqueue(imageResponse(png(64, 64), "image/png", "SUCCESS", "5"));
    List<String> out = attempts(ultra());
    assertEquals("stability-b:SUCCEEDED:1", out.get(out.size() - 1), out.toString());
    assertEquals(1, a.getRequestCount(), "not retried within the 60 s time-out");
  }

  @Test
  void moderationStops() {
    a.enqueue(error(403, "content_moderation", "Your request was flagged by our content moderation system"));
    assertThrows(ContentModeratedException.class, this::ultra);
    assertEquals(0, b.getRequestCount());
  }

  @Test
  void aControlOfferWithoutAGuideIsPassedOverWithoutACall() {
    // The catalog marks the control offers requiresControlNet, so the selector never picks them for a plain request.
    NoOfferException e = assertThrows(NoOfferException.class,
        () -> gen.image("stability-control-sketch").prompt("a castle").generate());
    assertTrue(e.getMessage().contains("stability-b/stability-control-sketch: needs a ControlNet guide image"), e.getMessage());
    assertEquals(0, a.getRequestCount());
    assertEquals(0, b.getRequestCount());
  }
}
