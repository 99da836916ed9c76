package dev.unigen.provider.wavespeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generator;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Media;
import dev.unigen.request.Task;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bundled catalog: every offer loads, is priced or deliberately unpriced, and quotes as worked out by hand. */
class WaveSpeedCatalogTest {
  private Generator gen;

  @BeforeEach
  void start() {
    gen = Generator.builder()
        .environment(Map.of("WAVESPEED_API_KEY", Fixtures.KEY, "UNIGEN_WAVESPEED_BASE_URL", "http://127.0.0.1:9"))
        .providersFromEnvironment()
        .build();
  }

  @AfterEach
  void stop() {
    gen.close();
  }

  private static Catalog catalog() {
    return Catalog.ofModule(WaveSpeedProvider.class);
  }

  private Money best(Plan plan) {
    return plan.best().orElseThrow(() -> new AssertionError(plan.excluded().toString())).estimate().orElseThrow();
  }

  @Test
  void everyOfferLoadsAndIsPricedOrDeliberatelyUnpriced() {
    Catalog c = catalog();
    assertEquals(Set.of("flux-dev", "flux-schnell", "wan-2.2-animate", "wan-2.5", "wan-2.6", "kling-2.6-pro", "seedance-lite",
        "seedance-pro"), c.models());
    for (Offer o : c.offers()) {
      assertEquals("wavespeed", o.provider());
      assertTrue(o.source().startsWith("https://"), o.source());
      for (Task t : o.tasks()) assertFalse(o.endpoint(t).isBlank());
    }
    Set<String> unpriced = c.offers().stream().filter(o -> o.price().isEmpty()).map(Offer::model).collect(Collectors.toSet());
    assertEquals(Set.of("seedance-lite", "seedance-pro", "kling-2.6-pro"), unpriced,
        "no WaveSpeed figure for Seedance or Kling 2.6 Pro; never free");
    assertEquals(Set.of(Task.VIDEO_TO_VIDEO), c.offer("wavespeed", "wan-2.2-animate").get().tasks());
  }

  @Test
  void theFactoryIsFoundAndTheOffersAreInTheGenerator() {
    assertTrue(gen.providers().contains("wavespeed"));
    assertEquals(8, gen.catalog().forProviders(Set.of("wavespeed")).size());
  }

  @Test
  void wanEstimates() {
    // wan-2.6: 10 s x $0.15/s at 1080p = $1.50
    assertEquals(Money.usd("1.50"), best(gen.video("wan-2.6").prompt("x").resolution("1080p").duration(Duration.ofSeconds(10)).quote()));
    // wan-2.6: no resolution -> the first rate (720p), default 5 s: 5 x $0.10 = $0.50
    assertEquals(Money.usd("0.50"), best(gen.video("wan-2.6").prompt("x").quote()));
    // wan-2.5: 5 s x $0.05/s at 720p = $0.25, the model page's "$0.25 per run"
    assertEquals(Money.usd("0.25"), best(gen.video("wan-2.5").prompt("x").quote()));
    // wan-2.5: 10 s at 720p = $0.50
    assertEquals(Money.usd("0.50"), best(gen.video("wan-2.5").prompt("x").resolution("720p").duration(Duration.ofSeconds(10)).quote()));
    Plan wan25at1080 = gen.video("wan-2.5").prompt("x").resolution("1080p").quote();
    assertTrue(wan25at1080.quotes().isEmpty(), "no WaveSpeed price for Wan 2.5 at 1080p");
    assertEquals(Exclusion.Reason.NOT_PRICEABLE, wan25at1080.excluded().get(0).reason());
    Plan sevenSeconds = gen.video("wan-2.6").prompt("x").duration(Duration.ofSeconds(7)).quote();
    assertEquals(Exclusion.Reason.CAPABILITY_MISSING, sevenSeconds.excluded().get(0).reason());
  }

