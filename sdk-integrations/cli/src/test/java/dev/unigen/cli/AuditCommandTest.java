package dev.unigen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code unigen catalog audit} on hand-built catalogs, on 2026-12-06. */
class AuditCommandTest {
  private static final Clock DEC_6 = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
  private static final String FAL_KEY = "test-key-fal-audit-0123456789";

  @TempDir
  Path dir;

  @StartStop
  private final MockWebServer platform = new MockWebServer();

  private static String offer(String model, String extra) {
    return "  {\"model\": \"" + model + "\", \"endpoint\": \"" + model + "\", \"tasks\": [\"text-to-image\"],"
        + " \"capabilities\": {\"sizes\": [\"1024x1024\"]}" + extra + "}";
  }

  private static final String PRICE = ", \"price\": {\"kind\": \"per-image\", \"price\": \"0.01\"}";
  private static final String SOURCE = ", \"source\": \"https://acme.example/pricing\"";

  /** One offer of each kind of finding, and one with none. */
  private Path everyKind() {
    return Run.write(dir, "acme.json", "{\"format\": 1, \"provider\": \"acme\", \"offers\": [\n"
        + offer("fine", PRICE + ", \"asOf\": \"2026-11-30\"" + SOURCE) + ",\n"
        // 2026-08-01 to 2026-12-06: 31 + 30 + 31 + 30 + 5 = 127 days.
        + offer("old", PRICE + ", \"asOf\": \"2026-08-01\"" + SOURCE) + ",\n"
        + offer("unsourced", PRICE + ", \"asOf\": \"2026-11-30\", \"source\": \"acme price page\"") + ",\n"
        + offer("unpriced", ", \"asOf\": \"2026-11-30\"" + SOURCE + ", \"notes\": \"acme quotes it on request\"") + ",\n"
        + offer("retiring", PRICE + ", \"asOf\": \"2026-11-30\"" + SOURCE
            + ", \"retires\": {\"date\": \"2026-12-20\", \"source\": \"https://acme.example/deprecations\"}") + ",\n"
        + offer("retired", PRICE + ", \"asOf\": \"2026-11-30\"" + SOURCE
            + ", \"retires\": {\"date\": \"2026-12-01\", \"source\": \"https://acme.example/deprecations\"}") + ",\n"
        + offer("borrowed", PRICE + ", \"asOf\": \"2026-11-30\", \"source\": \"https://reseller.example/acme\","
            + " \"confidence\": \"third-party\"") + ",\n"
        + offer("ahead", PRICE + ", \"asOf\": \"2026-12-07\"" + SOURCE) + "],\n"
        + " \"subscriptions\": [{\"name\": \"team\", \"monthlyFee\": \"20\", \"includedCredit\": \"5\", \"asOf\": \"2026-11-30\","
        + " \"source\": \"the sales team\"}]}\n");
  }

  /** Only warnings: an old entry and an unpriced one. */
  private Path warningsOnly() {
    return Run.write(dir, "warnings.json", "{\"format\": 1, \"provider\": \"acme\", \"offers\": [\n"
        + offer("old", PRICE + ", \"asOf\": \"2026-08-01\"" + SOURCE) + ",\n"
        + offer("unpriced", ", \"asOf\": \"2026-11-30\"" + SOURCE) + "]}\n");
  }

  private Run audit(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "catalog";
    all[1] = "audit";
    System.arraycopy(args, 0, all, 2, args.length);
    return Run.unigen(env, DEC_6, b -> { }, all);
  }

  private Run audit(String... args) {
    return audit(Map.of(), args);
  }

