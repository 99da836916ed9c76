package dev.unigen.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogTest {
  static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static final String FAL = json("{'format':1,'provider':'fal','offers':["
      + "{'model':'flux-schnell','endpoint':'fal-ai/flux/schnell','tasks':['text-to-image'],"
      + " 'capabilities':{'sizes':{'min':256,'max':2048,'multipleOf':8},'defaultSize':'1024x768','maxCount':4},"
      + " 'price':{'kind':'per-megapixel','price':'0.003','rounding':'up'},"
      + " 'asOf':'2026-11-01','source':'https://fal.ai/models/fal-ai/flux/schnell'},"
      + "{'model':'kling-2.1-pro','endpoint':'fal-ai/kling-video/v2.1/pro/text-to-video',"
      + " 'endpoints':{'image-to-video':'fal-ai/kling-video/v2.1/pro/image-to-video'},"
      + " 'tasks':['text-to-video','image-to-video'],"
      + " 'capabilities':{'durations':[5,10],'defaultDuration':5,'aspectRatios':['16:9','9:16','1:1'],'controlNets':[]},"
      + " 'price':{'kind':'per-clip','base':'0.45','baseSeconds':5,'extraSecond':'0.09'},"
      + " 'asOf':'2026-01-15','source':'seed 003','notes':'seed price, not re-verified'},"
      + "{'model':'sdxl','endpoint':'fal-ai/fast-sdxl','tasks':['text-to-image','image-to-image'],"
      + " 'capabilities':{'controlNets':['openpose','canny'],'maxLoras':3,'durations':{'min':1,'max':15}},"
      + " 'asOf':'2026-11-01','source':'https://fal.ai/models/fal-ai/fast-sdxl'}],"
      + "'subscriptions':[{'provider':'huggingface','name':'pro','monthlyFee':'9','includedCredit':'2',"
      + " 'asOf':'2026-10-01','source':'https://huggingface.co/docs/inference-providers/pricing'}]}");

  @Test
  void readsOffersAndIndexesThem() {
    Catalog c = Catalog.parse(FAL, "fal.json");
    assertEquals(3, c.size());
    Offer schnell = c.offer("fal", "flux-schnell").get();
    assertEquals("fal-ai/flux/schnell", schnell.endpoint());
    assertEquals(Set.of(Task.TEXT_TO_IMAGE), schnell.tasks());
    assertEquals(Size.of(1024, 768), schnell.capabilities().defaultSize().get());
    assertEquals(4, schnell.capabilities().maxCount());
    assertEquals(8, schnell.capabilities().multipleOf());
    assertEquals(LocalDate.of(2026, 11, 1), schnell.asOf());
    assertEquals("per-megapixel", schnell.price().get().kind());

    Offer kling = c.offer("fal", "kling-2.1-pro").get();
    assertEquals("fal-ai/kling-video/v2.1/pro/image-to-video", kling.endpoint(Task.IMAGE_TO_VIDEO));
    assertEquals("fal-ai/kling-video/v2.1/pro/text-to-video", kling.endpoint(Task.TEXT_TO_VIDEO));
    assertEquals(List.of(new BigDecimal("5"), new BigDecimal("10")), kling.capabilities().durations());
    assertEquals(Duration.ofSeconds(5), kling.capabilities().defaultDuration().get());
    assertEquals("seed price, not re-verified", kling.notes().get());

    Offer sdxl = c.offer("fal", "sdxl").get();
    assertTrue(sdxl.price().isEmpty(), "an offer without a price is unpriced, not free");
    assertEquals(Set.of(ControlNet.Kind.OPENPOSE, ControlNet.Kind.CANNY), sdxl.capabilities().controlNets());
    assertEquals(new BigDecimal("15"), sdxl.capabilities().maxDuration().get());

    assertEquals(List.of(schnell), c.offers("flux-schnell"));
    assertEquals(List.of(schnell, sdxl), c.offers(Task.TEXT_TO_IMAGE));
    assertEquals(List.of(kling), c.offers(Task.IMAGE_TO_VIDEO));
    assertEquals(Set.of("fal"), c.providers());
    assertEquals(Set.of("flux-schnell", "kling-2.1-pro", "sdxl"), c.models());

    assertEquals(1, c.subscriptions().size());
    assertEquals(Money.usd("9"), c.subscriptions().get(0).monthlyFee());
    assertEquals(Money.usd("2"), c.subscriptions().get(0).includedCredit());
  }

  @Test
  void aRateLimitHoldsForTheOfferUnlessItsScopeIsTheProvider() {
    Catalog c = Catalog.parse(json("{'format':1,'provider':'bfl','offers':["
        + "{'model':'a','endpoint':'a','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s',"
        + " 'rateLimit':{'requestsPerMinute':600,'concurrent':2}},"
        + "{'model':'b','endpoint':'b','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s',"
        + " 'rateLimit':{'concurrent':24,'scope':'provider'}},"
        + "{'model':'c','endpoint':'c','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s',"
        + " 'rateLimit':{'requestsPerSecond':5,'scope':'offer'}}]}"), "x.json");
    Offer.RateLimit a = c.offer("bfl", "a").get().rateLimit().get();
    // no scope: the offer's own; 600 a minute is 10 a second
    assertFalse(a.sharedByProvider());
    assertEquals(10.0, a.requestsPerSecond().getAsDouble());
    assertEquals(2, a.concurrent().getAsInt());
    Offer.RateLimit b = c.offer("bfl", "b").get().rateLimit().get();
    assertTrue(b.sharedByProvider());
    assertTrue(b.requestsPerSecond().isEmpty());
    assertEquals(24, b.concurrent().getAsInt());
    assertEquals(Offer.RateLimit.sharedByProvider(0, 24), b);
    assertFalse(b.equals(Offer.RateLimit.of(0, 24)));
    assertEquals("RateLimit(any rate, 24 at once, shared by the provider)", b.toString());
    assertFalse(c.offer("bfl", "c").get().rateLimit().get().sharedByProvider());
    assertEquals(Offer.RateLimit.of(5, 0), c.offer("bfl", "c").get().rateLimit().get());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // a misspelt field in an offer
      "{'format':1,'offers':[{'provider':'fal','model':'flux-dev','endpoint':'e','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s','colour':'red'}]}"
          + "|x.json: offers[0] (fal/flux-dev): colour: unknown field",
      // an unknown rule kind names the offer and the field
      "{'format':1,'offers':[{'provider':'a','model':'m','endpoint':'e','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s'},"
          + "{'provider':'bfl','model':'flux-2-pro','endpoint':'e','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s','price':{'kind':'per-pixel'}}]}"
          + "|x.json: offers[1] (bfl/flux-2-pro): price.kind: unknown rule kind 'per-pixel'; known: compute-seconds, input-output-seconds, per-clip, per-image, per-megapixel, per-request, per-second, per-step, storage, tiered-megapixel, tokens, video-megapixel",
      "{'format':1,'offers':[{'provider':'fal','model':'m','endpoint':'e','tasks':['text-to-picture'],'asOf':'2026-01-01','source':'s'}]}"
          + "|x.json: offers[0] (fal/m): tasks[0]: unknown task 'text-to-picture'",
      "{'format':1,'offers':[{'provider':'fal','model':'m','endpoint':'e','tasks':['text-to-image'],'source':'s'}]}"
          + "|x.json: offers[0] (fal/m): asOf: is required",
      "{'format':1,'offers':[{'provider':'fal','model':'m','endpoint':'e','tasks':['text-to-image'],'asOf':'1 Nov 2026','source':'s'}]}"
          + "|x.json: offers[0] (fal/m): asOf: not an ISO date (YYYY-MM-DD): '1 Nov 2026'",
      "{'format':1,'offers':[{'provider':'fal','model':'m','endpoint':'e','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s','capabilities':{'maxCount':0}}]}"
          + "|x.json: offers[0] (fal/m): capabilities.maxCount: must be a positive whole number",
      "{'format':1,'offers':[{'provider':'fal','model':'m','endpoint':'e','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s','capabilities':{'controlNets':['posenet']}}]}"
          + "|x.json: offers[0] (fal/m): capabilities.controlNets[0]: unknown ControlNet kind 'posenet'",
      "{'format':1,'offers':[{'provider':'fal','model':'m','endpoint':'e','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s','capabilities':{'sizes':{'min':512,'max':256}}}]}"
          + "|x.json: offers[0] (fal/m): capabilities.sizes.max: is below min",
      "{'format':1,'offers':[{'provider':'fal','model':'Flux Dev','endpoint':'e','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s'}]}"
          + "|x.json: offers[0] (fal/Flux Dev): model: must be lowercase [a-z0-9.-]: 'Flux Dev'",
      "{'format':1,'offers':[{'model':'m','endpoint':'e','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s'}]}"
          + "|x.json: offers[0] (null/m): provider: is required (or give one for the whole file)",
      "{'format':1,'offers':[{'provider':'fal','model':'m','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s'}]}"
          + "|x.json: offers[0] (fal/m): endpoint: is required",
      "{'format':1,'provider':'fal','offers':[{'model':'m','endpoint':'e','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s'},"
          + "{'model':'m','endpoint':'e2','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s'}]}"
          + "|x.json: offers[1] (fal/m): duplicate offer",
      "{'format':1,'offers':[{'provider':'bfl','model':'m','endpoint':'e','tasks':['text-to-image'],'asOf':'2026-01-01','source':'s','rateLimit':{'concurrent':24,'scope':'account'}}]}"
          + "|x.json: offers[0] (bfl/m): rateLimit.scope: must be offer or provider, not 'account'",
      "{'format':2,'offers':[]}|x.json: $.format: unsupported format 2; this version reads 1",
      "{'offers':[]}|x.json: $.format: is required",
      "{'format':1,'offers':[],'extra':true}|x.json: $.extra: unknown field",
      "{'format':1,'offers':[}|x.json: $: malformed JSON: line 1, column 23: expected a value (an object, array, string, number, true, false or null)",
  })
  void errorsNameTheFileTheOfferAndTheField(String doc, String message) {
    CatalogException e = assertThrows(CatalogException.class, () -> Catalog.parse(json(doc), "x.json"));
    assertEquals(message, e.getMessage());
  }

  @Test
  void overridesReplaceByProviderAndModelAndAddTheRest() {
    Catalog base = Catalog.parse(FAL, "fal.json");
    Catalog mine = Catalog.parse(json("{'format':1,'provider':'fal','offers':["
        + "{'model':'flux-schnell','endpoint':'fal-ai/flux/schnell','tasks':['text-to-image'],"
        + " 'price':{'kind':'per-megapixel','price':'0.002'},'asOf':'2026-12-01','source':'our contract'},"
        + "{'model':'flux-dev','endpoint':'fal-ai/flux/dev','tasks':['text-to-image'],"
        + " 'price':{'kind':'per-megapixel','price':'0.025','rounding':'up'},'asOf':'2026-12-01','source':'our contract'}]}"),
        "mine.json");
    Catalog merged = base.withOverrides(mine);
    assertEquals(4, merged.size());
    Offer schnell = merged.offer("fal", "flux-schnell").get();
    assertEquals("our contract", schnell.source());
    // 1024 x 1024 at 0.002 per MP, no rounding: 1.048576 x 0.002 = 0.002097152
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").size(1024, 1024).build();
    assertEquals(Money.usd("0.002097152"), schnell.price().get().estimate(r));
    // replaced in place: still first
    assertEquals("flux-schnell", merged.offers().get(0).model());
    assertTrue(merged.offer("fal", "flux-dev").isPresent());
    // the original is untouched
    assertEquals("https://fal.ai/models/fal-ai/flux/schnell", base.offer("fal", "flux-schnell").get().source());
  }

  @Test
  void overridesInCode() {
    Catalog base = Catalog.parse(FAL, "fal.json");
    Offer cheaper = base.offer("fal", "flux-schnell").get().toBuilder()
        .price(PriceRule.perImage(Money.usd("0.001"))).provenance(LocalDate.of(2026, 12, 1), "negotiated").build();
    Catalog c = base.with(cheaper);
    assertEquals(3, c.size());
    assertEquals("per-image", c.offer("fal", "flux-schnell").get().price().get().kind());
    assertFalse(c.forProviders(Set.of("replicate")).offer("fal", "flux-schnell").isPresent());
  }

  @Test
  void mergesEveryModuleCatalogOnTheClasspath(@TempDir Path dir) throws Exception {
    Path a = module(dir.resolve("a"), FAL);
    Path b = module(dir.resolve("b"), json("{'format':1,'provider':'replicate','offers':["
        + "{'model':'flux-schnell','endpoint':'black-forest-labs/flux-schnell','tasks':['text-to-image'],"
        + " 'price':{'kind':'per-image','price':'0.003'},'asOf':'2026-11-01','source':'https://replicate.com/black-forest-labs/flux-schnell'}]}"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {a.toUri().toURL(), b.toUri().toURL()}, null)) {
      Catalog c = Catalog.fromClasspath(loader);
      assertEquals(4, c.size());
      assertEquals(Set.of("fal", "replicate"), c.providers());
      assertEquals(2, c.offers("flux-schnell").size());
    }
    Path dup = module(dir.resolve("c"), FAL);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {a.toUri().toURL(), dup.toUri().toURL()}, null)) {
      CatalogException e = assertThrows(CatalogException.class, () -> Catalog.fromClasspath(loader));
      assertTrue(e.getMessage().contains("offer fal/flux-schnell is also in"), e.getMessage());
    }
  }

  @Test
  void movesEveryOfferToAnotherProviderName() {
    Catalog moved = Catalog.parse(FAL, "fal.json").withProvider("fal-eu");
    assertEquals(Set.of("fal-eu"), moved.providers());
    assertEquals("fal-ai/flux/schnell", moved.offer("fal-eu", "flux-schnell").get().endpoint());
    assertEquals("fal-eu", moved.subscriptions().get(0).provider());
  }

  @Test
  void loadsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, FAL);
    assertEquals(3, Catalog.load(file).size());
    Files.writeString(file, json("{'format':1,'offers':[{'provider':'fal'}]}"));
    CatalogException e = assertThrows(CatalogException.class, () -> Catalog.load(file));
    assertEquals("prices.json: offers[0] (fal/?): model: is required", e.getMessage());
  }

  private static Path module(Path root, String catalog) throws Exception {
    Path file = root.resolve(Catalog.RESOURCE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, catalog);
    return root;
  }
}
