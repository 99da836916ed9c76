package dev.unigen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuoteCommandTest {
  @TempDir
  Path dir;

  /** acme: $0.01 an image, up to 4 a call; beta: $0.005 per 10^6-pixel megapixel, one a call. */
  private Path prices() {
    return Run.write(dir, "prices.json", "{\"format\": 1, \"offers\": [\n"
        + "  {\"provider\": \"acme\", \"model\": \"acme-img\", \"endpoint\": \"img\", \"tasks\": [\"text-to-image\"],\n"
        + "   \"capabilities\": {\"maxCount\": 4},\n"
        + "   \"price\": {\"kind\": \"per-image\", \"price\": \"0.01\"}, \"asOf\": \"2026-11-01\", \"source\": \"acme price page\"},\n"
        + "  {\"provider\": \"beta\", \"model\": \"acme-img\", \"endpoint\": \"b/img\", \"tasks\": [\"text-to-image\"],\n"
        + "   \"price\": {\"kind\": \"per-megapixel\", \"price\": \"0.005\"}, \"asOf\": \"2026-11-02\", \"source\": \"beta price page\"},\n"
        + "  {\"provider\": \"acme\", \"model\": \"acme-clip\", \"endpoint\": \"clip\", \"tasks\": [\"text-to-video\", \"image-to-video\"],\n"
        + "   \"capabilities\": {\"durations\": [6, 8]},\n"
        + "   \"price\": {\"kind\": \"per-second\", \"price\": \"0.05\"}, \"asOf\": \"2026-11-01\", \"source\": \"acme price page\"}]}\n");
  }

  @Test
  void ranksEveryOfferCheapestFirst() {
    // beta: 1024 x 1024 = 1.048576 MP x $0.005 = $0.00524288; acme: $0.01.
    Run r = Run.unigen("quote", "acme-img", "--size", "1024x1024", "--catalog", prices().toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.startsWith("Quote: acme-img: text-to-image, 1024x1024, 1 output\nPrices in USD."), r.toString());
    int beta = r.out.indexOf("1  beta/acme-img");
    int acme = r.out.indexOf("2  acme/acme-img");
    assertTrue(beta > 0 && acme > beta, r.toString());
    assertTrue(r.out.contains("0.00524288 USD"), r.toString());
    assertTrue(r.out.contains("source beta price page"), r.toString());
    assertTrue(r.out.contains("endpoint b/img"), r.toString());
  }

  @Test
  void saysWhyEachOtherOfferIsLeftOut() {
    // Two images a call: beta makes one, so only acme can: 2 x $0.01.
    Run r = Run.unigen("quote", "acme-img", "--count", "2", "--catalog", prices().toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("1  acme/acme-img  per-image  0.02 USD"), r.toString());
    assertTrue(r.out.contains("Left out:"), r.toString());
    assertTrue(r.out.contains("beta/acme-img  CAPABILITY_MISSING  2 outputs asked, 1 allowed"), r.toString());
  }

  @Test
  void convertsToTheAskedCurrencyShowingTheRulesOwnAmount() {
    Run r = Run.unigen("quote", "acme-img", "--count", "2", "--currency", "IDR", "--fx", "USD:IDR=16000",
        "--catalog", prices().toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("Prices in IDR (1 USD = 16000 IDR)."), r.toString());
    assertTrue(r.out.contains("320 IDR (0.02 USD)"), r.toString());
  }

  @Test
  void aVideoModelIsQuotedAsVideoAndAnUnofferedLengthIsExplained() {
    Run ok = Run.unigen("quote", "acme-clip", "--duration", "6s", "--catalog", prices().toString());
    assertEquals(Cli.OK, ok.status, ok.toString());
    assertTrue(ok.out.startsWith("Quote: acme-clip: text-to-video, default size, 1 output, 6 s"), ok.toString());
    assertTrue(ok.out.contains("0.3 USD"), ok.toString()); // 6 s x $0.05

    Run five = Run.unigen("quote", "acme-clip", "--duration", "5s", "--catalog", prices().toString());
    assertEquals(Cli.FAILED, five.status, five.toString());
    assertTrue(five.out.contains("No offer can serve this request."), five.toString());
    assertTrue(five.out.contains("acme/acme-clip  CAPABILITY_MISSING"), five.toString());
  }

  @Test
  void onlyTheProvidersAskedFor() {
    Run r = Run.unigen("quote", "acme-img", "--provider", "acme", "--catalog", prices().toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("1  acme/acme-img"), r.toString());
    assertTrue(r.out.contains("beta/acme-img  PROVIDER_NOT_ALLOWED"), r.toString());
  }

  @Test
  void anUnknownModelFailsNamingModelsLikeIt() {
    Run r = Run.unigen("quote", "acme", "--catalog", prices().toString());
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertEquals("unigen quote: no offer of model 'acme' in the catalog; models like it: acme-clip, acme-img\n", r.err
        .substring(r.err.indexOf("unigen quote:")), r.toString());
    assertTrue(r.noStackTrace(), r.toString());
  }

  @Test
  void theShippedCatalogNeedsNoKeyAndLeavesTheSandboxOut() {
    Run r = Run.unigen("quote", "flux-schnell", "--size", "1024x1024");
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("huggingface/flux-schnell"), r.toString());
    assertFalse(r.out.contains("sandbox/"), r.toString());
    assertTrue(r.err.contains("the zero-cost sandbox left out; --sandbox keeps it"), r.toString());

    Run sandbox = Run.unigen("quote", "flux-schnell", "--size", "1024x1024", "--sandbox");
    assertEquals(Cli.OK, sandbox.status, sandbox.toString());
    assertTrue(sandbox.out.contains("1  sandbox/flux-schnell"), sandbox.toString());
  }

  @Test
  void aBadOverrideFileNamesTheOfferAndField() {
    Path bad = Run.write(dir, "bad.json", "{\"format\": 1, \"offers\": [\n"
        + "  {\"provider\": \"acme\", \"model\": \"acme-img\", \"endpoint\": \"img\", \"tasks\": [\"text-to-image\"],\n"
        + "   \"capabilities\": {\"maxRefs\": 2}, \"asOf\": \"2026-11-01\", \"source\": \"x\"}]}\n");
    Run r = Run.unigen("quote", "acme-img", "--catalog", bad.toString());
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertEquals("unigen quote: bad.json: offers[0] (acme/acme-img): capabilities.maxRefs: unknown field\n", r.err, r.toString());
  }
}
