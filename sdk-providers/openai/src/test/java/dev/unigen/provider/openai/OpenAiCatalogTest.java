package dev.unigen.provider.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled catalog: what it serves, what it leaves out, and its prices worked out by hand. */
class OpenAiCatalogTest {
  private static final Catalog CATALOG = Catalog.ofModule(OpenAiProvider.class);
  /** 25 characters, so (25 + 3) / 4 = 7 estimated prompt tokens. */
  private static final String PROMPT = "a red bicycle in the rain";

  private static PriceRule price(String model) {
    return CATALOG.offer("openai", model).orElseThrow().price().orElseThrow();
  }

  private static Money estimate(String model, Request request) {
    Offer o = CATALOG.offer("openai", model).orElseThrow();
    return o.price().orElseThrow().estimate(request, o.capabilities().defaultSize().orElse(PriceRule.DEFAULT_SIZE),
        PriceRule.DEFAULT_DURATION);
  }

  private static Request.Builder image(String model) {
    return Request.builder(Task.TEXT_TO_IMAGE).model(model).prompt(PROMPT);
  }

  @Test
  void servesTheLiveGptImageModelsAndNothingRetired() {
    assertEquals(List.of("gpt-image-2"), CATALOG.offers().stream().map(Offer::model).collect(Collectors.toList()));
    for (String retired : List.of("dall-e-2", "dall-e-3", "gpt-image-1", "gpt-image-1.5", "gpt-image-1-mini",
        "chatgpt-image-latest", "sora-2", "sora-2-pro")) {
      assertTrue(CATALOG.offers(retired).isEmpty(), retired + " is shut down and must not be offered");
    }
    for (Offer o : CATALOG.offers()) {
      assertEquals("openai", o.provider());
      assertEquals(o.model(), o.endpoint(), "the endpoint is the model name the API takes");
      assertEquals(Set.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE, Task.INPAINT, Task.MULTI_REFERENCE), o.tasks());
      assertTrue(ImageCall.TASKS.containsAll(o.tasks()), "every task maps to generations or edits");
      assertTrue(o.price().isPresent(), o.key() + " is priced");
      assertEquals("tokens", o.price().get().kind());
      assertEquals(10, o.capabilities().maxCount());
      assertEquals(16, o.capabilities().maxReferences());
      assertEquals(LocalDate.of(2026, 11, 23), o.asOf());
      assertTrue(o.source().startsWith("https://developers.openai.com/"), o.source());
    }
  }

  @Test
  void theModelsShutDownOn20261201AreStillKnownToTheLifecycle() {
    for (String model : List.of("gpt-image-1.5", "gpt-image-1.5-2025-12-16", "gpt-image-1-mini", "chatgpt-image-latest")) {
      assertEquals(LocalDate.of(2026, 12, 1), Lifecycle.shutdownDate(model).get(), model);
    }
    assertTrue(Lifecycle.shutdownDate("gpt-image-2").isEmpty());
  }

  @Test
  void sizesFollowEachModel() {
    Offer two = CATALOG.offer("openai", "gpt-image-2").get();
    assertTrue(two.capabilities().sizes().isEmpty(), "gpt-image-2 takes a range");
    assertEquals(3840, two.capabilities().maxSide());
    assertEquals(16, two.capabilities().multipleOf());
    assertTrue(two.capabilities().whyNot(image("gpt-image-2").size(2048, 1152).build()).isEmpty());
    assertTrue(two.capabilities().whyNot(image("gpt-image-2").size(4096, 2048).build()).isPresent());
    assertTrue(two.capabilities().whyNot(image("gpt-image-2").size(464, 464).build()).isPresent());
  }

  @Test
  void estimatesWorkedOutByHand() {
    // gpt-image-2, 1024x1024 high: 7 x $5 / 1M + 7,024 x $30 / 1M = 0.000035 + 0.21072
    assertEquals(Money.usd("0.210755"), estimate("gpt-image-2", image("gpt-image-2").size(1024, 1024).quality("high").build()));
    // an open quality is estimated at high, an open size at the default 1024x1024: the same
    assertEquals(Money.usd("0.210755"), estimate("gpt-image-2", image("gpt-image-2").build()));
    // 'auto' is priced as high
    assertEquals(Money.usd("0.210755"), estimate("gpt-image-2", image("gpt-image-2").quality("auto").build()));
    // gpt-image-2, two 1536x1024 low: 0.000035 + 2 x 158 x $30 / 1M = 0.000035 + 0.00948
    assertEquals(Money.usd("0.009515"), estimate("gpt-image-2", image("gpt-image-2").size(1536, 1024).quality("low").count(2).build()));
    // gpt-image-2, 1536x864 medium is not listed: the upper bound of 5,930 tokens -> 0.000035 + 0.1779
    assertEquals(Money.usd("0.177935"), estimate("gpt-image-2", image("gpt-image-2").size(1536, 864).quality("medium").build()));
    // gpt-image-2, 1024x1536 medium: 0.000035 + 1,372 x $30 / 1M = 0.000035 + 0.04116
    assertEquals(Money.usd("0.041195"), estimate("gpt-image-2", image("gpt-image-2").size(1024, 1536).quality("medium").build()));
  }

  @Test
  void theTokenTableMatchesTheDocumentedCalculator() {
    // The guide's per-image prices for gpt-image-2 at $30 / 1M: $0.006 / $0.053 / $0.211 at 1024x1024,
    // $0.005 / $0.041 / $0.165 at 1536x1024 and 1024x1536.
    assertEquals(196, ImageSizes.flexibleTokens(16, Size.of(1024, 1024)));
    assertEquals(1756, ImageSizes.flexibleTokens(48, Size.of(1024, 1024)));
    assertEquals(7024, ImageSizes.flexibleTokens(96, Size.of(1024, 1024)));
    assertEquals(158, ImageSizes.flexibleTokens(16, Size.of(1536, 1024)));
    assertEquals(1372, ImageSizes.flexibleTokens(48, Size.of(1024, 1536)));
    assertEquals(5488, ImageSizes.flexibleTokens(96, Size.of(1536, 1024)));
    // every listed size of the catalog agrees with the formula
    PriceRule rule = price("gpt-image-2");
    for (String s : List.of("1024x1024", "1536x1024", "1024x1536", "2048x2048", "2048x1152", "1152x2048", "2560x1440",
        "1440x2560", "3840x2160", "2160x3840")) {
      Size size = Size.parse(s);
      for (String q : List.of("low", "medium", "high")) {
        long tokens = ImageSizes.documentedOutputTokens("gpt-image-2", size, q).get();
        Money expected = Money.usd(new java.math.BigDecimal(tokens * 30).movePointLeft(6));
        Money got = rule.estimate(Request.builder(Task.TEXT_TO_IMAGE).model("gpt-image-2").size(size).quality(q).build());
        assertEquals(expected, got, s + " " + q);
      }
    }
    // the fallback is the most any valid size yields: 2880x2880 (8,294,400 px, square)
    assertEquals(23719, ImageSizes.flexibleTokens(96, Size.of(2880, 2880)));
    assertEquals(5930, ImageSizes.flexibleTokens(48, Size.of(2880, 2880)));
    assertEquals(659, ImageSizes.flexibleTokens(16, Size.of(2880, 2880)));
  }

  @Test
  void actualCostIsComputedFromTokensByHand() {
    // the API reference's example usage (50 in: 10 text + 40 image; 50 out) on each rate card
    Usage u = Usage.builder().count(1).textInputTokens(10).imageInputTokens(40).imageOutputTokens(50).build();
    // gpt-image-2: 10x5 + 40x8 + 50x30 = 50 + 320 + 1500 = 1870 / 1M
    assertEquals(Money.usd("0.00187"), price("gpt-image-2").actual(u).amount().get());
    // cached rates: gpt-image-2 cached text $1.25, cached image $2: 1000x1.25 + 1000x2 = 3250 / 1M
    Usage cached = Usage.builder().count(1).cachedTextInputTokens(1000).cachedImageInputTokens(1000).build();
    assertEquals(Money.usd("0.00325"), price("gpt-image-2").actual(cached).amount().get());
  }

  @Test
  void theDocumentedDallE3OverrideParsesAndPricesTheSeedLine() throws Exception {
    Path doc = Path.of("../../docs/providers/openai.md");
    assumeTrue(Files.exists(doc), "the docs are beside the module in the repository");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int marker = text.indexOf("<!-- dall-e-3 override -->");
    assertTrue(marker >= 0, "the override snippet is marked in the docs");
    int start = text.indexOf("```json", marker) + "```json".length();
    String json = text.substring(start, text.indexOf("```", start));
    Catalog override = Catalog.parse(json, "dall-e-3 override");
    Offer d3 = override.offer("openai", "dall-e-3").orElseThrow();
    PriceRule rule = d3.price().orElseThrow();
    Request.Builder r = Request.builder(Task.TEXT_TO_IMAGE).model("dall-e-3").prompt(PROMPT);
    assertEquals(Money.usd("0.04"), rule.estimate(r.size(1024, 1024).quality("standard").build()));
    assertEquals(Money.usd("0.08"), rule.estimate(r.size(1024, 1792).quality("standard").build()));
    assertEquals(Money.usd("0.08"), rule.estimate(r.size(1792, 1024).quality("standard").build()));
    assertEquals(Money.usd("0.08"), rule.estimate(r.size(1024, 1024).quality("hd").build()));
    assertEquals(Money.usd("0.12"), rule.estimate(r.size(1024, 1792).quality("hd").build()));
    // an open quality is priced at standard, the default listed first
    assertEquals(Money.usd("0.04"), rule.estimate(Request.builder(Task.TEXT_TO_IMAGE).model("dall-e-3").prompt(PROMPT)
        .size(1024, 1024).build()));
    // layered over the bundled catalog it adds the line without touching the live offers
    Catalog merged = CATALOG.withOverrides(override);
    assertEquals(2, merged.size());
    assertFalse(merged.offers("gpt-image-2").isEmpty());
    assertEquals(Duration.ofSeconds(5), PriceRule.DEFAULT_DURATION);
  }
}
