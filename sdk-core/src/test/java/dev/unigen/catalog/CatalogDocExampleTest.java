package dev.unigen.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.PricingException;
import dev.unigen.pricing.Subscription;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Selector;
import dev.unigen.routing.Strategy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The full example of {@code docs/catalog.md} parses, and quotes what the page says it quotes.
 * Every expected amount is worked out by hand in the comments (and in the page's tables).
 */
class CatalogDocExampleTest {
  private static final Path DOC = Path.of("..", "docs", "catalog.md");
  private static Catalog catalog;
  private static Selector selector;

  @BeforeAll
  static void parseTheExample() throws IOException {
    catalog = Catalog.parse(fullExample(Files.readString(DOC, StandardCharsets.UTF_8)), "docs/catalog.md");
    selector = Selector.builder().catalog(catalog).strategy(Strategy.cheapest()).build();
  }

  /** The first ```json block after the heading that contains "Full example". */
  static String fullExample(String markdown) {
    List<String> lines = markdown.lines().toList();
    int i = 0;
    while (i < lines.size() && !(lines.get(i).startsWith("#") && lines.get(i).contains("Full example"))) i++;
    if (i == lines.size()) throw new AssertionError("no heading containing 'Full example' in " + DOC);
    while (i < lines.size() && !lines.get(i).strip().equals("```json")) i++;
    if (i == lines.size()) throw new AssertionError("no ```json block after the 'Full example' heading");
    StringBuilder json = new StringBuilder();
    for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) json.append(lines.get(i)).append('\n');
    if (i == lines.size()) throw new AssertionError("the 'Full example' json block is not closed");
    return json.toString();
  }

  private static Money estimate(String provider, String model, Request r) {
    Plan plan = selector.plan(r);
    return plan.quotes().stream().filter(q -> q.provider().equals(provider)).findFirst()
        .orElseThrow(() -> new AssertionError(provider + "/" + model + " not quoted: " + plan))
        .estimate().get();
  }

  private static Exclusion exclusion(Plan plan, String provider) {
    return plan.excluded().stream().filter(e -> e.offer().provider().equals(provider)).findFirst()
        .orElseThrow(() -> new AssertionError(provider + " not excluded: " + plan));
  }

  private static Request.Builder image(String model) {
    return Request.builder(Task.TEXT_TO_IMAGE).model(model);
  }

  private static Request.Builder video(Task task, String model, long seconds) {
    return Request.builder(task).model(model).duration(Duration.ofSeconds(seconds));
  }

  @Test
  void containsTheDocumentedOffersAndSubscription() {
    assertEquals(9, catalog.size());
    assertEquals(Set.of("bfl", "fal", "openai", "replicate", "together"), catalog.providers());
    assertEquals(Set.of("flux-schnell", "flux-2-pro", "veo-3.1", "wan-2.5", "kling-2.1-pro", "gpt-image-2", "sdxl"),
        catalog.models());
    // The document's "provider": "fal" applies to offers that name none.
    assertEquals("fal-ai/flux/schnell", catalog.offer("fal", "flux-schnell").get().endpoint());
    Offer wan = catalog.offer("fal", "wan-2.5").get();
    assertEquals("fal-ai/wan-25-preview/image-to-video", wan.endpoint(Task.IMAGE_TO_VIDEO));
    assertEquals("fal-ai/wan-25-preview/text-to-video", wan.endpoint(Task.TEXT_TO_VIDEO));
    assertTrue(catalog.offer("together", "flux-schnell").get().price().isEmpty());
    assertTrue(catalog.offer("fal", "flux-schnell").get().price().get().failureBilling().rejectedInput());
    assertTrue(catalog.offer("replicate", "sdxl").get().price().get().failureBilling().canceledAfterStart());

    Subscription pro = catalog.subscriptions().get(0);
    assertEquals("huggingface", pro.provider());
    assertEquals("pro", pro.name());
    assertEquals(Money.usd("9"), pro.monthlyFee());
    assertEquals(Money.usd("2"), pro.includedCredit());
  }

  @Test
  void falRoundsFluxSchnellUpToWholeMegapixels() {
    // 1024 x 1024 = 1,048,576 px = 1.048576 MP on a 10^6 base -> 2 MP x 0.003 = 0.006
    assertEquals(Money.usd("0.006"), estimate("fal", "flux-schnell", image("flux-schnell").size(1024, 1024).build()));
    // No size: the offer's default 1024 x 768 = 0.786432 MP -> 1 MP x 0.003 = 0.003
    assertEquals(Money.usd("0.003"), estimate("fal", "flux-schnell", image("flux-schnell").build()));
  }

  @Test
  void cheapestRanksReplicateFirstForTwoSchnellImages() {
    Plan plan = selector.plan(image("flux-schnell").size(1024, 1024).count(2).build());
    // replicate: 2 x 0.003 = 0.006; fal: 2 x (2 MP x 0.003) = 0.012
    assertEquals(2, plan.quotes().size());
    assertEquals("replicate", plan.quotes().get(0).provider());
    assertEquals(Money.usd("0.006"), plan.quotes().get(0).estimate().get());
    assertEquals("fal", plan.quotes().get(1).provider());
    assertEquals(Money.usd("0.012"), plan.quotes().get(1).estimate().get());
    // together states no capabilities, so it makes one image per call
    assertEquals(Exclusion.Reason.CAPABILITY_MISSING, exclusion(plan, "together").reason());
  }

  @Test
  void anOfferWithoutAPriceIsUnpricedNotFree() {
    Plan plan = selector.plan(image("flux-schnell").size(1024, 1024).build());
    assertEquals(Exclusion.Reason.UNPRICED, exclusion(plan, "together").reason());
  }

  @Test
  void bflFlux2ProCountsCreditsAndInputMegapixels() {
    // 1024 x 1024 on 2^20 = 1 MP -> 3 credits x 0.01 = 0.03
    assertEquals(Money.usd("0.03"), estimate("bfl", "flux-2-pro", image("flux-2-pro").size(1024, 1024).build()));
    // one reference of unstated size counts as 1 output-sized MP: 3 + 1 x 1.5 = 4.5 credits = 0.045
    Request edit = Request.builder(Task.MULTI_REFERENCE).model("flux-2-pro").size(1024, 1024)
        .reference(Media.url("https://example.com/character.png")).build();
    assertEquals(Money.usd("0.045"), estimate("bfl", "flux-2-pro", edit));
  }

  @Test
  void veo31ChargesAudioAsItsOwnRate() {
    // 8 s x 0.40 with audio = 3.20; 8 s x 0.20 without = 1.60
    assertEquals(Money.usd("3.20"), estimate("fal", "veo-3.1", video(Task.TEXT_TO_VIDEO, "veo-3.1", 8).audio(true).build()));
    assertEquals(Money.usd("1.60"), estimate("fal", "veo-3.1", video(Task.TEXT_TO_VIDEO, "veo-3.1", 8).build()));
  }

  @Test
  void wan25PricesByResolutionAndAllowsOnlyFiveOrTenSeconds() {
    // 10 s x 0.15 at 1080p = 1.50
    assertEquals(Money.usd("1.50"),
        estimate("fal", "wan-2.5", video(Task.TEXT_TO_VIDEO, "wan-2.5", 10).resolution("1080p").build()));
    // no duration: the offer's default 5 s x 0.10 at 720p = 0.50
    assertEquals(Money.usd("0.50"), estimate("fal", "wan-2.5",
        Request.builder(Task.IMAGE_TO_VIDEO).model("wan-2.5").resolution("720p").build()));
    // 7 s: the capabilities exclude it before pricing, and the rule alone refuses it too
    Request seven = video(Task.TEXT_TO_VIDEO, "wan-2.5", 7).resolution("720p").build();
    Plan plan = selector.plan(seven);
    assertTrue(plan.isEmpty());
    assertEquals(Exclusion.Reason.CAPABILITY_MISSING, exclusion(plan, "fal").reason());
    PriceRule rule = catalog.offer("fal", "wan-2.5").get().price().get();
    assertThrows(PricingException.class, () -> rule.estimate(seven));
  }

  @Test
  void kling21ProIsABaseClipPlusExtraSeconds() {
    // 0.49 + (10 - 5) x 0.098 = 0.98
    assertEquals(Money.usd("0.98"),
        estimate("fal", "kling-2.1-pro", video(Task.IMAGE_TO_VIDEO, "kling-2.1-pro", 10).build()));
  }

  @Test
  void gptImage2IsPricedByTokens() {
    // 7,024 output tokens x $30 / 10^6 = 0.21072; no prompt, no text tokens
    assertEquals(Money.usd("0.21072"),
        estimate("openai", "gpt-image-2", image("gpt-image-2").size(1024, 1024).quality("high").build()));
    // "a red bicycle in the rain" = 25 chars -> 7 tokens x $5 / 10^6 = 0.000035;
    // 1,372 tokens x $30 / 10^6 = 0.04116; total 0.041195
    assertEquals(Money.usd("0.041195"), estimate("openai", "gpt-image-2",
        image("gpt-image-2").prompt("a red bicycle in the rain").size(1536, 1024).quality("medium").build()));
  }

  @Test
  void replicateSdxlIsPricedByComputeSeconds() {
    // estimate: 4 s x 0.000975 = 0.0039
    assertEquals(Money.usd("0.0039"), estimate("replicate", "sdxl", image("sdxl").build()));
    // actual: predict_time 3.804 s x 0.000975 = 0.0037089
    Charge c = catalog.offer("replicate", "sdxl").get().price().get()
        .actual(Usage.builder().image(1024, 1024).computeSeconds(new BigDecimal("3.804")).hardware("L40S").build());
    assertEquals(CostBasis.COMPUTED, c.basis());
    assertEquals(Money.usd("0.0037089"), c.amount().get());
  }

  @Test
  void actualCostsPreferWhatTheProviderReports() {
    PriceRule schnell = catalog.offer("fal", "flux-schnell").get().price().get();
    // two billable units x 0.003 = 0.006, reported
    Charge billed = schnell.actual(Usage.builder().image(1024, 1024).billedUnits(new BigDecimal("2")).build());
    assertEquals(CostBasis.REPORTED, billed.basis());
    assertEquals(Money.usd("0.006"), billed.amount().get());
    // nothing reported: computed from the produced size, 2 MP x 0.003 = 0.006
    Charge computed = schnell.actual(Usage.builder().image(1024, 1024).build());
    assertEquals(CostBasis.COMPUTED, computed.basis());
    assertEquals(Money.usd("0.006"), computed.amount().get());

    // BFL's cost of 4.5 credits, converted by the provider to $0.045, is taken as it is
    PriceRule flux2 = catalog.offer("bfl", "flux-2-pro").get().price().get();
    Charge reported = flux2.actual(Usage.builder().image(1024, 1024).reportedCost(Money.usd("0.045")).build());
    assertEquals(CostBasis.REPORTED, reported.basis());
    assertEquals(Money.usd("0.045"), reported.amount().get());
    assertFalse(flux2.unitPrice().isPresent());
  }
}
