package dev.unigen.provider.xai;

import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestContext;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The bundled offers priced by hand, and the text offers read from GET /v1/language-models. */
class XaiCatalogTest {
  /** The spec's example answer of GET /v1/language-models. */
  private static final String LANGUAGE_MODELS = "{\"models\":[{\"id\":\"latest\",\"fingerprint\":\"fp_777a9f8466\",\"created\":1776556800,"
      + "\"object\":\"model\",\"owned_by\":\"xai\",\"version\":\"1.0\",\"input_modalities\":[\"text\",\"image\"],"
      + "\"output_modalities\":[\"text\"],\"prompt_text_token_price\":12500,\"cached_prompt_text_token_price\":2000,"
      + "\"prompt_image_token_price\":12500,\"completion_text_token_price\":25000,\"search_price\":0,"
      + "\"prompt_text_token_price_long_context\":0,\"cached_prompt_text_token_price_long_context\":0,"
      + "\"completion_text_token_price_long_context\":0,\"long_context_threshold\":0,\"aliases\":[\"grok-4.3-latest\"]},"
      + "{\"id\":\"grok-420-reasoning\",\"fingerprint\":\"fp_5319828d69\",\"created\":1768003200,\"object\":\"model\","
      + "\"owned_by\":\"xai\",\"version\":\"1.0\",\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"],"
      + "\"prompt_text_token_price\":20000,\"cached_prompt_text_token_price\":2000,\"prompt_image_token_price\":0,"
      + "\"completion_text_token_price\":80000,\"search_price\":0,\"prompt_text_token_price_long_context\":40000,"
      + "\"cached_prompt_text_token_price_long_context\":0,\"completion_text_token_price_long_context\":160000,"
      + "\"long_context_threshold\":128000,\"aliases\":[],\"capabilities\":{\"reasoning_effort\":[\"low\",\"medium\","
      + "\"high\",\"xhigh\"],\"default_reasoning_effort\":\"high\"}}]}";
  private static final Instant NOW = Instant.parse("2026-09-25T08:00:00Z");

  @StartStop private final MockWebServer server = TestServers.started();
  private final XaiProvider xai = XaiProvider.builder().build(TestContext.builder().environment(Fixtures.env(server))
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());

  private PriceRule rule(String model) {
    return xai.catalog().offer(XaiProvider.NAME, model).orElseThrow().price().orElseThrow();
  }

  /** The estimate the selector makes: with the offer's default length for a request that gives none. */
  private Money estimate(PriceRule rule, Request r) {
    Offer offer = xai.catalog().offer(XaiProvider.NAME, r.model().orElseThrow()).orElseThrow();
    return rule.estimate(r, PriceRule.DEFAULT_SIZE, offer.capabilities().defaultDuration().orElse(PriceRule.DEFAULT_DURATION));
  }

  @Test
  void imageAndVideoOffersDeclareXaisPerModelLimitsAndTextOffersNone() {
    for (Offer o : xai.catalog().offers()) {
      java.util.OptionalDouble rps = o.rateLimit().map(Offer.RateLimit::requestsPerSecond).orElse(java.util.OptionalDouble.empty());
      if (o.serves(Task.TEXT)) assertTrue(o.rateLimit().isEmpty(), o.key());
      else assertEquals(o.tasks().stream().anyMatch(Task::producesVideo) ? 1.0 : 5.0, rps.getAsDouble(), o.key());
    }
  }

  @Test
  void imagePricesWorkedOutByHand() {
    // Two images at $0.02.
    assertEquals(Money.usd("0.04"), rule("grok-imagine").actual(Usage.builder().count(2).build()).amount().get());
    // grok-imagine-image-2.0: low $0.032, and an open quality at the default, medium, $0.048.
    Request low = Request.builder(Task.TEXT_TO_IMAGE).model("grok-imagine-2.0").prompt("x").quality("low").build();
    Request open = Request.builder(Task.TEXT_TO_IMAGE).model("grok-imagine-2.0").prompt("x").build();
    assertEquals(Money.usd("0.032"), estimate(rule("grok-imagine-2.0"), low));
    assertEquals(Money.usd("0.048"), estimate(rule("grok-imagine-2.0"), open));
  }

  @Test
  void videoPricesWorkedOutByHand() {
    // 6 s at 480p, $0.05/s: $0.30; at 720p, $0.07/s: $0.42; no resolution asked: the first rate, 720p.
    Request.Builder clip = Request.builder(Task.TEXT_TO_VIDEO).model("grok-imagine-video").prompt("x").duration(Duration.ofSeconds(6));
    assertEquals(Money.usd("0.30"), estimate(rule("grok-imagine-video"), clip.resolution("480p").build()));
    assertEquals(Money.usd("0.42"), estimate(rule("grok-imagine-video"), clip.resolution("720p").build()));
    assertEquals(Money.usd("0.42"), estimate(rule("grok-imagine-video"), clip.resolution(null).build()));
    // grok-imagine-video-1.5, 5 s at 1080p and $0.25/s: $1.25; the default 8 s at 480p: $0.64.
    Request.Builder i2v = Request.builder(Task.IMAGE_TO_VIDEO).model("grok-imagine-video-1.5").prompt("x")
        .image(Media.url("https://example.com/a.png"));
    assertEquals(Money.usd("1.25"), estimate(rule("grok-imagine-video-1.5"), i2v.duration(Duration.ofSeconds(5)).resolution("1080p").build()));
    assertEquals(Money.usd("0.64"), estimate(rule("grok-imagine-video-1.5"), i2v.duration(null).resolution("480p").build()));
    assertTrue(rule("grok-imagine-video").failureBilling().moderated());
  }

  @Test
  void textPricesWorkedOutByHand() {
    // 1,000,000 input, 200,000 cached, 500,000 output tokens on grok-4.3: 1.25 + 0.04 + 1.25 = $2.54.
    Usage u = Usage.builder().textInputTokens(1_000_000).cachedTextInputTokens(200_000).textOutputTokens(500_000).build();
    assertEquals(Money.usd("2.54"), rule("grok-4.3").actual(u).amount().get());
    // grok-4.5 has no cached price: cached tokens at the input price, 1.2 M x $2 + 0.5 M x $6 = $5.40.
    assertEquals(Money.usd("5.40"), rule("grok-4.5").actual(u).amount().get());
    for (Offer o : xai.catalog().offers(Task.TEXT)) assertTrue(o.capabilities().jsonSchema(), o.key());
  }

  @Test
  void theModelListReplacesTheTextOffersAndKeepsTheRest() throws Exception {
    server.enqueue(json(200, LANGUAGE_MODELS));
    int mediaOffers = xai.catalog().size() - xai.catalog().offers(Task.TEXT).size();

    Catalog fresh = TestCalls.await(xai.refreshLanguageModels());

    RecordedRequest r = server.takeRequest();
    assertEquals("GET", r.getMethod());
    assertEquals("/v1/language-models", r.getUrl().encodedPath());
    assertEquals("Bearer " + Fixtures.KEY, r.getHeaders().get("Authorization"));
    assertEquals(fresh, xai.catalog());
    Set<String> text = new TreeSet<>();
    fresh.offers(Task.TEXT).forEach(o -> text.add(o.model()));
    assertEquals(Set.of("latest", "grok-420-reasoning"), text);
    assertEquals(mediaOffers, fresh.size() - text.size());
    assertTrue(fresh.offer(XaiProvider.NAME, "grok-imagine-video").isPresent());

    Offer latest = fresh.offer(XaiProvider.NAME, "latest").orElseThrow();
    assertEquals("latest", latest.endpoint());
    assertEquals(LocalDate.of(2026, 9, 25), latest.asOf());
    assertEquals("GET " + server.url("/v1/language-models"), latest.source());
    assertTrue(latest.notes().get().contains("grok-4.3-latest"), latest.notes().get());
    assertTrue(latest.capabilities().jsonSchema());
    // 12500, 2000 and 25000 cents per 100 M tokens are $1.25, $0.20 and $2.50 per million:
    // 1 M in + 0.2 M cached + 0.5 M out = 1.25 + 0.04 + 1.25 = $2.54.
    Usage u = Usage.builder().textInputTokens(1_000_000).cachedTextInputTokens(200_000).textOutputTokens(500_000).build();
    assertEquals(0, new BigDecimal("2.54").compareTo(latest.price().get().actual(u).amount().get().amount()));
    // 20000 and 80000: $2 and $8 per million; 1 M in + 0.5 M out = $6.
    Usage v = Usage.builder().textInputTokens(1_000_000).textOutputTokens(500_000).build();
    assertEquals(0, new BigDecimal("6").compareTo(
        fresh.offer(XaiProvider.NAME, "grok-420-reasoning").get().price().get().actual(v).amount().get().amount()));
  }

  @Test
  void aGeneratorBuiltOnTheRefreshedCatalogWritesWithAListedModel() {
    server.enqueue(json(200, LANGUAGE_MODELS));
    Catalog fresh = TestCalls.await(xai.refreshLanguageModels());
    server.enqueue(json(200, Fixtures.chatAnswer("a red bicycle", 1_087_500L)));
    try (Generator gen = TestGenerators.quick().environment(Fixtures.env(server)).providersFromEnvironment().catalog(fresh)
        .build()) {
      Generation g = gen.text("grok-420-reasoning").prompt("a red bicycle").generate();
      assertEquals("a red bicycle", g.text().get());
    }
  }

  @Test
  void aListWithoutPricedTextModelsLeavesTheCatalogAlone() {
    Catalog before = xai.catalog();
    server.enqueue(json(200, "{\"models\":[{\"id\":\"grok-imagine-image\",\"output_modalities\":[\"image\"],\"image_price\":200000000}]}"));

    Throwable e = TestCalls.failure(xai.refreshLanguageModels());

    assertInstanceOf(ProviderFailureException.class, e);
    assertEquals(before, xai.catalog());
    assertFalse(xai.catalog().offers(Task.TEXT).isEmpty());
  }
}
