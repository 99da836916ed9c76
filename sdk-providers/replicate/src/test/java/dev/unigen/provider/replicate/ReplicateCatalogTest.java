package dev.unigen.provider.replicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The bundled catalog: what it serves, what it prices and how, estimates worked out by hand, and every offer servable. */
class ReplicateCatalogTest {
  private final ReplicateProvider provider = ReplicateProvider.builder().apiKey(Fixtures.KEY)
      .build(Fixtures.context(Map.of(), Clock.systemUTC()));
  private final Catalog catalog = provider.catalog();

  private static final Set<String> UNPRICED = Set.of("sd-1.5-controlnet-openpose", "sd-3.5-large", "ideogram-v3",
      "recraft-v3", "veo-2", "wan-2.1", "kling-2.1-pro", "kling-2.1-standard", "kling-2.1-master", "hailuo");

  private Money estimate(Request.Builder r) {
    Request req = r.build();
    Offer o = catalog.offer("replicate", req.model().get()).orElseThrow();
    return o.price().get().estimate(req, o.capabilities().defaultSize().orElse(PriceRule.DEFAULT_SIZE),
        o.capabilities().defaultDuration().orElse(PriceRule.DEFAULT_DURATION));
  }

  @Test
  void servesTheModelsOfTheIssue() {
    assertEquals(new TreeSet<>(List.of("flux-schnell", "flux-dev", "flux-pro", "flux-pro-1.1", "sd-1.5-controlnet-openpose",
        "sd-3.5-large", "ideogram-v3", "recraft-v3", "veo-2", "wan-2.1", "kling-2.1-pro", "kling-2.1-standard",
        "kling-2.1-master", "hailuo")), new TreeSet<>(catalog.models()));
    assertEquals(Set.of("replicate"), catalog.providers());
  }

  @Test
  void everyOfferIsPricedOrDeliberatelyUnpriced() {
    for (Offer o : catalog.offers()) {
      if (UNPRICED.contains(o.model())) {
        assertTrue(o.price().isEmpty(), o.key() + " should be unpriced");
        assertTrue(o.notes().get().startsWith("Unpriced"), o.key() + " says why it is unpriced");
        continue;
      }
      PriceRule rule = o.price().orElseThrow(() -> new AssertionError(o.key() + " is unpriced"));
      // canceled after it started: Replicate bills the run time; aborted before it started: not billed.
      assertTrue(rule.failureBilling().canceledAfterStart(), o.key());
      assertFalse(rule.failureBilling().rejectedInput(), o.key());
      assertEquals("USD", rule.currency().getCurrencyCode(), o.key());
    }
    assertEquals("per-image", catalog.offer("replicate", "flux-schnell").get().price().get().kind());
    // Prices read through third-party copies of Replicate's price page say so.
    for (String m : List.of("flux-dev", "flux-pro-1.1")) {
      assertEquals(Offer.Confidence.THIRD_PARTY, catalog.offer("replicate", m).get().confidence(), m);
    }
  }

  @Test
  void estimatesWorkedOutByHand() {
    // flux-schnell: $3 per 1000 images = $0.003 each; 2 images = $0.006.
    assertEquals(Money.usd("0.006"), estimate(Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").count(2)));
    // flux-dev: $0.025 per image (third-party copy of Replicate's price).
    assertEquals(Money.usd("0.025"), estimate(Request.builder(Task.TEXT_TO_IMAGE).model("flux-dev").prompt("x")));
    // flux-pro: $0.055 per image, any size.
    assertEquals(Money.usd("0.055"), estimate(Request.builder(Task.TEXT_TO_IMAGE).model("flux-pro").prompt("x").size(1440, 800)));
    // flux-pro-1.1: $0.04 per image (third-party copy of Replicate's price).
    assertEquals(Money.usd("0.04"), estimate(Request.builder(Task.TEXT_TO_IMAGE).model("flux-pro-1.1").prompt("x")));
  }

  @Test
  void actualCostsWorkedOutByHand() {
    PriceRule schnell = catalog.offer("replicate", "flux-schnell").get().price().get();
    // 3 images of 1344x768 x $0.003 = $0.009, whatever the compute time.
    Charge three = schnell.actual(Usage.builder().image(1344, 768).image(1344, 768).image(1344, 768)
        .computeSeconds(new BigDecimal("1.2")).build());
    assertEquals(0, new BigDecimal("0.009").compareTo(three.amount().get().amount()));
  }

  @Test
  void everyOfferIsServableForEveryTask() {
    Media img = Media.url("https://replicate.delivery/pbxt/input.png");
    for (Offer o : catalog.offers()) {
      for (Task t : o.tasks()) {
        Request.Builder r = Request.builder(t).model(o.model()).prompt("a test");
        if (t == Task.IMAGE_TO_IMAGE || t == Task.IMAGE_TO_VIDEO || t == Task.INPAINT) r.image(img);
        if (t == Task.INPAINT) r.mask(img);
        if (o.capabilities().requiresControlNet()) r.controlNet(ControlNet.of(ControlNet.Kind.OPENPOSE, img));
        Request req = r.build();
        assertTrue(o.capabilities().whyNot(req).isEmpty(), o.key() + " " + t + ": " + o.capabilities().whyNot(req));
        ProviderCall call = new ProviderCall("c", req, o, null, Duration.ofSeconds(120));
        ModelInputs.Prepared p = ModelInputs.prepare(call, "replicate");
        assertEquals("a test", p.input.get("prompt"), o.key() + " " + t);
        assertTrue(p.warnings.isEmpty(), o.key() + " " + t + ": " + p.warnings);
        // The output side knows the model too: video models yield seconds, image models do not.
        assertEquals(t.producesVideo(), Outputs.video(p.endpoint.model, Map.of()) != null, o.key());
      }
    }
  }

  @Test
  void endpointsResolveToTheDocumentedForms() {
    Endpoint official = Endpoint.resolve("black-forest-labs/flux-schnell", null, List.of());
    assertTrue(official.official());
    Endpoint byVersion = Endpoint.resolve(catalog.offer("replicate", "sd-1.5-controlnet-openpose").get().endpoint(), null, List.of());
    assertEquals("jagilley/controlnet-pose", byVersion.model);
    assertEquals("0304f7f774ba7341ef754231f794b1ba3d129e3c46af3022241325ae0c50fb99", byVersion.version);
    Offer wan = catalog.offer("replicate", "wan-2.1").get();
    assertEquals("wavespeedai/wan-2.1-t2v-480p",
        Endpoint.resolve(wan.endpoint(Task.TEXT_TO_VIDEO), null, wan.capabilities().resolutions()).model);
    assertEquals("wavespeedai/wan-2.1-i2v-720p",
        Endpoint.resolve(wan.endpoint(Task.IMAGE_TO_VIDEO), "720P", wan.capabilities().resolutions()).model);
  }

  @Test
  void everyOfferSharesTheAccountsSixHundredPredictionsAMinute() {
    // 600 a minute is 10 a second, one queue for every model of the account
    for (Offer o : catalog.offers()) {
      Offer.RateLimit limit = o.rateLimit().orElseThrow();
      assertTrue(limit.sharedByProvider(), o.key());
      assertEquals(10.0, limit.requestsPerSecond().getAsDouble(), 1e-9, o.key());
      assertTrue(limit.concurrent().isEmpty(), o.key());
    }
  }
}
