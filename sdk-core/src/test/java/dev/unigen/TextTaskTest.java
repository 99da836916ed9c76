package dev.unigen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.internal.Validation;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The text task: its request fields, validation, selection by JSON-schema support, pricing and result. */
class TextTaskTest {
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"prompt\":{\"type\":\"string\"}},"
      + "\"required\":[\"prompt\"]}";
  private final List<Generator> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(Generator::close);
  }

  /** A provider serving {@code model} by tokens: $2 per 10^6 input, $0.50 cached, $10 output. */
  private static FakeProvider llm(String name, String model, boolean jsonSchema) {
    return offer(name, model, jsonSchema).then(TextTaskTest::answer);
  }

  /** The same provider without a scripted answer. */
  private static FakeProvider offer(String name, String model, boolean jsonSchema) {
    return new FakeProvider(name, "{'format':1,'provider':'" + name + "','offers':[{'model':'" + model + "',"
        + "'endpoint':'" + name + "/" + model + "','tasks':['text'],'capabilities':{'jsonSchema':" + jsonSchema + "},"
        + "'price':{'kind':'tokens','perMillion':{'textInput':'2','cachedTextInput':'0.5','textOutput':'10'},"
        + "'expectedTextOutputTokens':200},'asOf':'2026-11-01','source':'test'}]}");
  }

  /** Answers with a fixed text: 1,000 input tokens of which 200 cached, 300 output tokens. */
  private static CompletableFuture<Submission> answer(ProviderCall call) {
    Usage usage = Usage.builder().textInputTokens(800).cachedTextInputTokens(200).textOutputTokens(300).build();
    return CompletableFuture.completedFuture(Submission.completed(ProviderOutput.builder()
        .text("a red bicycle leaning on a wet brick wall, golden hour").usage(usage).providerRequestId("chat-1").build()));
  }

  private Generator gen(FakeProvider... providers) {
    Generator g = Generator.builder().providers(providers).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
    open.add(g);
    return g;
  }

  @Test
  void theFluentRequestCarriesEveryTextFieldAndTheResultHasTextAndTokens() {
    FakeProvider llm = llm("llm", "writer-1", true);
    Generation g = gen(llm).text("writer-1")
        .system("You write image prompts.")
        .prompt("a red bicycle")
        .maxTokens(400)
        .temperature(0.7)
        .seed(42)
        .jsonSchema(SCHEMA)
        .generate();

    Request sent = llm.calls.get(0).request();
    assertEquals(Task.TEXT, sent.task());
    assertEquals("You write image prompts.", sent.system().get());
    assertEquals("a red bicycle", sent.prompt().get());
    assertEquals(400, sent.maxTokens().getAsInt());
    assertEquals(new BigDecimal("0.7"), sent.temperature().get());
    assertEquals(42, sent.seed().getAsLong());
    assertEquals(SCHEMA, sent.jsonSchema().get());

    assertEquals("a red bicycle leaning on a wet brick wall, golden hour", g.text().get());
    assertTrue(g.assets().isEmpty());
    assertEquals(800, g.usage().textInputTokens());
    assertEquals(200, g.usage().cachedTextInputTokens());
    assertEquals(300, g.usage().textOutputTokens());
    // 800 x $2 + 200 x $0.50 + 300 x $10, per 10^6: 0.0016 + 0.0001 + 0.003 = $0.0047, computed.
    assertEquals(0, new BigDecimal("0.0047").compareTo(g.cost().actual().get().amount()));
    assertEquals(CostBasis.COMPUTED, g.cost().basis());
  }

  @Test
  void aReportedCostWinsOverTheTokens() {
    FakeProvider llm = offer("llm", "writer-1", false).then(call -> CompletableFuture.completedFuture(
        Submission.completed(ProviderOutput.builder().text("ok")
            .usage(Usage.builder().textInputTokens(10).textOutputTokens(2).reportedCost(Money.usd("0.0000125")).build())
            .build())));

    Generation g = gen(llm).text("writer-1").prompt("hi").generate();

    assertEquals(Money.usd("0.0000125"), g.cost().actual().get());
    assertEquals(CostBasis.REPORTED, g.cost().basis());
    assertEquals(10, g.usage().textInputTokens());
  }

  @Test
  void theEstimatePricesPromptAndSystemAtFourCharactersATokenAndMaxTokensAsTheOutput() {
    Generator gen = gen(llm("llm", "writer-1", false));
    // "You write image prompts." is 24 characters and "a red bicycle" 13: (37 + 3) / 4 = 10 tokens.
    // 10 x $2 / 10^6 = $0.00002; output 400 x $10 / 10^6 = $0.004. Together $0.00402.
    Plan capped = gen.text("writer-1").system("You write image prompts.").prompt("a red bicycle").maxTokens(400).quote();
    assertEquals(0, new BigDecimal("0.00402").compareTo(capped.quotes().get(0).estimate().get().amount()));
    // Without maxTokens the offer's expected 200 output tokens: $0.00002 + $0.002 = $0.00202.
    Plan open = gen.text("writer-1").system("You write image prompts.").prompt("a red bicycle").quote();
    assertEquals(0, new BigDecimal("0.00202").compareTo(open.quotes().get(0).estimate().get().amount()));
  }

  @Test
  void aJsonSchemaGoesOnlyToOffersThatTakeOne() {
    FakeProvider plain = llm("plain", "writer-1", false);
    FakeProvider structured = llm("structured", "writer-1", true);
    Generator gen = gen(plain, structured);

    Plan plan = gen.text("writer-1").prompt("a red bicycle").jsonSchema(SCHEMA).quote();
    assertEquals(List.of("structured"), plan.quotes().stream().map(q -> q.provider()).toList());
    Exclusion excluded = plan.excluded().get(0);
    assertEquals("plain", excluded.offer().provider());
    assertTrue(excluded.detail().contains("JSON-schema"), excluded.detail());

    gen.text("writer-1").prompt("a red bicycle").jsonSchema(SCHEMA).generate();
    assertEquals(0, plain.submits());
    assertEquals(1, structured.submits());
  }

  @Test
  void textWithoutAModelFailsOverAcrossLanguageModels() {
    FakeProvider first = offer("first", "writer-1", false)
        .thenFail(new ProviderFailureException("first", "down", 500, false, null));
    FakeProvider second = llm("second", "writer-2", false);

    Generation g = gen(first, second).text().prompt("a red bicycle").generate();

    assertEquals("second", g.provider());
    assertEquals(2, g.attempts().size());
  }

  @Test
  void badTextFieldsFailBeforeAnyCall() {
    FakeProvider llm = llm("llm", "writer-1", true);
    Generator gen = gen(llm);

    assertThrows(InvalidRequestException.class, () -> gen.text("writer-1").prompt("x").temperature(2.5).generate());
    assertThrows(InvalidRequestException.class, () -> gen.text("writer-1").prompt("x").temperature(-0.1).generate());
    assertThrows(InvalidRequestException.class, () -> gen.text("writer-1").prompt("x").temperature(Double.NaN));
    assertThrows(InvalidRequestException.class, () -> gen.text("writer-1").prompt("x").maxTokens(0).generate());
    assertThrows(InvalidRequestException.class, () -> gen.text("writer-1").prompt("x").system(" ").generate());
    assertThrows(InvalidRequestException.class, () -> gen.text("writer-1").prompt("x").jsonSchema("[1, 2]"));
    assertThrows(InvalidRequestException.class, () -> gen.text("writer-1").prompt("x").jsonSchema("{not json"));
    assertThrows(InvalidRequestException.class, () -> gen.text("writer-1").system("only a system message").generate());
    assertEquals(0, llm.submits());
  }

  @Test
  void textFieldsOnAnotherTaskAreRefused() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () ->
        Validation.check(Request.builder(Task.TEXT_TO_IMAGE).prompt("x").maxTokens(10).build()));
    assertTrue(e.getMessage().contains("maxTokens is only for text"), e.getMessage());
    assertThrows(InvalidRequestException.class, () ->
        Validation.check(Request.builder(Task.TEXT_TO_IMAGE).prompt("x").system("s").build()));
    assertThrows(InvalidRequestException.class, () ->
        Validation.check(Request.builder(Task.TEXT_TO_VIDEO).prompt("x").jsonSchema(SCHEMA).build()));
  }

  @Test
  void theTextFieldsSurviveTheJournalsJson() {
    Request r = Request.builder(Task.TEXT).model("writer-1").system("You write image prompts.").prompt("a red bicycle")
        .maxTokens(400).temperature(new BigDecimal("0.70")).seed(7).jsonSchema(SCHEMA).build();

    Request back = Request.fromJson(r.toJson());

    assertEquals("You write image prompts.", back.system().get());
    assertEquals(400, back.maxTokens().getAsInt());
    assertEquals(new BigDecimal("0.70"), back.temperature().get());
    assertEquals(SCHEMA, back.jsonSchema().get());
    assertFalse(Request.fromJson(Request.builder(Task.TEXT).prompt("x").build().toJson()).system().isPresent());
  }
}
