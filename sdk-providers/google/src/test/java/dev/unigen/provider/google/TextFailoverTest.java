package dev.unigen.provider.google;

import static dev.unigen.provider.google.Fixtures.KEY;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.money.Money;
import dev.unigen.provider.xai.XaiProvider;
import dev.unigen.routing.Strategy;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Prompt writing fails over through a real {@link Generator}: text that xAI cannot write is
 * written by Gemini. The two catalogs name their language models differently, so the request
 * names none ({@code gen.text()}) and any language model may serve it.
 */
class TextFailoverTest {
  private static final String XAI_KEY = "test-key-xai-for-text-failover-5d1e";
  @StartStop private final MockWebServer xai = TestServers.started();
  @StartStop private final MockWebServer google = TestServers.started();

  private Generator generator(Strategy strategy) {
    return TestGenerators.quick()
        .environment(Map.of(XaiProvider.KEY_VARIABLE, XAI_KEY, "UNIGEN_XAI_BASE_URL", xai.url("/v1").toString(),
            "GEMINI_API_KEY", KEY, "UNIGEN_GOOGLE_BASE_URL", google.url("/v1beta").toString()))
        .providersFromEnvironment().strategy(strategy).build();
  }

  /** xAI answers every request with {@code status} and xAI's error body. */
  private void xaiAlways(int status, String body) {
    xai.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return json(status, body);
      }
    });
  }

  private static List<String> outcomes(Generation g) {
    return g.attempts().stream().map(a -> a.provider() + ":" + a.outcome()).collect(Collectors.toList());
  }

  private static Generation write(Generator gen) {
    return gen.text().system("You write image prompts.").prompt("a red bicycle in the rain").generate();
  }

  @Test
  void anXaiOutageIsServedByGemini() throws Exception {
    xaiAlways(503, "{\"code\":\"The service is currently unavailable\",\"error\":\"Service temporarily unavailable\"}");
    google.enqueue(json(200, Fixtures.textAnswer("a red bicycle leaning on a wet brick wall at dusk")));

    try (Generator gen = generator(Strategy.providerOrder("xai", "google"))) {
      Generation g = write(gen);

      // xAI's first language model fails; its other three are skipped while xAI is down.
      assertEquals(List.of("xai:FAILED", "xai:SKIPPED", "xai:SKIPPED", "xai:SKIPPED", "google:SUCCEEDED"), outcomes(g));
      assertEquals("google", g.provider());
      assertEquals("a red bicycle leaning on a wet brick wall at dusk", g.text().orElseThrow());
      assertEquals(529, g.usage().textOutputTokens());
      RecordedRequest first = xai.takeRequest();
      assertEquals("/v1/chat/completions", first.getUrl().encodedPath());
      RecordedRequest served = google.takeRequest();
      // Google's cheapest language model: 31 x $0.10 / 1M + 529 x $0.40 / 1M.
      assertEquals("/v1beta/models/gemini-2.5-flash-lite:generateContent", served.getUrl().encodedPath());
      assertEquals(Money.usd("0.0002147"), g.cost().actual().orElseThrow());
      assertEquals("You write image prompts.", ((Map<?, ?>) ((List<?>) ((Map<?, ?>) TestRequests.json(served)
          .get("systemInstruction")).get("parts")).get(0)).get("text"));
    }
  }

  @Test
  void aRejectedXaiKeyIsServedByGemini() {
    xaiAlways(401, "{\"code\":\"Client specified an invalid argument\",\"error\":\"Incorrect API key provided: te***ey. "
        + "You can obtain an API key from https://console.x.ai.\"}");
    google.enqueue(json(200, Fixtures.textAnswer("a red bicycle in the rain")));

    try (Generator gen = generator(Strategy.providerOrder("xai", "google"))) {
      Generation g = write(gen);

      List<String> outcomes = outcomes(g);
      assertEquals("xai:FAILED", outcomes.get(0));
      assertEquals("google:SUCCEEDED", outcomes.get(outcomes.size() - 1));
      assertTrue(g.attempts().get(0).reason().startsWith("AuthenticationException"), g.attempts().get(0).reason());
    }
  }

  @Test
  void theCheapestLanguageModelIsGeminiFlashLite() throws Exception {
    google.enqueue(json(200, Fixtures.textAnswer("a red bicycle in the rain")));

    try (Generator gen = generator(Strategy.cheapest())) {
      Generation g = write(gen);

      assertEquals(List.of("google:SUCCEEDED"), outcomes(g));
      assertEquals("gemini-2.5-flash-lite", g.model());
      assertEquals(0, xai.getRequestCount());
    }
  }

  @Test
  void geminiModerationStopsInsteadOfFailingOver() {
    google.enqueue(json(200, "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"usageMetadata\":"
        + "{\"promptTokenCount\":8,\"totalTokenCount\":8},\"modelVersion\":\"gemini-2.5-flash-lite\",\"responseId\":\"b-9\"}"));

    try (Generator gen = generator(Strategy.cheapest())) {
      assertThrows(ContentModeratedException.class, () -> write(gen));
      assertEquals(0, xai.getRequestCount());
    }
  }
}
