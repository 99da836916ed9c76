package dev.unigen.provider.fal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module's catalog: it loads, every offer is priced or deliberately unpriced, and estimates worked by hand. */
class FalCatalogTest {
  private final Catalog catalog = Catalog.ofModule(FalProvider.class);

  private Money estimate(String model, Request.Builder r) {
    Offer o = catalog.offer("fal", model).orElseThrow();
    Request req = r.model(model).build();
    return o.price().orElseThrow().estimate(req, o.capabilities().defaultSize().orElse(dev.unigen.pricing.PriceRule.DEFAULT_SIZE),
        o.capabilities().defaultDuration().orElse(dev.unigen.pricing.PriceRule.DEFAULT_DURATION));
  }

  private static void assertMoney(String expected, Money m) {
    assertEquals(0, new BigDecimal(expected).compareTo(m.amount()), m.toString());
  }

  @Test
  void everyOfferIsPricedExceptTheOneWithoutAKnownPrice() {
    assertEquals(24, catalog.size());
    List<String> unpriced = catalog.offers().stream().filter(o -> o.price().isEmpty()).map(Offer::model).collect(Collectors.toList());
    assertEquals(List.of("flux-dev-lora-training", "dwpose", "midas-depth", "veo-3.1-fast"), unpriced);
    for (Offer o : catalog.offers()) {
      assertEquals("fal", o.provider());
      assertTrue(o.source().length() > 5, o.key());
      if (o.price().isPresent()) assertTrue(o.price().get().failureBilling().rejectedInput(), o.key() + ": a 422 may be billed");
      for (Task t : o.tasks()) assertTrue(Family.of(o.endpoint(t)) != Family.GENERIC, o.key() + " " + t);
    }
  }

  @Test
  void estimatesWorkedByHand() {
    // flux-schnell, no size: default 1024x768 = 0.75 MP on 2^20, rounded up to 1 MP x $0.003.
    assertMoney("0.003", estimate("flux-schnell", Request.builder(Task.TEXT_TO_IMAGE).prompt("x")));
    // flux-dev, 1024x1024 x 2 images: 1 MP each x $0.025 x 2.
    assertMoney("0.05", estimate("flux-dev", Request.builder(Task.TEXT_TO_IMAGE).prompt("x").size(1024, 1024).count(2)));
    // flux-dev-lora, 1920x1080: 1.98 MP, rounded up to 2 x $0.035.
    assertMoney("0.07", estimate("flux-dev-lora", Request.builder(Task.TEXT_TO_IMAGE).prompt("x").size(1920, 1080)));
    // flux-2-pro edit at 1024x1024 with one reference of unstated size: $0.03 + 1 MP x $0.015.
    assertMoney("0.045", estimate("flux-2-pro", Request.builder(Task.MULTI_REFERENCE).prompt("x").size(1024, 1024)
        .reference(Media.url("https://example.com/r.png"))));
    // LoRA training is unpriced: no public page states fal's rate.
    assertTrue(catalog.offer("fal", "flux-dev-lora-training").orElseThrow().price().isEmpty());
    // kling-2.1-pro 10 s: $0.49 + 5 x $0.098.
    assertMoney("0.98", estimate("kling-2.1-pro", Request.builder(Task.IMAGE_TO_VIDEO).prompt("x").duration(Duration.ofSeconds(10))));
    // kling-2.6-pro 5 s with audio: 5 x $0.14.
    assertMoney("0.70", estimate("kling-2.6-pro", Request.builder(Task.TEXT_TO_VIDEO).prompt("x").audio(true)));
    // seedance-pro, default 5 s at its default 1080p: the one priced clip, $0.62.
    assertMoney("0.62", estimate("seedance-pro", Request.builder(Task.IMAGE_TO_VIDEO).prompt("x")));
    // wan-2.6 image-to-video, default 5 s at 720p: 5 x $0.10.
    assertMoney("0.50", estimate("wan-2.6", Request.builder(Task.IMAGE_TO_VIDEO).prompt("x").resolution("720p")));
    // veo-3.1, 8 s at 1080p without audio: 8 x $0.20.
    assertMoney("1.60", estimate("veo-3.1", Request.builder(Task.TEXT_TO_VIDEO).prompt("x").resolution("1080p")));
    // wan-2.5 at 720p, 5 s: 5 x $0.10.
    assertMoney("0.50", estimate("wan-2.5", Request.builder(Task.TEXT_TO_VIDEO).prompt("x").resolution("720p")));
    // nano banana: 1,290 output tokens x $30 / 1M, plus ceil(1/4) = 1 prompt token at $0.
    assertMoney("0.0387", estimate("gemini-2.5-flash-image", Request.builder(Task.TEXT_TO_IMAGE).prompt("x")));
    // sam-3: flat $0.005 per request.
    assertMoney("0.005", estimate("sam-3", Request.builder(Task.SEGMENTATION).image(Media.url("https://example.com/i.png"))));
  }

  @Test
  void capabilitiesExcludeWhatFalCannotDo() {
    Offer veo = catalog.offer("fal", "veo-3.1").orElseThrow();
    assertTrue(veo.capabilities().whyNot(Request.builder(Task.TEXT_TO_VIDEO).model("veo-3.1").prompt("x")
        .duration(Duration.ofSeconds(5)).build()).isPresent(), "Veo 3.1 makes only 4, 6 or 8 s");
    Offer dev = catalog.offer("fal", "flux-dev").orElseThrow();
    assertTrue(dev.capabilities().whyNot(Request.builder(Task.TEXT_TO_IMAGE).model("flux-dev").prompt("x")
        .size(14143, 1024).build()).isPresent(), "fal's custom sizes stop at 14142 a side");
    assertTrue(dev.capabilities().whyNot(Request.builder(Task.TEXT_TO_IMAGE).model("flux-dev").prompt("x")
        .size(14142, 512).build()).isEmpty());
    for (String gone : new String[] {"veo-3", "veo-3-fast", "ltx-2-pro", "ltx-2-fast", "seedance-lite"}) {
      assertTrue(catalog.offer("fal", gone).isEmpty(), gone + " is no longer served by fal");
    }
    assertFalse(catalog.offer("fal", "wan-2.6").orElseThrow().serves(Task.TEXT_TO_VIDEO), "Wan 2.6 text-to-video is gone from fal");
    Offer flux2 = catalog.offer("fal", "flux-2-dev").orElseThrow();
    Request.Builder five = Request.builder(Task.MULTI_REFERENCE).model("flux-2-dev").prompt("x");
    for (int i = 0; i < 5; i++) five.reference(Media.url("https://example.com/" + i + ".png"));
    assertTrue(flux2.capabilities().whyNot(five.build()).isPresent(), "FLUX.2 [dev] edit takes at most 4 images");
    assertTrue(catalog.offer("fal", "kling-2.1-pro").orElseThrow().capabilities().whyNot(Request.builder(Task.IMAGE_TO_VIDEO)
        .model("kling-2.1-pro").prompt("x").audio(true).build()).isPresent(), "Kling 2.1 has no audio");
  }
}