  @Test
  void fluxEstimatesArePerImage() {
    // flux-dev: 2 images x $0.012 = $0.024
    assertEquals(Money.usd("0.024"), best(gen.image("flux-dev").prompt("x").size(1024, 1024).count(2).quote()));
    // flux-schnell: 1 image x $0.003 = $0.003; 4 images x $0.003 = $0.012
    assertEquals(Money.usd("0.003"), best(gen.image("flux-schnell").prompt("x").quote()));
    assertEquals(Money.usd("0.012"), best(gen.image("flux-schnell").prompt("x").count(4).quote()));
    // 1536 is the largest side; 5 images are more than a call makes
    Plan tooWide = gen.image("flux-dev").prompt("x").size(2048, 1024).quote();
    assertEquals(Exclusion.Reason.CAPABILITY_MISSING, tooWide.excluded().get(0).reason());
    Plan tooMany = gen.image("flux-dev").prompt("x").count(5).quote();
    assertEquals(Exclusion.Reason.CAPABILITY_MISSING, tooMany.excluded().get(0).reason());
  }

  @Test
  void klingIsUnpricedForWantOfAWaveSpeedFigure() {
    Plan plan = gen.video("kling-2.6-pro").prompt("x").audio(true).quote();
    assertTrue(plan.quotes().isEmpty());
    assertEquals(Exclusion.Reason.UNPRICED, plan.excluded().get(0).reason());
    assertEquals("https://wavespeed.ai/models/kwaivgi/kling-v2.6-pro/text-to-video",
        catalog().offer("wavespeed", "kling-2.6-pro").get().source());
  }

  @Test
  void animateBillsAtLeastFiveSecondsAndAtMost120() {
    Media character = Media.url("https://example.com/c.png");
    // 3 s is billed as the 5 s minimum: 5 x $0.04 (480p) = $0.20
    assertEquals(Money.usd("0.20"), best(gen.video("wan-2.2-animate").prompt("x").image(character)
        .video(Media.url("https://example.com/d.mp4")).resolution("480p").duration(Duration.ofSeconds(3)).quote()));
    // 60 s at 720p: 60 x $0.08 = $4.80
    assertEquals(Money.usd("4.80"), best(gen.video("wan-2.2-animate").prompt("x").image(character)
        .video(Media.url("https://example.com/d.mp4")).resolution("720p").duration(Duration.ofSeconds(60)).quote()));
    Plan tooLong = gen.video("wan-2.2-animate").prompt("x").image(character).video(Media.url("https://example.com/d.mp4"))
        .duration(Duration.ofSeconds(150)).quote();
    assertEquals(Exclusion.Reason.CAPABILITY_MISSING, tooLong.excluded().get(0).reason());
  }

  @Test
  void seedanceIsUnpriced() {
    Plan plan = gen.video("seedance-pro").prompt("x").quote();
    assertTrue(plan.quotes().isEmpty());
    assertEquals(Exclusion.Reason.UNPRICED, plan.excluded().get(0).reason());
  }

  @Test
  void actualCostsAreComputedFromWhatWasProduced() {
    Offer animate = catalog().offer("wavespeed", "wan-2.2-animate").get();
    // 130 s of driving video is billed at the 120 s cap: 120 x $0.08 = $9.60
    Usage capped = Usage.builder().count(1).outputSeconds(BigDecimal.valueOf(130)).resolution("720p").build();
    assertEquals(Money.usd("9.60"), animate.price().get().actual(capped).amount().get());
    assertEquals(CostBasis.COMPUTED, animate.price().get().actual(capped).basis());
  }

  @Test
  void seedRangesAreWaveSpeedsWithoutItsMinusOne() {
    // WaveSpeed documents -1 (random) to 2147483647; random is a request without a seed.
    for (String model : List.of("wan-2.6", "wan-2.2-animate")) {
      Offer o = catalog().offer("wavespeed", model).get();
      assertEquals(0, o.capabilities().minSeed(), model);
      assertEquals(2147483647L, o.capabilities().maxSeed(), model);
    }
    assertTrue(catalog().offer("wavespeed", "wan-2.6").get().capabilities().seedProblem(2147483648L).isPresent());
  }
}
