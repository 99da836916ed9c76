package dev.unigen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCommandTest {
  @TempDir
  Path dir;

  private static final String OVERRIDE = "{\"format\": 1, \"provider\": \"acme\", \"offers\": [\n"
      + "  {\"model\": \"acme-img\", \"endpoint\": \"img\", \"tasks\": [\"text-to-image\"],\n"
      + "   \"price\": {\"kind\": \"per-megapixel\", \"price\": \"0.0030\", \"megapixelBase\": 1048576},\n"
      + "   \"asOf\": \"2026-11-01\", \"source\": \"acme price page\", \"notes\": \"one line\"}]}\n";

  @Test
  void listsOffersAndSubscriptions() {
    Run r = Run.unigen("catalog", "list");
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.startsWith("offer "), r.toString());
    assertTrue(r.out.contains("runware/flux-schnell"), r.toString());
    assertTrue(r.out.contains("huggingface/pro"), r.toString());
    assertFalse(r.out.contains("sandbox/"), r.toString());
  }

  @Test
  void listFiltersByProviderModelAndTask() {
    Path over = Run.write(dir, "acme.json", OVERRIDE);
    Run r = Run.unigen("catalog", "list", "--provider", "acme", "--catalog", over.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("acme/acme-img  text-to-image  per-megapixel  0.003 USD   2026-11-01")
        || r.out.contains("acme/acme-img  text-to-image  per-megapixel  0.003 USD  2026-11-01"), r.toString());
    assertTrue(r.out.contains("1 offer."), r.toString());

    Run video = Run.unigen("catalog", "list", "--task", "image-to-video", "--provider", "runware");
    assertEquals(Cli.OK, video.status, video.toString());
    assertTrue(video.out.contains("runware/kling-2.1-master"), video.toString());
    assertFalse(video.out.contains("runware/flux-schnell"), video.toString());

    Run none = Run.unigen("catalog", "list", "--model", "no-such-model");
    assertEquals(Cli.FAILED, none.status, none.toString());
    assertTrue(none.out.contains("No offer matches."), none.toString());
  }

  @Test
  void listJsonGivesEachOfferWithItsUnitPriceAsADecimalString() {
    Path over = Run.write(dir, "acme.json", OVERRIDE);
    Run r = Run.unigen("catalog", "list", "--provider", "acme", "--provider", "huggingface", "--catalog", over.toString(),
        "--json");
    assertEquals(Cli.OK, r.status, r.toString());
    Map<String, Object> json = r.json();
    List<Map<String, Object>> offers = QuoteCommandTest.list(json, "offers");
    Map<String, Object> acme = offers.stream().filter(o -> "acme/acme-img".equals(o.get("offer"))).findFirst().orElseThrow();
    assertEquals("acme/acme-img", acme.get("offer"));
    assertEquals("acme", acme.get("provider"));
    assertEquals("acme-img", acme.get("model"));
    assertEquals(List.of("text-to-image"), acme.get("tasks"));
    assertEquals("per-megapixel", acme.get("rule"));
    assertEquals("USD", acme.get("currency"));
    // Written "0.0030": the amount is exact, without the trailing zero.
    assertEquals(Map.of("amount", "0.003", "currency", "USD"), acme.get("unitPrice"));
    assertEquals("2026-11-01", acme.get("asOf"));
    assertEquals("acme price page", acme.get("source"));
    assertTrue(offers.size() > 1, r.toString());
    assertTrue(offers.stream().allMatch(o -> o == acme || "huggingface".equals(o.get("provider"))), r.toString());
    List<Map<String, Object>> subs = QuoteCommandTest.list(json, "subscriptions");
    Map<String, Object> pro = subs.stream().filter(s -> "huggingface/pro".equals(s.get("plan"))).findFirst().orElseThrow();
    assertEquals(Map.of("amount", "9", "currency", "USD"), pro.get("monthlyFee"));
    assertEquals("huggingface", pro.get("provider"));
    assertEquals("pro", pro.get("name"));

    Run none = Run.unigen("catalog", "list", "--model", "no-such-model", "--json");
    assertEquals(Cli.FAILED, none.status, none.toString());
    assertEquals(Map.of("offers", List.of(), "subscriptions", List.of()), none.json());
  }

  @Test
  void showsAnOfferAsWrittenWithItsNumbersUnchanged() {
    Path over = Run.write(dir, "acme.json", OVERRIDE);
    Run r = Run.unigen("catalog", "show", "acme/acme-img", "--catalog", over.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.startsWith("offer acme/acme-img\n"), r.toString());
    assertTrue(r.out.contains("  price     per-megapixel in USD, unit price 0.003 USD"), r.toString());
    assertTrue(r.out.contains("  source    acme price page"), r.toString());
    assertTrue(r.out.contains("As written in acme.json (provider acme from the document):"), r.toString());
    assertTrue(r.out.contains("\"price\": \"0.0030\""), r.toString());
    assertTrue(r.out.contains("\"megapixelBase\": 1048576"), r.toString());
  }

  @Test
  void showsShippedOffersAndSubscriptions() {
    Run offer = Run.unigen("catalog", "show", "runware/flux-schnell");
    assertEquals(Cli.OK, offer.status, offer.toString());
    assertTrue(offer.out.contains("As written in unigen-provider-runware"), offer.toString());
    assertTrue(offer.out.contains("\"source\": \"https://runware.ai/docs/models-api/pricing\""), offer.toString());

    Run plan = Run.unigen("catalog", "show", "huggingface/pro");
    assertEquals(Cli.OK, plan.status, plan.toString());
    assertTrue(plan.out.startsWith("subscription huggingface/pro"), plan.toString());
    assertTrue(plan.out.contains("monthly fee      9 USD"), plan.toString());
  }

  @Test
  void showFailsOnAnUnknownOfferAndAMalformedKey() {
    Run r = Run.unigen("catalog", "show", "nobody/flux-schnell");
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertTrue(r.err.contains("no offer nobody/flux-schnell in the catalog; offers of flux-schnell: "), r.toString());

    Run key = Run.unigen("catalog", "show", "flux-schnell");
    assertEquals(Cli.USAGE, key.status, key.toString());
    assertTrue(key.err.contains("is not PROVIDER/MODEL"), key.toString());
  }

  @Test
  void validatesTheClasspathCatalogs() {
    Run r = Run.unigen("catalog", "validate");
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("ok: merged: "), r.toString());
    assertTrue(r.out.contains("ok: provider runware finds its own catalog"), r.toString());
    assertTrue(r.out.contains("ok: provider sandbox finds its own catalog"), r.toString());
    // Luma's module holds two providers, each finding its own offers in the module's one catalog file.
    assertTrue(r.out.contains("ok: provider luma finds its own catalog: 3 offers"), r.toString());
    assertTrue(r.out.contains("ok: provider luma-dream-machine finds its own catalog: 4 offers"), r.toString());
  }

  @Test
  void validatesCatalogAndWorkloadFiles() {
    Run good = Run.unigen("catalog", "validate", Run.write(dir, "acme.json", OVERRIDE).toString());
    assertEquals(Cli.OK, good.status, good.toString());
    assertTrue(good.out.contains("catalog of 1 offer and 0 subscriptions from acme"), good.toString());

    Path workload = Run.write(dir, "tier.json", PlanCommandTest.WORKLOAD.replace("%SIZE%", "1024x1024"));
    Run w = Run.unigen("catalog", "validate", workload.toString());
    assertEquals(Cli.OK, w.status, w.toString());
    assertTrue(w.out.contains("workload 'Acme tier', 1 line, 1 scenario"), w.toString());
  }

  @Test
  void validationErrorsNameTheEntryAndField() {
    Path bad = Run.write(dir, "bad.json", OVERRIDE.replace("\"megapixelBase\": 1048576", "\"megapixelBase\": 1000"));
    Run r = Run.unigen("catalog", "validate", bad.toString());
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertEquals("unigen catalog validate: bad.json: offers[0] (acme/acme-img): price.megapixelBase: must be 1000000 or"
        + " 1048576, was 1000\n", r.err, r.toString());

    Path badWorkload = Run.write(dir, "w.json", PlanCommandTest.WORKLOAD.replace("%SIZE%", "1024x1024")
        .replace("\"count\": 100", "\"count\": 0"));
    Run w = Run.unigen("catalog", "validate", badWorkload.toString());
    assertEquals(Cli.FAILED, w.status, w.toString());
    assertTrue(w.err.startsWith("unigen catalog validate: w.json: lines[0] (Images): count:"), w.toString());

    Run json = Run.unigen("catalog", "validate", Run.write(dir, "x.json", "{\"format\": 1,").toString());
    assertEquals(Cli.FAILED, json.status, json.toString());
    assertTrue(json.err.startsWith("unigen catalog validate: x.json: "), json.toString());
    assertTrue(json.noStackTrace(), json.toString());

    Run missing = Run.unigen("catalog", "validate", dir.resolve("none.json").toString());
    assertEquals(Cli.FAILED, missing.status, missing.toString());
    assertTrue(missing.err.contains("no such file: "), missing.toString());
  }

  @Test
  void readsJsonKeepingNumbersAsWritten() {
    Object doc = Json.parse("{\"a\": [1, 2.50, -3e-7], \"b\": {\"c\": \"x\\\"y\\u00e9\"}, \"d\": null, \"e\": true}");
    assertEquals("{\n  \"a\": [1, 2.50, -3e-7],\n  \"b\": {\n    \"c\": \"x\\\"y\u00e9\"\n  },\n  \"d\": null,\n  \"e\": true\n}",
        Json.print(doc));
  }

  @Test
  void showOfASystemThatCannotBeServedPointsToThePageAndListsWhatToUseInstead() {
    Run sora = Run.unigen("catalog", "show", "openai/sora-2");
    assertEquals(Cli.FAILED, sora.status, sora.toString());
    assertTrue(sora.out.startsWith("openai/sora-2 is not served: OpenAI shut the Sora 2 models and the Videos API down on"
        + " 2026-09-24"), sora.toString());
    assertTrue(sora.out.contains("See docs/providers/unavailable.md"), sora.toString());
    assertTrue(sora.out.contains("runway/veo-3.1-fast"), sora.toString());
    assertTrue(sora.out.contains("fal/kling-2.6-pro"), sora.toString());
    assertFalse(sora.err.contains("no offer"), sora.toString());

    Run midjourney = Run.unigen("catalog", "show", "midjourney");
    assertEquals(Cli.FAILED, midjourney.status, midjourney.toString());
    assertTrue(midjourney.out.startsWith("midjourney is not served: Midjourney has no official public API"), midjourney.toString());
    assertTrue(midjourney.out.contains("luma/uni-1"), midjourney.toString());

    for (String key : new String[] {"openai/dall-e-3", "openai/gpt-image-1.5", "openai/gpt-image-1-mini", "google/imagen-4",
        "bedrock/amazon.nova-reel-v1:1", "aws/nova-canvas"}) {
      Run r = Run.unigen("catalog", "show", key);
      assertEquals(Cli.FAILED, r.status, r.toString());
      assertTrue(r.out.startsWith(key + " is not served: "), r.toString());
      assertTrue(r.out.contains("docs/providers/unavailable.md"), r.toString());
    }
    Run mini = Run.unigen("catalog", "show", "openai/gpt-image-1-mini");
    assertTrue(mini.out.contains("2026-12-01"), mini.toString());
    assertTrue(mini.out.contains("openai/gpt-image-2"), mini.toString());
    Run imagen = Run.unigen("catalog", "show", "google/imagen-4");
    assertTrue(imagen.out.contains("google/gemini-3.1-flash-image"), imagen.toString());
    assertTrue(imagen.out.contains("google/gemini-3-pro-image"), imagen.toString());
    assertTrue(sora.out.contains("google/veo-3.1"), sora.toString());
    Run quote = Run.unigen("quote", "sora-2");
    assertTrue(quote.err.contains("it is not served: OpenAI shut the Sora 2 models"), quote.toString());
  }
}