  @Test
  void listsEachKindOfFindingGroupedByProviderWithASummary() {
    Run r = audit("--catalog", everyKind().toString(), "--provider", "acme");
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertTrue(r.out.startsWith("Audit of 8 offers and 1 subscription on 2026-12-06: sources, prices, retirements (within 30 days), age (over 90 days).\n"), r.toString());
    List<String> lines = r.out.lines().collect(Collectors.toList());
    int acme = lines.indexOf("acme");
    assertTrue(acme > 0, r.toString());
    List<String> found = lines.subList(acme + 1, lines.size() - 2);
    assertEquals(List.of(
        "  error    retired           acme/retired    retired on 2026-12-01 (https://acme.example/deprecations); remove it"
            + " from the catalog",
        "  error    no-public-source  acme/team       source \"the sales team\" cites no public http(s) address",
        "  error    no-public-source  acme/unsourced  source \"acme price page\" is not a public http(s) address",
        "  warning  future-date       acme/ahead      as of 2026-12-07, after today (2026-12-06)",
        "  warning  third-party       acme/borrowed   price read from a third party, not the provider's own page",
        "  warning  stale             acme/old        as of 2026-08-01, 127 days ago (more than 90)",
        "  warning  retiring          acme/retiring   retires on 2026-12-20, in 14 days (https://acme.example/deprecations)",
        "  warning  unpriced          acme/unpriced   no price; the notes say why"), found, r.toString());
    assertEquals("", lines.get(lines.size() - 2), r.toString());
    assertEquals("3 errors, 5 warnings.", lines.get(lines.size() - 1), r.toString());
    assertFalse(r.out.contains("acme/fine"), r.toString());
    assertTrue(r.err.startsWith("catalog: "), r.toString());
  }

  @Test
  void theLimitsAreOptions() {
    Path file = everyKind();
    // Older than 200 days: none; retiring within 10 days: none (the 14-day one is out of reach).
    Run r = audit("--catalog", file.toString(), "--provider", "acme", "--max-age", "200", "--retiring-within", "10");
    assertFalse(r.out.contains("stale"), r.toString());
    assertFalse(r.out.contains("acme/retiring"), r.toString());
    assertTrue(r.out.contains("3 errors, 3 warnings."), r.toString());
    // 127 days is more than 126 but not more than 127.
    assertTrue(audit("--catalog", file.toString(), "--provider", "acme", "--max-age", "126").out.contains("acme/old "));
    assertFalse(audit("--catalog", file.toString(), "--provider", "acme", "--max-age", "127").out.contains("acme/old "));
  }

  @Test
  void warningsPassUnlessStrictAndErrorsFail() {
    Run warned = audit("--catalog", warningsOnly().toString(), "--provider", "acme");
    assertEquals(Cli.OK, warned.status, warned.toString());
    assertTrue(warned.out.endsWith("0 errors, 2 warnings (warnings fail the audit only with --strict).\n"), warned.toString());

    Run strict = audit("--catalog", warningsOnly().toString(), "--provider", "acme", "--strict");
    assertEquals(Cli.FAILED, strict.status, strict.toString());
    assertTrue(strict.out.endsWith("0 errors, 2 warnings.\n"), strict.toString());

    Path clean = Run.write(dir, "clean.json", "{\"format\": 1, \"provider\": \"acme\", \"offers\": [\n"
        + offer("fine", PRICE + ", \"asOf\": \"2026-11-30\"" + SOURCE) + "]}\n");
    Run passed = audit("--catalog", clean.toString(), "--provider", "acme", "--strict");
    assertEquals(Cli.OK, passed.status, passed.toString());
    assertTrue(passed.out.endsWith("\nNothing found.\n"), passed.toString());
  }

