package dev.unigen.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SelectorTest {
  private static String json(String s) {
    return s.replace('\'', '"');
  }

  private static String offer(String provider, String model, String tasks, String caps, String price) {
    return "{'provider':'" + provider + "','model':'" + model + "','endpoint':'" + provider + "/" + model + "',"
        + "'tasks':[" + tasks + "],'capabilities':{" + caps + "},"
        + (price == null ? "" : "'price':" + price + ",") + "'asOf':'2026-11-01','source':'test'}";
  }

  private static Catalog catalog(String... offers) {
    return Catalog.parse(json("{'format':1,'offers':[" + String.join(",", offers) + "]}"), "test.json");
  }

  private static final String T2I = "'text-to-image'";

  // Four ways to run FLUX.1 schnell, and one with no known price.
  private static final Catalog SCHNELL = catalog(
      offer("fal", "flux-schnell", T2I, "'sizes':{'min':256,'max':2048,'multipleOf':8},'defaultSize':'1024x768','maxCount':4",
          "{'kind':'per-megapixel','price':'0.003','rounding':'up'}"),
      offer("replicate", "flux-schnell", T2I, "'maxCount':4", "{'kind':'per-image','price':'0.003'}"),
      offer("together", "flux-schnell", T2I, "'sizes':{'multipleOf':8},'maxCount':4", "{'kind':'per-megapixel','price':'0.0027'}"),
      offer("runware", "flux-schnell", T2I, "'sizes':{'min':128,'max':2048,'multipleOf':64},'maxCount':20",
          "{'kind':'per-image','price':'0.0013'}"),
      offer("huggingface", "flux-schnell", T2I, "", null),
      offer("fal", "flux-dev", T2I, "", "{'kind':'per-megapixel','price':'0.025','rounding':'up'}"));

  private static Request.Builder schnell() {
    return Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("a red bicycle").size(1024, 1024);
  }

  private static List<String> providers(Plan plan) {
    return plan.quotes().stream().map(Quote::provider).collect(Collectors.toList());
  }

  private static Exclusion exclusion(Plan plan, String provider) {
    return plan.excluded().stream().filter(e -> e.offer().provider().equals(provider)).findFirst()
        .orElseThrow(() -> new AssertionError(provider + " not excluded in\n" + plan));
  }

  @Test
  void ranksCheapestFirstAndSaysWhyTheRestAreOut() {
    Plan plan = Selector.builder().catalog(SCHNELL).build().plan(schnell().build());
    // runware 0.0013; together 1.048576 x 0.0027 = 0.0028311552; replicate 0.003; fal 2 MP x 0.003 = 0.006
    assertEquals(List.of("runware", "together", "replicate", "fal"), providers(plan));
    assertEquals(Money.usd("0.0013"), plan.quotes().get(0).estimate().get());
    assertEquals(Money.usd("0.0028311552"), plan.quotes().get(1).estimate().get());
    assertEquals(Money.usd("0.006"), plan.quotes().get(3).estimate().get());
    assertEquals("per-megapixel", plan.quotes().get(3).rule());
    assertEquals(1, plan.excluded().size());
    assertEquals(Exclusion.Reason.UNPRICED, exclusion(plan, "huggingface").reason());
    assertEquals("runware", plan.best().get().provider());
  }

  @Test
  void usesTheOffersDefaultSizeWhenTheRequestHasNone() {
    Plan plan = Selector.builder().catalog(SCHNELL).build()
        .plan(Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build());
    Quote fal = plan.quotes().stream().filter(q -> q.provider().equals("fal")).findFirst().get();
    // fal's default landscape_4_3 is 1024 x 768 = 0.786432 MP -> 1 MP -> 0.003
    assertEquals(Money.usd("0.003"), fal.estimate().get());
  }

  @Test
  void capabilityExclusionsSayWhat() {
    Selector s = Selector.builder().catalog(SCHNELL).build();
    Plan odd = s.plan(schnell().size(1000, 1000).build());
    Exclusion runware = exclusion(odd, "runware");
    assertEquals(Exclusion.Reason.CAPABILITY_MISSING, runware.reason());
    assertEquals("size 1000x1000 is not a multiple of 64", runware.detail());

    Plan five = s.plan(schnell().count(5).build());
    assertEquals(List.of("runware"), providers(five));
    assertEquals("5 outputs asked, 4 allowed", exclusion(five, "fal").detail());
  }

  @Test
  void excludesAnOfferWhenMoreReferencesAreAskedThanItTakes() {
    Catalog c = catalog(
        offer("bfl", "flux-2-klein-4b", "'text-to-image','multi-reference'", "'maxReferences':4",
            "{'kind':'tiered-megapixel','firstMegapixel':1.4,'extraMegapixel':0.1,'megapixelBase':1048576,'creditValue':'0.01'}"),
        offer("fal", "flux-2-klein-4b", "'text-to-image','multi-reference'", "'maxReferences':8",
            "{'kind':'per-megapixel','price':'0.02','rounding':'up'}"));
    Request.Builder r = Request.builder(Task.MULTI_REFERENCE).model("flux-2-klein-4b").prompt("panel 3").size(1024, 1024);
    for (int i = 0; i < 5; i++) r.reference(Media.url("https://example.com/ref" + i + ".png"));
    Plan plan = Selector.builder().catalog(c).build().plan(r.build());
    assertEquals(List.of("fal"), providers(plan));
    Exclusion bfl = exclusion(plan, "bfl");
    assertEquals(Exclusion.Reason.CAPABILITY_MISSING, bfl.reason());
    assertEquals("5 reference images asked, 4 allowed", bfl.detail());
  }

  @Test
  void maxCostLeavesOutWhatCostsMore() {
    Plan plan = Selector.builder().catalog(SCHNELL).build().plan(schnell().maxCost(Money.usd("0.0028")).build());
    assertEquals(List.of("runware"), providers(plan));
    Exclusion together = exclusion(plan, "together");
    assertEquals(Exclusion.Reason.OVER_MAX_COST, together.reason());
    assertEquals("estimate 0.0028311552 USD is above maxCost 0.0028 USD", together.detail());
  }

  @Test
  void providersAllowedByTheRequestAndTheSelector() {
    Plan onlyFal = Selector.builder().catalog(SCHNELL).build().plan(schnell().allowProvider("fal").build());
    assertEquals(List.of("fal"), providers(onlyFal));
    assertEquals("runware is not allowed by the request", exclusion(onlyFal, "runware").detail());

    Plan configured = Selector.builder().catalog(SCHNELL).provider("fal").provider("together").build().plan(schnell().build());
    assertEquals(List.of("together", "fal"), providers(configured));
    assertEquals(Exclusion.Reason.PROVIDER_NOT_ALLOWED, exclusion(configured, "replicate").reason());
    assertEquals("replicate is not configured", exclusion(configured, "replicate").detail());
  }

  @Test
  void explicitProviderOrder() {
    Plan plan = Selector.builder().catalog(SCHNELL).strategy(Strategy.providerOrder("fal", "huggingface", "replicate"))
        .build().plan(schnell().build());
    assertEquals(List.of("fal", "huggingface", "replicate"), providers(plan));
    assertTrue(plan.quotes().get(1).estimate().isEmpty(), "an unpriced offer is usable when the order names it");
    assertEquals("unpriced", plan.quotes().get(1).rule());
    assertEquals(Exclusion.Reason.NOT_CHOSEN, exclusion(plan, "runware").reason());
    assertEquals(Exclusion.Reason.NOT_CHOSEN, exclusion(plan, "together").reason());
  }

  @Test
  void cheapestWithAPreferredProvider() {
    // Within 10 % of 0.0013 is 0.00143: replicate (0.003) is not close enough.
    Plan near = Selector.builder().catalog(SCHNELL)
        .strategy(Strategy.cheapestPreferring("replicate", new BigDecimal("0.10"))).build().plan(schnell().build());
    assertEquals(List.of("runware", "together", "replicate", "fal"), providers(near));
    // Within 150 % of 0.0013 is 0.00325: replicate moves to the front.
    Plan far = Selector.builder().catalog(SCHNELL)
        .strategy(Strategy.cheapestPreferring("replicate", new BigDecimal("1.5"))).build().plan(schnell().build());
    assertEquals(List.of("replicate", "runware", "together", "fal"), providers(far));
  }

  @Test
  void tiesAreBrokenByProviderNameWhateverTheCatalogOrder() {
    String price = "{'kind':'per-image','price':'0.003'}";
    Catalog ba = catalog(offer("beta", "m", T2I, "", price), offer("alpha", "m", T2I, "", price));
    Catalog ab = catalog(offer("alpha", "m", T2I, "", price), offer("beta", "m", T2I, "", price));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("m").build();
    assertEquals(List.of("alpha", "beta"), providers(Selector.builder().catalog(ba).build().plan(r)));
    assertEquals(List.of("alpha", "beta"), providers(Selector.builder().catalog(ab).build().plan(r)));
  }

  @Test
  void currenciesNeedARate() {
    Catalog c = catalog(offer("eu", "m", T2I, "", "{'kind':'per-image','price':'0.01','currency':'EUR'}"),
        offer("us", "m", T2I, "", "{'kind':'per-image','price':'0.0105'}"));
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("m").build();
    Plan noRate = Selector.builder().catalog(c).build().plan(r);
    assertEquals(List.of("us"), providers(noRate));
    assertEquals(Exclusion.Reason.CURRENCY, exclusion(noRate, "eu").reason());

    FxRates fx = FxRates.builder().rate("EUR", "USD", "1.10").scale(6).build();
    Plan withRate = Selector.builder().catalog(c).fxRates(fx).build().plan(r);
    // 0.01 EUR x 1.10 = 0.011 USD > 0.0105 USD
    assertEquals(List.of("us", "eu"), providers(withRate));
    assertEquals(Money.usd("0.011"), withRate.quotes().get(1).estimate().get());
  }

  @Test
  void subCentPricesSurviveConversion() {
    // 0.003 EUR x 1.10 = 0.0033 USD, not rounded to 0.00 by the rates' 2-place scale
    Catalog c = catalog(offer("eu", "m", T2I, "", "{'kind':'per-image','price':'0.003','currency':'EUR'}"),
        offer("us", "m", T2I, "", "{'kind':'per-image','price':'0.0031'}"));
    FxRates fx = FxRates.builder().rate("EUR", "USD", "1.10").build();
    Plan plan = Selector.builder().catalog(c).fxRates(fx).build().plan(Request.builder(Task.TEXT_TO_IMAGE).model("m").build());
    assertEquals(List.of("us", "eu"), providers(plan));
    assertEquals(0, new BigDecimal("0.0033").compareTo(plan.quotes().get(1).estimate().get().amount()));
  }

  @Test
  void aDurationTheRuleRejectsIsNotPriceable() {
    Catalog c = catalog(offer("fal", "clip-model", "'text-to-video'", "",
        "{'kind':'per-second','rates':[{'resolution':'1080p','price':'0.06'}],'durations':{'allowed':[6,8,10]}}"));
    Plan plan = Selector.builder().catalog(c).build().plan(Request.builder(Task.TEXT_TO_VIDEO).model("clip-model")
        .prompt("waves").duration(Duration.ofSeconds(5)).build());
    assertTrue(plan.isEmpty());
    Exclusion fal = exclusion(plan, "fal");
    assertEquals(Exclusion.Reason.NOT_PRICEABLE, fal.reason());
    assertEquals("duration 5 s is not allowed; allowed: 6, 8, 10 s", fal.detail());
  }

  @Test
  void aTaskTheOfferDoesNotServe() {
    Plan plan = Selector.builder().catalog(SCHNELL).build()
        .plan(Request.builder(Task.IMAGE_TO_IMAGE).model("flux-dev").image(Media.url("https://example.com/a.png")).build());
    assertEquals(Exclusion.Reason.TASK_NOT_OFFERED, exclusion(plan, "fal").reason());
    assertEquals("image-to-image not offered", exclusion(plan, "fal").detail());
  }

  @Test
  void withoutAModelTheCheapestCapableOfferOfAnyModelWins() {
    Plan plan = Selector.builder().catalog(SCHNELL).build()
        .plan(Request.builder(Task.TEXT_TO_IMAGE).prompt("x").size(1024, 1024).build());
    assertEquals("runware", plan.best().get().provider());
    // flux-dev on fal: 2 MP x 0.025 = 0.05, the most expensive
    assertEquals("flux-dev", plan.quotes().get(plan.quotes().size() - 1).offer().model());
  }

  @Test
  void anUnknownModelGivesAnEmptyPlan() {
    Plan plan = Selector.builder().catalog(SCHNELL).build()
        .plan(Request.builder(Task.TEXT_TO_IMAGE).model("no-such-model").build());
    assertTrue(plan.isEmpty());
    assertTrue(plan.excluded().isEmpty());
  }

  @Test
  void aCustomStrategy() {
    // Most expensive first: a strategy is a plain function.
    Strategy dearest = candidates -> {
      List<Quote> sorted = new java.util.ArrayList<>(candidates);
      sorted.sort((a, b) -> b.estimate().get().compareTo(a.estimate().get()));
      return sorted;
    };
    Plan plan = Selector.builder().catalog(SCHNELL).strategy(dearest).build().plan(schnell().build());
    assertEquals(List.of("fal", "replicate", "together", "runware"), providers(plan));
  }

  @Test
  void aRetiredOfferIsLeftOutWithTheDayAndTheSourceFromThatDayOn() {
    Catalog c = Catalog.parse(json("{'format':1,'offers':[" + offer("openai", "gpt-image-2", T2I, "", "{'kind':'per-image','price':'0.04'}")
        .replace("'asOf'", "'retires':{'date':'2026-12-01','source':'https://platform.openai.com/docs/deprecations'},'asOf'")
        + "," + offer("fal", "gpt-image-2", T2I, "", "{'kind':'per-image','price':'0.05'}") + "]}"), "test.json");
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("gpt-image-2").prompt("a red bicycle").build();
    java.time.ZoneId utc = java.time.ZoneOffset.UTC;
    Selector before = Selector.builder().catalog(c).clock(java.time.Clock.fixed(java.time.Instant.parse("2026-11-30T23:59:59Z"), utc)).build();
    assertEquals(List.of("openai", "fal"), providers(before.plan(r)));

    Selector on = before.toBuilder().clock(java.time.Clock.fixed(java.time.Instant.parse("2026-12-01T00:00:00Z"), utc)).build();
    Plan plan = on.plan(r);
    assertEquals(List.of("fal"), providers(plan));
    Exclusion e = exclusion(plan, "openai");
    assertEquals(Exclusion.Reason.RETIRED, e.reason());
    assertEquals("retired on 2026-12-01 (https://platform.openai.com/docs/deprecations)", e.detail());
  }

  @Test
  void aThirdPartyPriceSaysSoInTheQuote() {
    Catalog c = Catalog.parse(json("{'format':1,'offers':[" + offer("wavespeed", "flux-dev", T2I, "", "{'kind':'per-image','price':'0.012'}")
        .replace("'asOf'", "'confidence':'third-party','asOf'") + "]}"), "test.json");
    Plan plan = Selector.builder().catalog(c).build().plan(Request.builder(Task.TEXT_TO_IMAGE).model("flux-dev").prompt("x").build());
    assertEquals(dev.unigen.catalog.Offer.Confidence.THIRD_PARTY, plan.best().get().offer().confidence());
    assertTrue(plan.best().get().toString().endsWith("(per-image, third-party price)"), plan.best().get().toString());
  }
}
