package dev.unigen.provider.xai;

import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestRequests.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.catalog.Catalog;
import dev.unigen.money.Money;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestServers;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failover through a real {@link Generator}: a Grok Imagine image that xAI cannot make is made on
 * fal's {@code xai/grok-imagine-image} endpoint, given here as a catalog override (fal's module
 * does not ship that offer). The fal offer is dearer, so xAI is tried first.
 */
class XaiFailoverTest {
  private static final String FAL_KEY = "test-key-fal-for-xai-failover-42";
  private static final String FAL_REQUEST = "80e732af-660e-45cd-bd63-580e4f2a94cc";
  private static final Catalog FAL_GROK = Catalog.parse("{\"format\":1,\"provider\":\"fal\",\"offers\":[{\"model\":"
      + "\"grok-imagine\",\"endpoint\":\"xai/grok-imagine-image\",\"tasks\":[\"text-to-image\"],\"price\":{\"kind\":"
      + "\"per-image\",\"price\":\"0.025\"},\"asOf\":\"2026-09-20\",\"source\":"
      + "\"https://fal.ai/models/xai/grok-imagine-image (a test's figure)\"}]}", "test");
  @StartStop private final MockWebServer xai = TestServers.started();
  @StartStop private final MockWebServer fal = TestServers.started();
  private final Generator gen = TestGenerators.quick()
      .environment(Map.of(XaiProvider.KEY_VARIABLE, Fixtures.KEY, "UNIGEN_XAI_BASE_URL", xai.url("/v1").toString(),
          "FAL_KEY", FAL_KEY, "UNIGEN_FAL_BASE_URL", fal.url("/").toString()))
      .providersFromEnvironment().catalog(FAL_GROK).build();

  @AfterEach
  void stop() {
    gen.close();
  }

  private void falAnswers() {
    String base = fal.url("/").toString() + "xai/grok-imagine-image/requests/" + FAL_REQUEST;
    fal.enqueue(json(200, "{\"request_id\":\"" + FAL_REQUEST + "\",\"response_url\":\"" + base + "\",\"status_url\":\"" + base
        + "/status\",\"cancel_url\":\"" + base + "/cancel\"}"));
    fal.enqueue(json(200, "{\"status\":\"COMPLETED\",\"request_id\":\"" + FAL_REQUEST + "\",\"logs\":[]}"));
    fal.enqueue(json(200, "{\"images\":[{\"url\":\"https://v3.fal.media/files/grok.jpeg\",\"content_type\":\"image/jpeg\","
        + "\"width\":1024,\"height\":1024}]}"));
  }

  @Test
  void anXaiOutageFailsOverToFal() throws Exception {
    for (int i = 0; i < 3; i++) {
      xai.enqueue(json(503, "{\"code\":\"The service is currently unavailable\",\"error\":\"Service temporarily unavailable\"}"));
    }
    falAnswers();

    Generation g = gen.image("grok-imagine").prompt("a red bicycle in the rain").generate();

    assertEquals(List.of("xai:FAILED:3", "fal:SUCCEEDED:1"), TestGenerators.attempts(g));
    assertEquals("fal", g.provider());
    assertEquals("https://v3.fal.media/files/grok.jpeg", g.assets().get(0).url().get());
    assertEquals(Money.usd("0.025"), g.cost().estimate().get());
    RecordedRequest first = xai.takeRequest();
    assertEquals("/v1/images/generations", first.getUrl().encodedPath());
    RecordedRequest submit = fal.takeRequest();
    assertEquals("/xai/grok-imagine-image", submit.getUrl().encodedPath());
    assertEquals("Key " + FAL_KEY, submit.getHeaders().get("Authorization"));
    assertEquals("a red bicycle in the rain", json(submit).get("prompt"));
  }

  @Test
  void anAccountOutOfCreditFailsOverAtOnce() {
    xai.enqueue(json(429, "{\"code\":\"Some resource has been exhausted\",\"error\":\"Your team has either used all available "
        + "credits or reached its monthly spending limit.\"}"));
    falAnswers();

    Generation g = gen.image("grok-imagine").prompt("a red bicycle in the rain").generate();

    assertEquals(List.of("xai:FAILED:1", "fal:SUCCEEDED:1"), TestGenerators.attempts(g));
    assertTrue(g.attempts().get(0).reason().startsWith("InsufficientCreditException"), g.attempts().get(0).reason());
  }

  @Test
  void moderationStopsInsteadOfFailingOver() {
    xai.enqueue(json(200, "{\"data\":[{\"url\":null,\"respect_moderation\":false}],\"usage\":{\"cost_in_usd_ticks\":200000000}}"));

    assertThrows(ContentModeratedException.class, () -> gen.image("grok-imagine").prompt("a red bicycle").generate());
    assertEquals(0, fal.getRequestCount());
  }
}
