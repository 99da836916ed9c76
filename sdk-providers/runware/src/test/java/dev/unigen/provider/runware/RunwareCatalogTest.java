package dev.unigen.provider.runware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.PricingException;
import dev.unigen.pricing.Usage;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The bundled catalog: it loads, every offer is priced or deliberately unpriced, and every offer can be served. */
class RunwareCatalogTest {
  private static final Set<String> DELIBERATELY_UNPRICED = Set.of("flux-schnell", "flux-dev", "sdxl", "real-esrgan",
      "clarity-upscaler", "rembg-1.4", "bria-rmbg-2.0");
  /** Compute-billed on Runware, with no published rate or measured run: unpriced since 2026-12-06. */
  private static final Set<String> COMPUTE_BILLED = Set.of("flux-schnell", "flux-dev", "sdxl");

  private final Catalog catalog = Catalog.ofModule(RunwareProvider.class);

  private PriceRule price(String model) {
    return catalog.offer("runware", model).orElseThrow().price().orElseThrow();
  }

  private static Money usd(String amount) {
    return Money.usd(amount);
  }

  @Test
  void loadsWithTheModelsTheModuleServes() {
    assertEquals(Set.of("runware"), catalog.providers());
    assertEquals(new TreeSet<>(Set.of("flux-schnell", "flux-dev", "sdxl", "controlnet-preprocess", "real-esrgan",
        "clarity-upscaler", "rembg-1.4", "bria-rmbg-2.0", "kling-2.1-master")), new TreeSet<>(catalog.models()));
    for (Offer o : catalog.offers()) {
      assertNotNull(o.source(), o.key());
      assertEquals(LocalDate.of(2026, COMPUTE_BILLED.contains(o.model()) ? 12 : 11, COMPUTE_BILLED.contains(o.model()) ? 6 : 23),
          o.asOf(), o.key());
      assertEquals(!DELIBERATELY_UNPRICED.contains(o.model()), o.price().isPresent(), o.key() + " priced?");
    }
  }

  @Test
  void computeBilledModelsAreUnpricedAndSayWhy() {
    for (String m : COMPUTE_BILLED) {
      Offer o = catalog.offer("runware", m).orElseThrow();
      assertTrue(o.price().isEmpty(), o.key());
      assertEquals("https://runware.ai/docs/models-api/pricing", o.source(), o.key());
      assertTrue(o.notes().orElse("").startsWith("Unpriced: "), o.key());
      assertTrue(o.notes().orElse("").contains("reports"), o.key());
    }
  }

  @Test
  void estimatesWorkedOutByHand() {
    // a pose map: $0.0013 per request
    assertEquals(usd("0.0013"), price("controlnet-preprocess").estimate(
        Request.builder(Task.POSE_MAP).model("controlnet-preprocess").image(Media.url("https://e.com/a.jpg")).build()));
    // kling-2.1-master, 10 s: 10 x $0.1848 = $1.848; the 5 s default: $0.924
    assertEquals(usd("1.848"), price("kling-2.1-master").estimate(
        Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.1-master").prompt("x").duration(Duration.ofSeconds(10)).build()));
    assertEquals(usd("0.924"), price("kling-2.1-master").estimate(
        Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.1-master").prompt("x").build(),
        Size.of(1920, 1080), Duration.ofSeconds(5)));
    // 7 s is not a length Kling makes
    assertThrows(PricingException.class, () -> price("kling-2.1-master").estimate(
        Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.1-master").prompt("x").duration(Duration.ofSeconds(7)).build()));
  }

  @Test
  void theReportedCostWinsAndAComputedCostIsTheFallback() {
    Charge reported = price("kling-2.1-master").actual(Usage.builder().count(1).outputSeconds(BigDecimal.TEN)
        .reportedCost(usd("1.90")).build());
    assertEquals(CostBasis.REPORTED, reported.basis());
    assertEquals(usd("1.90"), reported.amount().get());
    Charge clip = price("kling-2.1-master").actual(Usage.builder().count(1).outputSeconds(BigDecimal.TEN).build());
    assertEquals(usd("1.848"), clip.amount().get());
  }

  @Test
  void everyOfferAndTaskBuildsARequest() {
    RunwareTasks tasks = new RunwareTasks("runware");
    Media image = Media.url("https://example.com/in.png").withSize(512, 512);
    int checked = 0;
    for (Offer o : catalog.offers()) {
      for (Task t : o.tasks()) {
        Request.Builder b = Request.builder(t).model(o.model());
        if (t != Task.UPSCALE && t != Task.REMOVE_BACKGROUND && !t.name().endsWith("_MAP")) b.prompt("a test");
        if (t == Task.IMAGE_TO_IMAGE || t == Task.INPAINT || t == Task.IMAGE_TO_VIDEO || t == Task.UPSCALE
            || t == Task.REMOVE_BACKGROUND || t.name().endsWith("_MAP")) {
          b.image(image);
        }
        if (t == Task.INPAINT) b.mask(image);
        if (!o.capabilities().upscaleFactors().isEmpty()) b.upscaleFactor(o.capabilities().upscaleFactors().get(0));
        for (ControlNet.Kind k : o.capabilities().controlNets()) b.controlNet(ControlNet.of(k, image));
        PreparedTask p = tasks.prepare(new ProviderCall(Fixtures.TASK, b.build(), o, null, Duration.ofSeconds(5)));
        assertEquals(o.endpoint(t), p.body().get("model"), o.key() + " " + t);
        assertEquals(Boolean.TRUE, p.body().get("includeCost"), o.key() + " " + t);
        assertEquals(t.producesVideo(), p.async(), o.key() + " " + t);
        checked++;
      }
    }
    assertEquals(18, checked);
  }

  @Test
  void everyListedControlNetKindHasARunwareModel() {
    for (Offer o : catalog.offers()) {
      for (ControlNet.Kind k : o.capabilities().controlNets()) {
        assertTrue(ControlNetModels.air(o.model(), k).isPresent(), o.key() + " " + k);
      }
    }
    assertEquals("runware:29@1", ControlNetModels.air("flux-dev", ControlNet.Kind.OPENPOSE).get());
    assertEquals("runware:20@1", ControlNetModels.air("sdxl", ControlNet.Kind.CANNY).get());
    assertFalse(ControlNetModels.air("sdxl", ControlNet.Kind.OPENPOSE).isPresent());
  }
}
