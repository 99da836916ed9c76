package dev.unigen.provider.huggingface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Subscription;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled catalog: what is offered, on which route, at what price, worked out by hand. */
class CatalogTest {
  private final Catalog catalog = Catalog.ofModule(HuggingFaceProvider.class);

  private Offer offer(String model) {
    return catalog.offer("huggingface", model).orElseThrow();
  }

  private static Money estimate(Offer o, Request r) {
    return o.price().orElseThrow().estimate(r, o.capabilities().defaultSize().orElse(PriceRule.DEFAULT_SIZE),
        PriceRule.DEFAULT_DURATION);
  }

  private static Request request(String model) {
    return Request.builder(Task.TEXT_TO_IMAGE).model(model).prompt("a red bicycle in the rain").build();
  }

  @Test
  void oneOfferPerModelEachOnARouteTheProviderSpeaks() {
    assertEquals(Set.of("huggingface"), catalog.providers());
    assertEquals(Set.of("flux-schnell", "flux-dev", "sdxl", "sd-3.5-large"), catalog.models());
    for (Offer o : catalog.offers()) {
      assertEquals(Set.of(Task.TEXT_TO_IMAGE), o.tasks(), o.key());
      Endpoint ep = Endpoint.parse(o.endpoint()); // every offer is servable: its route is known
      assertTrue(Set.of(Route.HF_INFERENCE, Route.FAL_AI).contains(ep.route()), o.key());
      assertEquals(LocalDate.of(2026, 12, 6), o.asOf(), o.key());
      assertTrue(o.source().startsWith("https://"), o.key());
    }
    assertEquals("fal-ai:fal-ai/flux/schnell", offer("flux-schnell").endpoint());
    assertEquals("fal-ai:fal-ai/flux/dev", offer("flux-dev").endpoint());
    assertEquals("hf-inference:stabilityai/stable-diffusion-xl-base-1.0", offer("sdxl").endpoint());
    assertEquals("fal-ai:fal-ai/stable-diffusion-v35-large", offer("sd-3.5-large").endpoint());
  }

  @Test
  void theFalRoutesArePricedAtFalsOwnRateAndTheRestLeftUnpriced() {
    List<String> unpriced = catalog.offers().stream().filter(o -> o.price().isEmpty()).map(Offer::model)
        .sorted().collect(Collectors.toList());
    assertEquals(List.of("sd-3.5-large", "sdxl"), unpriced);
    assertTrue(offer("sd-3.5-large").notes().orElseThrow().contains("unpriced on purpose"));
    assertTrue(offer("sdxl").notes().orElseThrow().startsWith("Unpriced"));
    for (String model : List.of("flux-schnell", "flux-dev")) {
      assertEquals("per-megapixel", offer(model).price().orElseThrow().kind());
      assertEquals(4, offer(model).capabilities().maxCount(), "fal's num_images goes up to 4");
    }
    assertEquals(1, offer("sdxl").capabilities().maxCount(), "hf-inference returns one image per call");
  }

  @Test
  void estimatesWorkedOutByHandFollowTheSize() {
    // flux-schnell with no size: fal's default 1024x768 = 786,432 px = 0.75 MP of 2^20, up to 1 MP x $0.003
    assertEquals(0, new BigDecimal("0.003").compareTo(estimate(offer("flux-schnell"), request("flux-schnell")).amount()));
    // flux-dev with no size: the same 1 MP x $0.025
    assertEquals(0, new BigDecimal("0.025").compareTo(estimate(offer("flux-dev"), request("flux-dev")).amount()));
    // 64x64 = 4,096 px, still rounded up to 1 MP: $0.003
    assertEquals(0, new BigDecimal("0.003").compareTo(estimate(offer("flux-schnell"), sized("flux-schnell", 64, 64)).amount()));
    // 2048x2048 = 4,194,304 px = exactly 4 MP x $0.003 = $0.012
    assertEquals(0, new BigDecimal("0.012").compareTo(estimate(offer("flux-schnell"), sized("flux-schnell", 2048, 2048)).amount()));
    // 8192x8192 = 67,108,864 px = 64 MP x $0.003 = $0.192
    assertEquals(0, new BigDecimal("0.192").compareTo(estimate(offer("flux-schnell"), sized("flux-schnell", 8192, 8192)).amount()));
    // flux-dev at 1536x1024 = 1,572,864 px = 1.5 MP, up to 2 MP x $0.025 = $0.05
    assertEquals(0, new BigDecimal("0.05").compareTo(estimate(offer("flux-dev"), sized("flux-dev", 1536, 1024)).amount()));
  }

  @Test
  void everyOfferBoundsItsSizes() {
    assertTrue(offer("flux-schnell").capabilities().whyNot(sized("flux-schnell", 14142, 14142)).isEmpty());
    assertTrue(offer("flux-schnell").capabilities().whyNot(sized("flux-schnell", 14143, 1024)).isPresent());
    assertTrue(offer("sdxl").capabilities().whyNot(sized("sdxl", 1344, 768)).isEmpty());
    assertTrue(offer("sdxl").capabilities().whyNot(sized("sdxl", 2048, 2048)).isPresent());
    assertTrue(offer("sd-3.5-large").capabilities().whyNot(sized("sd-3.5-large", 20000, 1024)).isPresent());
  }

  @Test
  void theActualCostIsComputedFromTheImagesMade() {
    // two 1024x1024 images = 2 x 1 MP x $0.025 = $0.05
    Usage u = Usage.builder().image(1024, 1024).image(1024, 1024).build();
    Charge c = offer("flux-dev").price().orElseThrow().actual(u);
    assertEquals(CostBasis.COMPUTED, c.basis());
    assertEquals(0, new BigDecimal("0.05").compareTo(c.amount().orElseThrow().amount()));
  }

  @Test
  void thePlanDefaultsAndTheProPlan() {
    assertEquals(Size.of(1024, 768), offer("flux-dev").capabilities().defaultSize().orElseThrow());
    Subscription pro = catalog.subscriptions().get(0);
    assertEquals("huggingface", pro.provider());
    assertEquals("pro", pro.name());
    assertEquals(Money.usd("9"), pro.monthlyFee());
    assertEquals(Money.usd("2"), pro.includedCredit());
    assertEquals("2026-12-06", pro.asOf());
    assertTrue(pro.source().contains("https://huggingface.co/docs/inference-providers/pricing"));
  }

  private static Request sized(String model, int width, int height) {
    return Request.builder(Task.TEXT_TO_IMAGE).model(model).prompt("x").size(width, height).build();
  }
}
