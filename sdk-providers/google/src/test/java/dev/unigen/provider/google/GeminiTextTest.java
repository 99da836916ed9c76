package dev.unigen.provider.google;

import static dev.unigen.provider.google.Fixtures.KEY;
import static dev.unigen.provider.google.Fixtures.TEXT_MODEL;
import static dev.unigen.provider.google.Fixtures.TEXT_RESPONSE_ID;
import static dev.unigen.provider.google.Fixtures.textRequest;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Request;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Gemini text on the wire: the generateContent body, the answer, its tokens and what it costs. */
class GeminiTextTest {
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"prompt\":{\"type\":\"string\"}},"
      + "\"required\":[\"prompt\"],\"additionalProperties\":false}";
  @StartStop private final MockWebServer server = TestServers.started();
  private final GoogleProvider p = Fixtures.provider(server);

  @Test
  void theRequestCarriesTheSystemInstructionTheLimitsAndTheSchema() throws Exception {
    server.enqueue(json(200, Fixtures.textAnswer("{\\\"prompt\\\":\\\"a red bicycle at dusk\\\"}")));

    ProviderOutput out = Fixtures.output(p, textRequest(TEXT_MODEL).system("You write image prompts.").maxTokens(300)
        .temperature(new BigDecimal("0.7")).seed(42).jsonSchema(SCHEMA).build());

    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/v1beta/models/gemini-3-flash-preview:generateContent", r.getUrl().encodedPath());
    assertEquals(KEY, r.getHeaders().get("x-goog-api-key"));
    // Written as given, never through a double.
    assertTrue(r.getBody().utf8().contains("\"temperature\":0.7"), r.getBody().utf8());
    Map<String, Object> sent = TestRequests.json(r);
    assertEquals(Map.of("parts", List.of(Map.of("text", "You write image prompts."))), sent.get("systemInstruction"));
    assertEquals(List.of(Map.of("role", "user", "parts", List.of(Map.of("text", "a red bicycle")))), sent.get("contents"));
    Map<?, ?> config = (Map<?, ?>) sent.get("generationConfig");
    assertEquals(new BigDecimal(300), config.get("maxOutputTokens"));
    assertEquals(new BigDecimal(42), config.get("seed"));
    assertEquals("application/json", config.get("responseMimeType"));
    Map<?, ?> schema = (Map<?, ?>) config.get("responseJsonSchema");
    assertEquals("object", schema.get("type"));
    assertEquals(List.of("prompt"), schema.get("required"));
    assertFalse(config.containsKey("responseSchema"));
    assertEquals("{\"prompt\":\"a red bicycle at dusk\"}", out.text().get());
  }

  @Test
  void aPlainRequestSendsOnlyTheUserTurnToTheOffersEndpoint() throws Exception {
    server.enqueue(json(200, Fixtures.textAnswer("ok")));

    Fixtures.output(p, textRequest("gemini-3-flash").build());

    RecordedRequest r = server.takeRequest();
    assertEquals("/v1beta/models/gemini-3-flash-preview:generateContent", r.getUrl().encodedPath());
    assertEquals(Map.of("contents", List.of(Map.of("role", "user", "parts", List.of(Map.of("text", "a red bicycle"))))),
        TestRequests.json(r));
  }

  @Test
  void googleOptionsAreMergedIntoTheGenerationConfig() throws Exception {
    server.enqueue(json(200, Fixtures.textAnswer("ok")));

    Fixtures.output(p, textRequest(TEXT_MODEL).maxTokens(100)
        .providerOptions("google", Map.of("generationConfig", Map.of("thinkingConfig", Map.of("thinkingBudget", 0)))).build());

    Map<?, ?> config = (Map<?, ?>) TestRequests.json(server.takeRequest()).get("generationConfig");
    assertEquals(new BigDecimal(100), config.get("maxOutputTokens"));
    assertEquals(Map.of("thinkingBudget", BigDecimal.ZERO), config.get("thinkingConfig"));
  }

  @Test
  void theAnswerSkipsThoughtsAndBillsThinkingAsOutput() {
    server.enqueue(json(200, Fixtures.textAnswer("a red bicycle leaning on a wet brick wall at dusk")));

    ProviderOutput out = Fixtures.output(p, textRequest(TEXT_MODEL).build());

    assertEquals("a red bicycle leaning on a wet brick wall at dusk", out.text().get());
    assertEquals(TEXT_RESPONSE_ID, out.providerRequestId().get());
    assertEquals(31, out.usage().textInputTokens());
    assertEquals(0, out.usage().cachedTextInputTokens());
    // 12 answer tokens and 517 thinking tokens.
    assertEquals(529, out.usage().textOutputTokens());
    assertTrue(out.usage().reportedCost().isEmpty());
    Charge c = Fixtures.price(p, TEXT_MODEL).actual(out.usage());
    assertEquals(CostBasis.COMPUTED, c.basis());
    // 31 x $0.50 / 1M + 529 x $3.00 / 1M = $0.0000155 + $0.001587.
    assertEquals(Money.usd("0.0016025"), c.amount().orElseThrow());
  }

