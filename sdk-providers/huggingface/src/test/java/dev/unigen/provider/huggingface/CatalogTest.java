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
      assertTrue(o.asOf().isBefore(LocalDate.of(2026, 11, 24)), o.key());
      assertFalse(o.source().isBlank());
    }
    assertEquals("hf-inference:black-forest-labs/FLUX.1-schnell", offer("flux-schnell").endpoint());
    assertEquals("hf-inference:black-forest-labs/FLUX.1-dev", offer("flux-dev").endpoint());
    assertEquals("hf-inference:stabilityai/stable-diffusion-xl-base-1.0", offer("sdxl").endpoint());
    assertEquals("fal-ai:fal-ai/stable-diffusion-v35-large", offer("sd-3.5-large").endpoint());
  }

  @Test
  void everyOfferIsPricedExceptTheOneLeftUnpricedOnPurpose() {
    List<String> unpriced = catalog.offers().stream().filter(o -> o.price().isEmpty()).map(Offer::model)
        .collect(Collectors.toList());
    assertEquals(List.of("sd-3.5-large"), unpriced);
    assertTrue(offer("sd-3.5-large").notes().orElseThrow().contains("unpriced on purpose"));
    for (String model : List.of("flux-schnell", "flux-dev", "sdxl")) {
      assertEquals("compute-seconds", offer(model).price().orElseThrow().kind());
      assertEquals(1, offer(model).capabilities().maxCount(), "hf-inference returns one image per call");
    }
  }

  @Test
  void estimatesWorkedOutByHand() {
    // flux-schnell: expectedSeconds 5 x $0.00012/s = $0.0006
    assertEquals(0, new BigDecimal("0.0006").compareTo(estimate(offer("flux-schnell"), request("flux-schnell")).amount()));
    // flux-dev: 10 s x $0.00012/s = $0.0012, HF's own pricing-page example
    assertEquals(0, new BigDecimal("0.0012").compareTo(estimate(offer("flux-dev"), request("flux-dev")).amount()));
    // sdxl: 5 s x $0.00012/s = $0.0006
    assertEquals(0, new BigDecimal("0.0006").compareTo(estimate(offer("sdxl"), request("sdxl")).amount()));
    // The size does not change a compute-seconds estimate: 2048x2048 is still 5 s x $0.00012
    Request big = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").size(2048, 2048).build();
    assertEquals(0, new BigDecimal("0.0006").compareTo(estimate(offer("flux-schnell"), big).amount()));
  }

  @Test
  void theActualCostIsComputedFromTheMeasuredSeconds() {
    // 2.5 s measured x $0.00012/s = $0.0003
    Usage u = Usage.builder().image(1024, 1024).computeSeconds(new BigDecimal("2.500")).build();
    Charge c = offer("flux-dev").price().orElseThrow().actual(u);
    assertEquals(CostBasis.COMPUTED, c.basis());
    assertEquals(0, new BigDecimal("0.0003").compareTo(c.amount().orElseThrow().amount()));
  }

  @Test
  void thePlanDefaultsAndTheProPlan() {
    assertEquals(Size.of(1024, 1024), offer("flux-dev").capabilities().defaultSize().orElseThrow());
    Subscription pro = catalog.subscriptions().get(0);
    assertEquals("huggingface", pro.provider());
    assertEquals("pro", pro.name());
    assertEquals(Money.usd("9"), pro.monthlyFee());
    assertEquals(Money.usd("2"), pro.includedCredit());
    assertEquals("2026-08-21", pro.asOf());
    assertTrue(pro.source().contains("hub-docs"));
  }
}
