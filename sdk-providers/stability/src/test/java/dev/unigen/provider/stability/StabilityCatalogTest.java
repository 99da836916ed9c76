package dev.unigen.provider.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Capabilities;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Usage;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.testkit.TestMedia;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled catalog: every offer priced in credits, servable, and estimated as worked out by hand. */
class StabilityCatalogTest {
  private final Catalog catalog = StabilityProvider.builder().apiKey(Fixtures.KEY)
      .build(Fixtures.context(Map.of(), Clock.systemUTC())).catalog();

  private Money estimate(String model, Task task) {
    Offer o = catalog.offer("stability", model).orElseThrow();
    Request.Builder r = Request.builder(task).model(model).prompt("x");
    Media img = Media.bytes(TestMedia.png(8, 8), "image/png");
    if (task != Task.TEXT_TO_IMAGE && task != Task.MULTI_REFERENCE) r.image(img);
    if (task == Task.MULTI_REFERENCE) r.reference(img);
    return o.price().get().estimate(r.build(), o.capabilities().defaultSize().orElse(PriceRule.DEFAULT_SIZE),
        PriceRule.DEFAULT_DURATION);
  }

  @Test
  void servesTheExpectedModels() {
    assertEquals(Set.of("stability"), catalog.providers());
    assertEquals(new TreeSet<>(List.of("stable-image-ultra", "stable-image-core", "sd-3.5-large", "sd-3.5-large-turbo",
        "sd-3.5-medium", "stability-inpaint", "stability-remove-background", "stability-upscale-fast",
        "stability-upscale-conservative", "stability-upscale-creative", "stability-control-sketch",
        "stability-control-structure", "stability-control-style")), new TreeSet<>(catalog.models()));
    Set<Task> tasks = catalog.offers().stream().flatMap(o -> o.tasks().stream()).collect(Collectors.toCollection(() -> EnumSet.noneOf(Task.class)));
    assertEquals(EnumSet.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE, Task.INPAINT, Task.MULTI_REFERENCE, Task.UPSCALE,
        Task.REMOVE_BACKGROUND), tasks);
  }

  @Test
  void everyOfferIsPricedInCreditsAndNeverBilledWhenItFails() {
    for (Offer o : catalog.offers()) {
      PriceRule rule = o.price().orElseThrow(() -> new AssertionError(o.key() + " is unpriced"));
      assertEquals("per-image", rule.kind(), o.key());
      assertEquals(Money.usd("0.01"), rule.creditValue().get(), o.key());
      assertFalse(rule.failureBilling().providerError(), o.key());
      assertFalse(rule.failureBilling().rejectedInput(), o.key());
      assertFalse(rule.failureBilling().canceledAfterStart(), o.key());
      assertTrue(o.asOf().equals(LocalDate.of(2026, 11, 23)) || o.asOf().equals(LocalDate.of(2025, 8, 1)), o.key());
      assertTrue(o.source().startsWith("https://"), o.key());
    }
  }

  @Test
  void everyEndpointIsADocumentedPathForEveryTask() {
    for (Offer o : catalog.offers()) {
      for (Task t : o.tasks()) {
        Endpoint e = Endpoint.parse(o.endpoint(t));
        assertTrue(e.documented(), o.key() + " " + e);
        assertTrue(e.path().startsWith("/v2beta/stable-image/"), o.key());
      }
    }
    Endpoint sd3 = Endpoint.parse(catalog.offer("stability", "sd-3.5-large-turbo").get().endpoint());
    assertEquals("/v2beta/stable-image/generate/sd3", sd3.path());
    assertEquals(Map.of("model", "sd3.5-large-turbo"), sd3.fixedFields());
    assertTrue(Endpoint.parse(catalog.offer("stability", "stability-upscale-creative").get().endpoint()).async());
    assertFalse(Endpoint.parse(catalog.offer("stability", "stability-upscale-conservative").get().endpoint()).async());
  }

  @Test
  void estimatesWorkedOutByHand() {
    // credits x $0.01 per credit, one image per call
    assertEquals(Money.usd("0.08"), estimate("stable-image-ultra", Task.TEXT_TO_IMAGE));        // 8 credits
    assertEquals(Money.usd("0.08"), estimate("stable-image-ultra", Task.IMAGE_TO_IMAGE));       // 8 credits
    assertEquals(Money.usd("0.03"), estimate("stable-image-core", Task.TEXT_TO_IMAGE));         // 3 credits
    assertEquals(Money.usd("0.065"), estimate("sd-3.5-large", Task.TEXT_TO_IMAGE));             // 6.5 credits
    assertEquals(Money.usd("0.04"), estimate("sd-3.5-large-turbo", Task.IMAGE_TO_IMAGE));       // 4 credits
    assertEquals(Money.usd("0.035"), estimate("sd-3.5-medium", Task.TEXT_TO_IMAGE));            // 3.5 credits
    assertEquals(Money.usd("0.05"), estimate("stability-inpaint", Task.INPAINT));               // 5 credits since 2025-08-01
    assertEquals(Money.usd("0.05"), estimate("stability-remove-background", Task.REMOVE_BACKGROUND));
    assertEquals(Money.usd("0.02"), estimate("stability-upscale-fast", Task.UPSCALE));          // 2 credits
    assertEquals(Money.usd("0.40"), estimate("stability-upscale-conservative", Task.UPSCALE));  // 40 credits
    assertEquals(Money.usd("0.60"), estimate("stability-upscale-creative", Task.UPSCALE));      // 60 credits
    assertEquals(Money.usd("0.05"), estimate("stability-control-sketch", Task.TEXT_TO_IMAGE));  // 5 credits
    assertEquals(Money.usd("0.05"), estimate("stability-control-structure", Task.TEXT_TO_IMAGE));
    assertEquals(Money.usd("0.05"), estimate("stability-control-style", Task.MULTI_REFERENCE));
  }

  @Test
  void theActualCostIsComputedFromTheImagesProduced() {
    PriceRule medium = catalog.offer("stability", "sd-3.5-medium").get().price().get();
    Charge one = medium.actual(Usage.builder().image(1024, 1024).build());
    assertEquals(CostBasis.COMPUTED, one.basis());
    assertEquals(Money.usd("0.035"), one.amount().get()); // 3.5 credits x $0.01
    PriceRule creative = catalog.offer("stability", "stability-upscale-creative").get().price().get();
    assertEquals(Money.usd("0.60"), creative.actual(Usage.builder().image(4096, 4096).build()).amount().get());
  }

  @Test
  void capabilitiesMatchTheEndpoints() {
    Capabilities sketch = catalog.offer("stability", "stability-control-sketch").get().capabilities();
    assertEquals(Set.of(ControlNet.Kind.SCRIBBLE, ControlNet.Kind.LINEART), sketch.controlNets());
    Capabilities structure = catalog.offer("stability", "stability-control-structure").get().capabilities();
    assertEquals(Set.of(ControlNet.Kind.DEPTH), structure.controlNets());
    assertEquals(1, catalog.offer("stability", "stability-control-style").get().capabilities().maxReferences());
    assertEquals(List.of(4), catalog.offer("stability", "stability-upscale-fast").get().capabilities().upscaleFactors());
    Capabilities ultra = catalog.offer("stability", "stable-image-ultra").get().capabilities();
    assertEquals(CallMapper.ASPECT_RATIOS, ultra.aspectRatios());
    assertEquals(Size.of(1024, 1024), ultra.defaultSize().get());
    for (Offer o : catalog.offers()) assertEquals(1, o.capabilities().maxCount(), o.key() + ": one image per call");

    Media guide = Media.bytes(TestMedia.png(8, 8), "image/png");
    Request scribble = Request.builder(Task.TEXT_TO_IMAGE).prompt("x").controlNet(ControlNet.of(ControlNet.Kind.SCRIBBLE, guide)).build();
    assertTrue(sketch.whyNot(scribble).isEmpty());
    assertEquals("ControlNet scribble not offered", structure.whyNot(scribble).get());
    assertEquals("ControlNet scribble not offered", ultra.whyNot(scribble).get());
    Request twoImages = Request.builder(Task.TEXT_TO_IMAGE).prompt("x").count(2).build();
    assertTrue(ultra.whyNot(twoImages).isPresent());
  }

  @Test
  void theNearestAspectRatioIsChosenByShape() {
    assertEquals("1:1", CallMapper.nearestRatio(Size.of(1000, 1000)));
    assertEquals("16:9", CallMapper.nearestRatio(Size.of(1920, 1080)));
    assertEquals("16:9", CallMapper.nearestRatio(Size.of(1344, 768)));
    assertEquals("21:9", CallMapper.nearestRatio(Size.of(4000, 1000)));
    assertEquals("9:21", CallMapper.nearestRatio(Size.of(640, 1536)));
    assertEquals("4:5", CallMapper.nearestRatio(Size.of(896, 1088)));
  }

  @Test
  void everyOfferSharesTheAccounts150RequestsEveryTenSeconds() {
    // 150 in 10 s is 15 a second, one queue for every service
    for (Offer o : catalog.offers()) {
      Offer.RateLimit limit = o.rateLimit().orElseThrow();
      assertTrue(limit.sharedByProvider(), o.key());
      assertEquals(15.0, limit.requestsPerSecond().getAsDouble(), 1e-9, o.key());
      assertTrue(limit.concurrent().isEmpty(), o.key());
    }
  }
}