  @Test
  void cachedTokensArePartOfThePromptCountAndPricedAtTheCachedRate() {
    server.enqueue(json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a lighthouse\"}],\"role\":\"model\"},"
        + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4294967396,"
        + "\"candidatesTokenCount\":3,\"totalTokenCount\":4294967499,\"cachedContentTokenCount\":4294967296,"
        + "\"thoughtsTokenCount\":100},\"modelVersion\":\"gemini-3-flash-preview\",\"responseId\":\"r-64\"}"));

    ProviderOutput out = Fixtures.output(p, textRequest("gemini-3-flash").build());

    assertEquals(100, out.usage().textInputTokens());
    assertEquals(4_294_967_296L, out.usage().cachedTextInputTokens());
    assertEquals(103, out.usage().textOutputTokens());
    // 100 x $0.50 / 1M + 4,294,967,296 x $0.05 / 1M + 103 x $3.00 / 1M = 0.00005 + 214.7483648 + 0.000309.
    assertEquals(Money.usd("214.7487238"),
        Fixtures.price(p, "gemini-3-flash").actual(out.usage()).amount().orElseThrow());
  }

  @Test
  void aBlockedPromptAndASafetyStopAreModeration() {
    server.enqueue(json(200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":[{\"category\":"
        + "\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"probability\":\"HIGH\",\"blocked\":true}]},"
        + "\"usageMetadata\":{\"promptTokenCount\":8,\"totalTokenCount\":8},\"modelVersion\":\"gemini-3-flash-preview\","
        + "\"responseId\":\"b-1\"}"));
    server.enqueue(json(200, "{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0,\"safetyRatings\":[{\"category\":"
        + "\"HARM_CATEGORY_HARASSMENT\",\"probability\":\"HIGH\",\"blocked\":true}]}],\"usageMetadata\":"
        + "{\"promptTokenCount\":8,\"totalTokenCount\":8},\"modelVersion\":\"gemini-3-flash-preview\",\"responseId\":\"b-2\"}"));
    server.enqueue(json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Here is how\"}],\"role\":\"model\"},"
        + "\"finishReason\":\"PROHIBITED_CONTENT\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":8,"
        + "\"candidatesTokenCount\":3,\"totalTokenCount\":11},\"modelVersion\":\"gemini-3-flash-preview\",\"responseId\":\"b-3\"}"));
    Request r = textRequest(TEXT_MODEL).build();

    Throwable blocked = Fixtures.failure(p, r);
    assertInstanceOf(ContentModeratedException.class, blocked);
    assertTrue(blocked.getMessage().contains("blockReason SAFETY"), blocked.getMessage());
    Throwable stopped = Fixtures.failure(p, r);
    assertInstanceOf(ContentModeratedException.class, stopped);
    assertTrue(stopped.getMessage().contains("finishReason SAFETY"), stopped.getMessage());
    // A partial answer withheld by policy is not handed over.
    assertInstanceOf(ContentModeratedException.class, Fixtures.failure(p, r));
  }

  @Test
  void noTextIsNoOutputAndACutAnswerAWarning() {
    server.enqueue(json(200, "{\"candidates\":[{\"content\":{\"role\":\"model\"},\"finishReason\":\"MAX_TOKENS\",\"index\":0}],"
        + "\"usageMetadata\":{\"promptTokenCount\":8,\"totalTokenCount\":108,\"thoughtsTokenCount\":100},"
        + "\"modelVersion\":\"gemini-3-flash-preview\",\"responseId\":\"m-1\"}"));
    server.enqueue(json(200, Fixtures.textAnswer("a red bicy").replace("\"finishReason\":\"STOP\"", "\"finishReason\":\"MAX_TOKENS\"")));
    Request r = textRequest(TEXT_MODEL).maxTokens(100).build();

    Throwable none = Fixtures.failure(p, r);
    assertInstanceOf(NoOutputException.class, none);
    assertTrue(none.getMessage().contains("finishReason MAX_TOKENS"), none.getMessage());
    ProviderOutput cut = Fixtures.output(p, r);
    assertEquals("a red bicy", cut.text().get());
    assertEquals(List.of("the answer was cut at the token limit (finishReason MAX_TOKENS)"), cut.warnings());
  }

  @Test
  void googlesErrorEnvelopeIsTyped() {
    server.enqueue(json(400, Fixtures.keyInvalid()));
    server.enqueue(json(429, Fixtures.quota("27s")));
    server.enqueue(json(400, Fixtures.error(400, "INVALID_ARGUMENT",
        "Invalid JSON payload received. Unknown name \\\"foo\\\" at 'generation_config': Cannot find field.", null)));
    server.enqueue(json(503, Fixtures.error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", null)));
    Request r = textRequest(TEXT_MODEL).build();

    assertInstanceOf(AuthenticationException.class, Fixtures.failure(p, r));
    Throwable limited = Fixtures.failure(p, r);
    assertInstanceOf(RateLimitedException.class, limited);
    assertEquals(Duration.ofSeconds(27), ((RateLimitedException) limited).retryAfter().orElseThrow());
    assertInstanceOf(InvalidRequestException.class, Fixtures.failure(p, r));
    Throwable down = Fixtures.failure(p, r);
    assertInstanceOf(ProviderFailureException.class, down);
    assertTrue(down.getMessage().contains("UNAVAILABLE"), down.getMessage());
    assertFalse(down.getMessage().contains(KEY));
  }
}