  @Test
  void helpSaysWhatFailsTheAudit() {
    Run r = Run.unigen("catalog", "audit", "--help");
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("1   failed: an error found (with --strict, a warning too)"), r.toString());
    assertTrue(Run.unigen("catalog", "list", "--help").out.contains("1   failed: a file that cannot be read"));
  }

  @Test
  void badValuesAreUsageErrors() {
    assertEquals(Cli.USAGE, audit("--max-age", "-1").status);
    assertEquals(Cli.USAGE, audit("--retiring-within", "-5").status);
    assertEquals(Cli.USAGE, audit("--price-change", "-0.1").status);
    assertEquals(Cli.USAGE, audit("--max-age", "ninety").status);
    Run unknown = audit("--provider", "no-such-provider");
    assertEquals(Cli.FAILED, unknown.status, unknown.toString());
    assertTrue(unknown.err.contains("no offer or subscription of provider no-such-provider in the catalog"), unknown.toString());
  }

  @Test
  void jsonGivesEveryFindingWithItsFacts() {
    Run r = audit("--catalog", everyKind().toString(), "--provider", "acme", "--json");
    assertEquals(Cli.FAILED, r.status, r.toString());
    Map<String, Object> json = r.json();
    assertEquals("2026-12-06", json.get("date"));
    assertEquals(Map.of("maxAgeDays", 90.0, "retiringWithinDays", 30.0, "live", false, "priceChange", "0.2", "strict", false),
        json.get("checks"));
    assertEquals(Map.of("offers", 8.0, "subscriptions", 1.0), json.get("audited"));
    assertEquals(3.0, json.get("errors"));
    assertEquals(5.0, json.get("warnings"));
    assertEquals(false, json.get("passed"));
    assertEquals(List.of(), json.get("live"));
    List<Map<String, Object>> findings = QuoteCommandTest.list(json, "findings");
    assertEquals(8, findings.size(), r.toString());
    Map<String, Object> old = findings.stream().filter(f -> "acme/old".equals(f.get("entry"))).findFirst().orElseThrow();
    assertEquals("warning", old.get("severity"));
    assertEquals("stale", old.get("check"));
    assertEquals("acme", old.get("provider"));
    assertEquals("offer", old.get("kind"));
    assertEquals("2026-08-01", old.get("asOf"));
    assertEquals(127.0, old.get("ageDays"));
    Map<String, Object> retiring = findings.stream().filter(f -> "acme/retiring".equals(f.get("entry"))).findFirst().orElseThrow();
    assertEquals("2026-12-20", retiring.get("retires"));
    assertEquals(14.0, retiring.get("daysLeft"));
    assertEquals("https://acme.example/deprecations", retiring.get("retirementSource"));
    Map<String, Object> team = findings.stream().filter(f -> "acme/team".equals(f.get("entry"))).findFirst().orElseThrow();
    assertEquals("error", team.get("severity"));
    assertEquals("subscription", team.get("kind"));
    assertEquals("the sales team", team.get("source"));
  }

  @Test
  void withoutLiveNothingIsSentEvenWithAKey() {
    Run r = audit(falEnv(), "--provider", "fal", "--json");
    assertEquals(0, platform.getRequestCount(), r.toString());
    assertEquals(List.of(), r.json().get("live"));
  }

  @Test
  void liveReportsAUnitPriceFarFromTheProvidersAndSkipsProvidersWithoutAKeyOrModule() throws Exception {
    Offer dev = Catalog.fromClasspath().offer("fal", "flux-dev").orElseThrow();
    BigDecimal shipped = dev.price().orElseThrow().unitPrice().orElseThrow().amount();
    BigDecimal doubled = shipped.multiply(BigDecimal.valueOf(2));
    platform.enqueue(TestCalls.json(200, "{\"prices\": [{\"endpoint_id\": \"" + dev.endpoint() + "\", \"unit_price\": "
        + doubled.toPlainString() + ", \"unit\": \"image\", \"currency\": \"USD\"}], \"next_cursor\": null, \"has_more\": false}"));
    Run r = audit(falEnv(), "--provider", "fal", "--provider", "acme", "--catalog", warningsOnly().toString(), "--live",
        "--json");
    assertEquals(Cli.FAILED, r.status, r.toString());
    RecordedRequest asked = platform.takeRequest();
    assertEquals("/v1/models/pricing", asked.getUrl().encodedPath());
    assertTrue(asked.getUrl().queryParameter("endpoint_id").contains(dev.endpoint()), asked.getUrl().toString());

    Map<String, Object> json = r.json();
    List<Map<String, Object>> live = QuoteCommandTest.list(json, "live");
    assertEquals(List.of("acme", "fal"), live.stream().map(l -> l.get("provider")).collect(Collectors.toList()), r.toString());
    assertEquals("skipped", live.get(0).get("status"));
    assertEquals("read", live.get(1).get("status"));
    Map<String, Object> found = QuoteCommandTest.list(json, "findings").stream()
        .filter(f -> "live-price".equals(f.get("check"))).findFirst().orElseThrow(() -> new AssertionError(r.toString()));
    assertEquals("error", found.get("severity"));
    assertEquals("fal/flux-dev", found.get("entry"));
    assertEquals(Map.of("amount", Quotes.plain(shipped), "currency", "USD"), found.get("catalogPrice"));
    assertEquals(Map.of("amount", Quotes.plain(doubled), "currency", "USD"), found.get("livePrice"));
    // Twice the price: the change is the whole of the catalog's price.
    assertEquals("1", found.get("change"));
    assertEquals(platform.url("/v1/models/pricing").toString(), found.get("liveSource"));
    assertFalse(r.out.contains(FAL_KEY) || r.err.contains(FAL_KEY), r.toString());

    Run text = audit(Map.of(), "--provider", "fal", "--provider", "acme", "--catalog", warningsOnly().toString(), "--live");
    assertTrue(text.err.contains("live: acme: skipped: no provider module of that name here\n"), text.toString());
    assertTrue(text.err.contains("live: fal: skipped: no key set (FAL_KEY"), text.toString());
    assertFalse(text.out.contains("live-"), "a skipped provider is no finding\n" + text);
    assertEquals(1, platform.getRequestCount(), text.toString());
  }

  @Test
  void aLivePriceWithinTheRatioIsNoFindingAndAFailedReadIsAnError() throws Exception {
    Offer dev = Catalog.fromClasspath().offer("fal", "flux-dev").orElseThrow();
    BigDecimal shipped = dev.price().orElseThrow().unitPrice().orElseThrow().amount();
    BigDecimal tenPercentMore = shipped.multiply(new BigDecimal("1.1"));
    platform.enqueue(TestCalls.json(200, "{\"prices\": [{\"endpoint_id\": \"" + dev.endpoint() + "\", \"unit_price\": "
        + tenPercentMore.toPlainString() + ", \"unit\": \"image\", \"currency\": \"USD\"}], \"has_more\": false}"));
    Run close = audit(falEnv(), "--provider", "fal", "--live", "--json");
    assertTrue(QuoteCommandTest.list(close.json(), "findings").stream().noneMatch(f -> "live-price".equals(f.get("check"))),
        close.toString());

    platform.enqueue(TestCalls.json(200, "{\"prices\": [{\"endpoint_id\": \"" + dev.endpoint() + "\", \"unit_price\": "
        + tenPercentMore.toPlainString() + ", \"unit\": \"image\", \"currency\": \"USD\"}], \"has_more\": false}"));
    Run strict = audit(falEnv(), "--provider", "fal", "--live", "--price-change", "0.05", "--json");
    assertTrue(QuoteCommandTest.list(strict.json(), "findings").stream().anyMatch(f -> "live-price".equals(f.get("check"))
        && "0.1".equals(f.get("change"))), strict.toString());

    platform.enqueue(TestCalls.json(401, "{\"detail\": \"Invalid key\"}"));
    Run failed = audit(falEnv(), "--provider", "fal", "--live");
    assertEquals(Cli.FAILED, failed.status, failed.toString());
    assertTrue(failed.out.contains("  error    live-failed"), failed.toString());
    assertTrue(failed.err.contains("live: fal: failed: "), failed.toString());
    assertFalse(failed.out.contains(FAL_KEY) || failed.err.contains(FAL_KEY), failed.toString());
    assertTrue(failed.noStackTrace(), failed.toString());
  }

  private Map<String, String> falEnv() {
    return Map.of("FAL_KEY", FAL_KEY, "UNIGEN_FAL_PLATFORM_BASE_URL", platform.url("/v1").toString());
  }
}
