package dev.unigen.provider.bfl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import dev.unigen.routing.Selector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled catalog: every offer priced, estimates worked out by hand, reference limits enforced. */
class BflCatalogTest {
  private final Catalog catalog = Catalog.ofModule(BflProvider.class);

  private Money estimate(String model, Request.Builder r) {
    Offer offer = catalog.offer("bfl", model).orElseThrow();
    Request request = r.model(model).build();
    PriceRule rule = offer.price().orElseThrow();
    return rule.estimate(request, offer.capabilities().defaultSize().orElse(PriceRule.DEFAULT_SIZE),
        PriceRule.DEFAULT_DURATION);
  }

  private static Request.Builder image(int w, int h) {
    return Request.builder(Task.TEXT_TO_IMAGE).prompt("x").size(w, h);
  }

  private static Request.Builder references(int n, Size size) {
    Request.Builder r = Request.builder(Task.MULTI_REFERENCE).prompt("x").size(1024, 1024);
    for (int i = 0; i < n; i++) {
      Media m = Media.url("https://example.com/" + i + ".png");
      r.reference(size == null ? m : m.withSize(size.width(), size.height()));
    }
    return r;
  }

  @Test
  void everyOfferIsBflsPricedDatedAndSourced() {
    assertEquals(Set.of("flux-2-pro", "flux-2-max", "flux-2-flex", "flux-2-klein-4b", "flux-2-klein-9b", "flux-pro-1.1",
        "flux-pro-1.1-ultra", "flux-kontext-pro", "flux-kontext-max", "flux-fill-pro"), catalog.models());
    for (Offer o : catalog.offers()) {
      assertEquals("bfl", o.provider());
      assertTrue(o.price().isPresent(), o.key() + " is priced");
      assertTrue(o.source().startsWith("https://"), o.key());
      assertEquals("USD", o.price().get().currency().getCurrencyCode());
      // Every endpoint maps to a request shape submit() knows; none falls back to the generic one.
      assertTrue(Family.of(o.endpoint()) != Family.GENERIC, o.endpoint());
    }
    assertEquals(Map.of("flux-2-pro", 8, "flux-2-max", 8, "flux-2-flex", 8, "flux-2-klein-4b", 4, "flux-2-klein-9b", 4,
        "flux-kontext-pro", 4, "flux-kontext-max", 4),
        catalog.offers().stream().filter(o -> o.capabilities().maxReferences() > 0)
            .collect(Collectors.toMap(Offer::model, o -> o.capabilities().maxReferences())));
  }

  @Test
  void flux2EstimatesFollowTheFirstMegapixelPlusExtraPlusInputRule() {
    // 1024×1024 = 1 MP on 2^20: 3 credits × $0.01.
    assertEquals(Money.usd("0.03"), estimate("flux-2-pro", image(1024, 1024)));
    // One reference of unstated size counts as an output-sized 1 MP input: 3 + 1 × 1.5 = 4.5 credits.
    assertEquals(Money.usd("0.045"), estimate("flux-2-pro", references(1, null)));
    // 1024×768 = 0.75 MP, under one megapixel, still pays the first: 7 credits.
    assertEquals(Money.usd("0.07"), estimate("flux-2-max", image(1024, 768)));
    // 2048×1024 = 2 MP: 5 + (2 − 1) × 5 = 10 credits.
    assertEquals(Money.usd("0.10"), estimate("flux-2-flex", image(2048, 1024)));
    // Two 512×512 references are 0.25 MP each: 1.4 + 0.5 × 0.1 = 1.45 credits.
    assertEquals(Money.usd("0.0145"), estimate("flux-2-klein-4b", references(2, Size.of(512, 512))));
    // Four 1 MP references: 1.5 + 4 × 0.2 = 2.3 credits.
    assertEquals(Money.usd("0.023"), estimate("flux-2-klein-9b", references(4, null)));
  }

  @Test
  void flux1PricesAreFlatPerImage() {
    assertEquals(Money.usd("0.04"), estimate("flux-pro-1.1", image(1024, 768)));
    assertEquals(Money.usd("0.06"), estimate("flux-pro-1.1-ultra", Request.builder(Task.TEXT_TO_IMAGE).prompt("x")));
    assertEquals(Money.usd("0.04"), estimate("flux-kontext-pro", references(3, null)));
    assertEquals(Money.usd("0.08"), estimate("flux-kontext-max", references(1, null)));
    assertEquals(Money.usd("0.05"), estimate("flux-fill-pro", Request.builder(Task.INPAINT).prompt("x")
        .image(Media.url("https://example.com/a.png")).mask(Media.url("https://example.com/m.png"))));
  }

  @Test
  void theSelectorExcludesKleinAndKontextWhenFiveReferencesAreAsked() {
    Selector selector = Selector.builder().catalog(catalog).build();
    Plan five = selector.plan(references(5, null).build());
    Map<String, Exclusion> excluded = five.excluded().stream()
        .filter(e -> e.reason() == Exclusion.Reason.CAPABILITY_MISSING)
        .collect(Collectors.toMap(e -> e.offer().model(), e -> e));
    assertEquals(Set.of("flux-2-klein-4b", "flux-2-klein-9b", "flux-kontext-pro", "flux-kontext-max"), excluded.keySet());
    assertEquals("5 reference images asked, 4 allowed", excluded.get("flux-2-klein-4b").detail());
    // The rest are ranked cheapest first; by hand: pro 3 + 5 × 1.5 = 10.5, max 7 + 5 × 3 = 22, flex 5 + 5 × 5 = 30 credits.
    List<String> ranked = five.quotes().stream().map(q -> q.offer().model() + " " + q.estimate().orElseThrow())
        .collect(Collectors.toList());
    assertEquals(List.of("flux-2-pro 0.105 USD", "flux-2-max 0.22 USD", "flux-2-flex 0.30 USD"), ranked);

    // With four references klein serves, and is the cheapest: 1.4 + 4 × 0.1 = 1.8 credits.
    Quote best = selector.plan(references(4, null).build()).best().orElseThrow();
    assertEquals("flux-2-klein-4b", best.offer().model());
    assertEquals(Money.usd("0.018"), best.estimate().orElseThrow());
  }

  @Test
  void sizesOutsideAnEndpointsRangeAreExcludedBeforeAnyCall() {
    Selector selector = Selector.builder().catalog(catalog).build();
    Plan odd = selector.plan(image(1000, 1000).model("flux-2-pro").build());
    assertEquals("size 1000x1000 is not a multiple of 16", odd.excluded().get(0).detail());
    Plan big = selector.plan(image(2048, 2064).model("flux-2-pro").build());
    assertTrue(big.excluded().get(0).detail().contains("above 4.194304 MP"), big.excluded().get(0).detail());
    Plan pro11 = selector.plan(image(1536, 1024).model("flux-pro-1.1").build());
    assertTrue(pro11.excluded().get(0).detail().contains("above the maximum side of 1440"));
  }

  @Test
  void kontextMaxHoldsItsOwnSixTasksAndEveryOtherOfferTheAccounts24() {
    for (Offer o : catalog.offers()) {
      Offer.RateLimit limit = o.rateLimit().orElseThrow();
      boolean max = o.model().equals("flux-kontext-max");
      assertEquals(max ? 6 : 24, limit.concurrent().getAsInt(), o.key());
      assertEquals(!max, limit.sharedByProvider(), o.key());
      assertTrue(limit.requestsPerSecond().isEmpty(), o.key());
    }
  }
}
