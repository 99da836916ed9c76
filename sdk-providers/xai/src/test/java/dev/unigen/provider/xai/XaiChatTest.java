package dev.unigen.provider.xai;

import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestRequests.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.NoOutputException;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The text task as xAI chat completions: the request body, the answer, its tokens and its reported cost. */
class XaiChatTest {
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"prompt\":{\"type\":\"string\"}},"
      + "\"required\":[\"prompt\"],\"additionalProperties\":false}";
  @StartStop private final MockWebServer server = TestServers.started();
  private final XaiProvider xai = Fixtures.provider(server);

  private ProviderOutput write(Request r) {
    return TestCalls.submit(xai, r).output().orElseThrow();
  }

  @Test
  void theRequestCarriesBothMessagesTheLimitsAndTheSchema() throws Exception {
    server.enqueue(json(200, Fixtures.chatAnswer("{\\\"prompt\\\":\\\"a red bicycle at dusk\\\"}", 1_087_500L)));

    write(Request.builder(Task.TEXT).model("grok-4.3").system("You write image prompts.").prompt("a red bicycle")
        .maxTokens(300).temperature(new BigDecimal("0.7")).seed(42).jsonSchema(SCHEMA).build());

    RecordedRequest r = server.takeRequest();
    assertEquals("/v1/chat/completions", r.getUrl().encodedPath());
    assertEquals("Bearer " + Fixtures.KEY, r.getHeaders().get("Authorization"));
    // The temperature is sent as written, never through a double: 0.7, not 0.699999988079071.
    assertTrue(r.getBody().utf8().contains("\"temperature\":0.7,"), r.getBody().utf8());
    Map<String, Object> sent = json(r);
    assertEquals("grok-4.3", sent.get("model"));
    assertEquals(List.of(Map.of("role", "system", "content", "You write image prompts."),
        Map.of("role", "user", "content", "a red bicycle")), sent.get("messages"));
    assertEquals(new BigDecimal(300), sent.get("max_completion_tokens"));
    assertEquals(new BigDecimal(42), sent.get("seed"));
    Map<?, ?> format = (Map<?, ?>) sent.get("response_format");
    assertEquals("json_schema", format.get("type"));
    Map<?, ?> schema = (Map<?, ?>) format.get("json_schema");
    assertEquals("response", schema.get("name"));
    assertEquals(true, schema.get("strict"));
    assertEquals(Map.of("prompt", Map.of("type", "string")), ((Map<?, ?>) schema.get("schema")).get("properties"));
  }

  @Test
  void aPlainRequestSendsOnlyTheUserMessage() throws Exception {
    server.enqueue(json(200, Fixtures.chatAnswer("ok", 1_000L)));

    write(Request.builder(Task.TEXT).model("grok-4.20-0309-non-reasoning").prompt("a red bicycle").build());

    Map<String, Object> sent = json(server.takeRequest());
    assertEquals(Map.of("model", "grok-4.20-0309-non-reasoning",
        "messages", List.of(Map.of("role", "user", "content", "a red bicycle"))), sent);
  }

  @Test
  void theAnswerGivesTheTextTokensAndTheReportedCost() {
    server.enqueue(json(200, Fixtures.chatAnswer("a red bicycle leaning on a wet brick wall", 1_087_500L)));

    ProviderOutput out = write(Request.builder(Task.TEXT).model("grok-4.3").prompt("a red bicycle").build());

    assertEquals("a red bicycle leaning on a wet brick wall", out.text().get());
    assertEquals("a3d1008e-4544-40d4-d075-11527e794e4a", out.providerRequestId().get());
    // The spec's usage: 32 prompt tokens of which 6 cached; 9 completion and 94 reasoning tokens.
    assertEquals(26, out.usage().textInputTokens());
    assertEquals(6, out.usage().cachedTextInputTokens());
    assertEquals(103, out.usage().textOutputTokens());
    // 1,087,500 ticks at 10^10 a dollar.
    assertEquals(Money.usd("0.00010875"), out.usage().reportedCost().get());
  }

  @Test
  void aRefusalIsModerationAnEmptyAnswerNoOutputAndACutAnswerAWarning() {
    server.enqueue(json(200, "{\"id\":\"c-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"grok-4.3\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that.\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":0,\"total_tokens\":5,"
        + "\"cost_in_usd_ticks\":62500}}"));
    server.enqueue(json(200, "{\"id\":\"c-2\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"grok-4.3\",\"choices\":[]}"));
    server.enqueue(json(200, Fixtures.chatAnswer("a red bicy", 1_000L).replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"length\"")));
    Request r = Request.builder(Task.TEXT).model("grok-4.3").prompt("x").build();

    TestCalls.failure(ContentModeratedException.class, xai, r);
    TestCalls.failure(NoOutputException.class, xai, r);
    ProviderOutput cut = write(r);
    assertEquals(List.of("the answer was cut at the token limit (finish_reason length)"), cut.warnings());
  }

  @Test
  void throughAGeneratorThePromptWriterIsOneLine() {
    server.enqueue(json(200, Fixtures.chatAnswer("a red bicycle leaning on a wet brick wall, golden hour", 1_087_500L)));
    try (Generator gen = TestGenerators.quick()
        .environment(Map.of(XaiProvider.GROK_KEY_VARIABLE, Fixtures.KEY, "UNIGEN_XAI_BASE_URL", server.url("/v1").toString()))
        .providersFromEnvironment().build()) {
      Generation g = gen.text("grok-4.3").system("You write image prompts.").prompt("a red bicycle").generate();

      assertEquals("a red bicycle leaning on a wet brick wall, golden hour", g.text().get());
      assertEquals(103, g.usage().textOutputTokens());
      assertEquals(Money.usd("0.00010875"), g.cost().actual().get());
      assertEquals(CostBasis.REPORTED, g.cost().basis());
      // Estimate: "You write image prompts." (24) and "a red bicycle" (13) are (37 + 3) / 4 = 10 tokens x $1.25,
      // and 400 expected output tokens x $2.50, per 10^6: 0.0000125 + 0.001 = $0.0010125.
      assertEquals(Money.usd("0.0010125"), g.cost().estimate().get());
      assertFalse(g.assets().iterator().hasNext());
    }
  }

  @Test
  void withoutTicksTheTokensArePricedByTheCatalog() {
    server.enqueue(json(200, Fixtures.chatAnswer("ok", 0).replace(",\"cost_in_usd_ticks\":0", "")));
    try (Generator gen = TestGenerators.quick().environment(Fixtures.env(server)).providersFromEnvironment().build()) {
      Generation g = gen.text("grok-4.3").prompt("a red bicycle").generate();

      // 26 x $1.25 + 6 cached x $0.20 + 103 x $2.50, per 10^6: 0.0000325 + 0.0000012 + 0.0002575 = $0.0002912.
      assertEquals(Money.usd("0.0002912"), g.cost().actual().get());
      assertEquals(CostBasis.COMPUTED, g.cost().basis());
    }
  }
}
