package dev.unigen.provider.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Capabilities;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Usage;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderFactory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SandboxCatalogTest {
  private final Catalog catalog = SandboxProvider.builder().build().catalog();

  @Test
  void bundledCatalogLoadsWithEveryOfferAtZero() {
    assertEquals(Set.of("sandbox"), catalog.providers());
    Usage produced = Usage.builder().image(1024, 1024).outputSeconds(BigDecimal.TEN).build();
    for (Offer o : catalog.offers()) {
      PriceRule rule = o.price().orElseThrow(() -> new AssertionError(o.key() + " is unpriced"));
      assertEquals("per-request", rule.kind(), o.key());
      assertTrue(rule.unitPrice().get().isZero(), o.key());
      Task task = o.tasks().iterator().next();
      Money estimate = rule.estimate(Request.builder(task).model(o.model()).prompt("x").build());
      assertTrue(estimate.isZero(), o.key() + " estimate " + estimate);
      Charge actual = rule.actual(produced);
      assertTrue(actual.amount().get().isZero(), o.key() + " actual " + actual);
      assertEquals(LocalDate.of(2026, 11, 23), o.asOf(), o.key());
      assertEquals("sandbox (zero cost)", o.source(), o.key());
    }
  }

  @Test
  void servesTheModelsTheExamplesUse() {
    for (String model : List.of("flux-schnell", "flux-dev", "flux-2-pro", "sdxl", "kling-2.1-pro", "veo-3",
        "ltx-2-pro", "sandbox-upscale", "sandbox-rembg", "sandbox-preprocess", "sandbox-lora-trainer", "sandbox-text", "grok-4.3")) {
      assertTrue(catalog.offer("sandbox", model).isPresent(), model);
    }
    List<Task> missing = new ArrayList<>();
    for (Task t : Task.values()) if (t != Task.VIDEO_TO_VIDEO && catalog.offers(t).isEmpty()) missing.add(t);
    assertEquals(List.of(), missing);
  }

  @Test
  void capabilitiesAreRealistic() {
    Capabilities flux2 = catalog.offer("sandbox", "flux-2-pro").get().capabilities();
    assertEquals(8, flux2.maxReferences());
    assertEquals(4, flux2.maxCount());
    assertEquals(2048, flux2.maxSide());
    assertEquals(8, flux2.multipleOf());

    Capabilities sdxl = catalog.offer("sandbox", "sdxl").get().capabilities();
    assertEquals(Set.of(ControlNet.Kind.OPENPOSE, ControlNet.Kind.CANNY, ControlNet.Kind.DEPTH), sdxl.controlNets());
    assertTrue(sdxl.maxLoras() > 0);

    Capabilities kling = catalog.offer("sandbox", "kling-2.1-pro").get().capabilities();
    assertEquals(List.of(new BigDecimal("5"), new BigDecimal("10")), kling.durations());
    assertTrue(catalog.offer("sandbox", "kling-2.1-pro").get().serves(Task.IMAGE_TO_VIDEO));

    assertTrue(catalog.offer("sandbox", "veo-3").get().capabilities().audio());
    assertFalse(catalog.offer("sandbox", "kling-2.1-pro").get().capabilities().audio());
  }

  @Test
  void aGivenCatalogReplacesTheOffersUnderTheSandboxsName() {
    Catalog prices = Catalog.parse("{\"format\":1,\"provider\":\"fal\",\"offers\":[{\"model\":\"flux-schnell\","
        + "\"endpoint\":\"fal-ai/flux/schnell\",\"tasks\":[\"text-to-image\"],"
        + "\"price\":{\"kind\":\"per-megapixel\",\"price\":\"0.003\"},\"asOf\":\"2026-11-01\",\"source\":\"test\"}]}", "test");

    Catalog c = SandboxProvider.builder().name("sandbox-b").catalog(prices).build().catalog();

    assertEquals(1, c.size());
    Offer o = c.offer("sandbox-b", "flux-schnell").get();
    assertEquals("per-megapixel", o.price().get().kind());
    assertEquals(0, o.price().get().unitPrice().get().amount().compareTo(new BigDecimal("0.003")));
  }

  @Test
  void aGivenCatalogWithOneModelTwiceIsRejected() {
    Catalog two = Catalog.parse("{\"format\":1,\"offers\":["
        + "{\"provider\":\"a\",\"model\":\"m\",\"endpoint\":\"e\",\"tasks\":[\"text\"],\"asOf\":\"2026-11-01\",\"source\":\"t\"},"
        + "{\"provider\":\"b\",\"model\":\"m\",\"endpoint\":\"e\",\"tasks\":[\"text\"],\"asOf\":\"2026-11-01\",\"source\":\"t\"}]}", "t");

    assertThrows(IllegalArgumentException.class, () -> SandboxProvider.builder().catalog(two).build());
  }

  @Test
  void theFactoryIsTheOnlySandbox() {
    List<ProviderFactory> sandboxes = new ArrayList<>();
    for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) if (f.isSandbox()) sandboxes.add(f);

    assertEquals(1, sandboxes.size());
    assertInstanceOf(SandboxProviderFactory.class, sandboxes.get(0));
  }

  @Test
  void theBundledCatalogIsWhatCatalogFromClasspathSeesForTheSandbox() {
    Catalog fromClasspath = Catalog.fromClasspath().forProviders(Set.of("sandbox"));

    assertEquals(catalog.offers().toString(), fromClasspath.offers().toString());
    for (Offer o : catalog.offers()) {
      assertEquals(o.capabilities(), fromClasspath.offer("sandbox", o.model()).get().capabilities(), o.key());
    }
  }
}
