package dev.unigen.provider.together;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generator;
import dev.unigen.catalog.Capabilities;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.testkit.TestContext;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled catalog: every offer, its endpoint, tasks, capabilities and price, with estimates worked out by hand. */
class TogetherCatalogTest {
  private final Catalog catalog = TogetherProvider.builder().apiKey(Fixtures.KEY).build(TestContext.of(Map.of())).catalog();

  private Offer offer(String model) {
    return catalog.offer("together", model).orElseThrow(() -> new AssertionError("no offer of " + model));
  }

  private Money estimate(String model, Request.Builder request) {
    return offer(model).price().get().estimate(request.model(model).build());
  }

  private static Request.Builder t2i(int width, int height) {
    return Request.builder(Task.TEXT_TO_IMAGE).prompt("x").size(width, height);
  }

  @Test
  void everyPricedOfferIsPricedPerMegapixelInDollars() {
    Map<String, String> endpoints = new LinkedHashMap<>();
    Set<String> unpriced = new TreeSet<>();
    for (Offer o : catalog.offers()) {
      endpoints.put(o.model(), o.endpoint());
      assertEquals(4, o.capabilities().maxCount(), o.key());
      if (o.price().isEmpty()) {
        unpriced.add(o.model());
        assertTrue(o.notes().get().startsWith("Unpriced"), o.key());
        continue;
      }
      PriceRule rule = o.price().get();
      assertEquals("per-megapixel", rule.kind(), o.key());
      assertEquals("USD", rule.currency().getCurrencyCode());
    }
    // Together's price tables no longer list the two [dev] models
    assertEquals(Set.of("flux-dev", "flux-kontext-dev"), unpriced);
    assertEquals(Map.of(
        "flux-schnell", "black-forest-labs/FLUX.1-schnell",
        "flux-schnell-free", "black-forest-labs/FLUX.1-schnell-Free",
        "flux-dev", "black-forest-labs/FLUX.1-dev",
        "flux-pro-1.1", "black-forest-labs/FLUX.1.1-pro",
        "flux-kontext-dev", "black-forest-labs/FLUX.1-kontext-dev",
        "flux-kontext-pro", "black-forest-labs/FLUX.1-kontext-pro",
        "flux-kontext-max", "black-forest-labs/FLUX.1-kontext-max"), endpoints);
  }

  @Test
  void estimatesWorkedOutByHand() {
    // 1024 x 1024 = 1,048,576 px = 1.048576 MP (Together divides by 10^6, no rounding) x $0.0027 = $0.0028311552
    assertEquals(Money.usd("0.0028311552"), estimate("flux-schnell", t2i(1024, 1024)));
    // no size: the offer's default 1024 x 1024, the same
    assertEquals(Money.usd("0.0028311552"), estimate("flux-schnell", Request.builder(Task.TEXT_TO_IMAGE).prompt("x")));
    // 1024 x 768 = 0.786432 MP x $0.0027 = $0.0021233664 per image, x 2 images = $0.0042467328
    assertEquals(Money.usd("0.0042467328"), estimate("flux-schnell", t2i(1024, 768).count(2)));
    // 1440 x 816 = 1.17504 MP x $0.04 = $0.0470016
    assertEquals(Money.usd("0.0470016"), estimate("flux-pro-1.1", t2i(1440, 816)));
    // 1.048576 MP x $0.08 = $0.08388608
    assertEquals(Money.usd("0.08388608"), estimate("flux-kontext-max", t2i(1024, 1024)));
    // an edit is priced on the output only: 1.048576 MP x $0.04 = $0.04194304
    assertEquals(Money.usd("0.04194304"), estimate("flux-kontext-pro", Request.builder(Task.IMAGE_TO_IMAGE).prompt("x")
        .image(Media.url("https://example.com/in.png")).size(1024, 1024)));
    // the free endpoint is priced, at zero: 4 x 1.048576 MP x $0 = $0
    assertTrue(estimate("flux-schnell-free", t2i(1024, 1024).count(4)).isZero());
  }

  @Test
  void theFreeEndpointIsItsOwnDatedOffer() {
    Offer free = offer("flux-schnell-free");
    assertEquals(LocalDate.of(2025, 11, 8), free.asOf());
    assertTrue(free.price().get().unitPrice().get().isZero());
    assertTrue(free.notes().get().contains("10 images a minute"), free.notes().get());
    assertTrue(offer("flux-schnell").price().get().unitPrice().get().equals(Money.usd("0.0027")));
  }

  @Test
  void capabilitiesFollowTheDocs() {
    Capabilities schnell = offer("flux-schnell").capabilities();
    assertEquals(256, schnell.minSide());
    assertEquals(1920, schnell.maxSide());
    assertEquals(8, schnell.multipleOf());
    assertEquals(List.of("1:1", "16:9", "9:16", "4:3", "3:2"), schnell.aspectRatios());
    assertEquals(0, schnell.maxLoras());
    assertEquals(0, schnell.maxReferences());
    assertEquals(List.of(), offer("flux-dev").capabilities().aspectRatios(), "dev takes any ratio, sent as width and height");

    assertEquals(Set.of(Task.IMAGE_TO_IMAGE), offer("flux-kontext-dev").tasks());
    assertEquals(Set.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE), offer("flux-kontext-pro").tasks());
    assertEquals(Set.of(Task.TEXT_TO_IMAGE, Task.IMAGE_TO_IMAGE), offer("flux-kontext-max").tasks());
    for (String model : List.of("flux-schnell", "flux-schnell-free", "flux-dev", "flux-pro-1.1")) {
      assertEquals(Set.of(Task.TEXT_TO_IMAGE), offer(model).tasks(), model);
    }
  }

  @Test
  void theSelectorQuotesAndExcludesAsTheCatalogSays() {
    try (Generator gen = Generator.builder().provider(ctx -> TogetherProvider.builder().apiKey(Fixtures.KEY).build(ctx))
        .build()) {
      Plan plan = gen.image("flux-schnell").prompt("x").size(1024, 1024).quote();
      assertEquals(Money.usd("0.0028311552"), plan.best().get().estimate().get());

      Plan wide = gen.image("flux-schnell").prompt("x").aspectRatio("21:9").quote();
      assertTrue(wide.best().isEmpty());
      List<String> why = wide.excluded().stream().map(Exclusion::toString).collect(Collectors.toList());
      assertTrue(why.toString().contains("21:9"), why.toString());

      Plan huge = gen.image("flux-pro-1.1").prompt("x").size(2048, 2048).quote();
      assertTrue(huge.best().isEmpty(), "above Together's 1920 px side");

      Plan loras = gen.image("flux-dev").prompt("x").lora("https://huggingface.co/a/b").quote();
      assertTrue(loras.best().isEmpty(), "no offer declares LoRAs");
    }
  }
}
