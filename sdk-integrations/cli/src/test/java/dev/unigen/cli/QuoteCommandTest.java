package dev.unigen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

  @Test
  void jsonGivesEveryQuoteWithAmountsAsDecimalStrings() {
    // As ranksEveryOfferCheapestFirst: beta 1.048576 MP x $0.005 = $0.00524288, acme $0.01.
    Run r = Run.unigen("quote", "acme-img", "--size", "1024x1024", "--catalog", prices().toString(), "--json");
    assertEquals(Cli.OK, r.status, r.toString());
    Map<String, Object> json = r.json();
    assertEquals("acme-img", json.get("model"));
    assertEquals("text-to-image", json.get("task"));
    assertEquals("text-to-image, 1024x1024, 1 output", json.get("request"));
    assertEquals("USD", json.get("currency"));
    assertEquals(List.of(), json.get("rates"));
    List<Map<String, Object>> quotes = list(json, "quotes");
    assertEquals(2, quotes.size(), r.toString());
    Map<String, Object> beta = quotes.get(0);
    assertEquals(1.0, beta.get("rank"));
    assertEquals("beta/acme-img", beta.get("offer"));
    assertEquals("beta", beta.get("provider"));
    assertEquals("acme-img", beta.get("model"));
    assertEquals("b/img", beta.get("endpoint"));
    assertEquals("per-megapixel", beta.get("rule"));
    assertEquals(Map.of("amount", "0.00524288", "currency", "USD"), beta.get("estimate"));
    assertTrue(beta.containsKey("ruleEstimate") && beta.get("ruleEstimate") == null, r.toString());
    assertEquals("2026-11-02", beta.get("asOf"));
    assertEquals("beta price page", beta.get("source"));
    assertEquals("acme/acme-img", quotes.get(1).get("offer"));
    assertEquals(Map.of("amount", "0.01", "currency", "USD"), quotes.get(1).get("estimate"));
    assertEquals(List.of(), json.get("excluded"));
    assertTrue(r.err.startsWith("catalog: "), "the note stays on standard error");
  }

  @Test
  void jsonConvertsAndKeepsTheRulesOwnAmountAndTheExclusions() {
    // Two images: 2 x $0.01 = $0.02 = 320 IDR at 16,000; beta makes one a call.
    Run r = Run.unigen("quote", "acme-img", "--count", "2", "--currency", "IDR", "--fx", "USD:IDR=16000",
        "--catalog", prices().toString(), "--json");
    assertEquals(Cli.OK, r.status, r.toString());
    Map<String, Object> json = r.json();
    assertEquals("IDR", json.get("currency"));
    assertEquals(List.of(Map.of("from", "USD", "to", "IDR", "rate", "16000")), json.get("rates"));
    Map<String, Object> acme = list(json, "quotes").get(0);
    assertEquals(Map.of("amount", "320", "currency", "IDR"), acme.get("estimate"));
    assertEquals(Map.of("amount", "0.02", "currency", "USD"), acme.get("ruleEstimate"));
    List<Map<String, Object>> excluded = list(json, "excluded");
    assertEquals(1, excluded.size(), r.toString());
    assertEquals("beta/acme-img", excluded.get(0).get("offer"));
    assertEquals("CAPABILITY_MISSING", excluded.get(0).get("reason"));
    assertEquals("2 outputs asked, 1 allowed", excluded.get(0).get("detail"));
  }

  @Test
  void jsonOfARequestNoOfferCanServeIsStillJsonWithStatusOne() {
    Run r = Run.unigen("quote", "acme-clip", "--duration", "5s", "--catalog", prices().toString(), "--json");
    assertEquals(Cli.FAILED, r.status, r.toString());
    Map<String, Object> json = r.json();
    assertEquals(List.of(), json.get("quotes"));
    assertEquals("CAPABILITY_MISSING", list(json, "excluded").get(0).get("reason"));
  }

  @SuppressWarnings("unchecked")
  @Test
  void warnsOnStandardErrorWhenAQuotedOfferRetiresWithinThirtyDays() {
    // On 2026-12-06: acme's retires on 2026-12-20, 14 days on; beta's on 2027-01-06, 31 days on; gamma's passed.
    Path file = Run.write(dir, "retiring.json", "{\"format\": 1, \"offers\": [\n"
        + "  {\"provider\": \"acme\", \"model\": \"old-img\", \"endpoint\": \"img\", \"tasks\": [\"text-to-image\"],\n"
        + "   \"price\": {\"kind\": \"per-image\", \"price\": \"0.01\"}, \"asOf\": \"2026-11-01\", \"source\": \"acme price page\",\n"
        + "   \"retires\": {\"date\": \"2026-12-20\", \"source\": \"https://acme.example/deprecations\"}},\n"
        + "  {\"provider\": \"beta\", \"model\": \"old-img\", \"endpoint\": \"b/img\", \"tasks\": [\"text-to-image\"],\n"
        + "   \"price\": {\"kind\": \"per-image\", \"price\": \"0.02\"}, \"asOf\": \"2026-11-01\", \"source\": \"beta price page\",\n"
        + "   \"retires\": {\"date\": \"2027-01-06\", \"source\": \"https://beta.example/deprecations\"}},\n"
        + "  {\"provider\": \"gamma\", \"model\": \"old-img\", \"endpoint\": \"g/img\", \"tasks\": [\"text-to-image\"],\n"
        + "   \"price\": {\"kind\": \"per-image\", \"price\": \"0.005\"}, \"asOf\": \"2026-11-01\", \"source\": \"gamma price page\",\n"
        + "   \"retires\": {\"date\": \"2026-12-06\", \"source\": \"https://gamma.example/deprecations\"}}]}\n");
    java.time.Clock dec6 = java.time.Clock.fixed(java.time.Instant.parse("2026-12-06T12:00:00Z"), java.time.ZoneOffset.UTC);
    Run r = Run.unigen(Map.of(), dec6, b -> { }, "quote", "old-img", "--catalog", file.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.err.contains("unigen quote: warning: acme/old-img retires on 2026-12-20, in 14 days"
        + " (https://acme.example/deprecations); after that day it is left out\n"), r.toString());
    assertFalse(r.err.contains("beta/old-img"), r.toString());
    assertFalse(r.err.contains("gamma/old-img"), "already retired: left out of the quote, not warned about\n" + r);
    assertFalse(r.out.contains("warning"), r.toString());

    Run json = Run.unigen(Map.of(), dec6, b -> { }, "quote", "old-img", "--catalog", file.toString(), "--json");
    assertEquals(Cli.OK, json.status, json.toString());
    assertTrue(json.err.contains("warning: acme/old-img retires on 2026-12-20"), json.toString());
    json.json();

    java.time.Clock dec19 = java.time.Clock.fixed(java.time.Instant.parse("2026-12-19T23:00:00Z"), java.time.ZoneOffset.UTC);
    Run last = Run.unigen(Map.of(), dec19, b -> { }, "quote", "old-img", "--catalog", file.toString());
    assertTrue(last.err.contains("acme/old-img retires on 2026-12-20, tomorrow"), last.toString());
  }

  static List<Map<String, Object>> list(Map<String, Object> json, String key) {
    return (List<Map<String, Object>>) json.get(key);
  }
}
