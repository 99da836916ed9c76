package dev.unigen.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.internal.JsonFields;
import dev.unigen.internal.JsonTree;
import dev.unigen.ledger.CostLedger;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.Subscription;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What was really spent, from a ledger of a few attempts whose figures are worked out by hand below. */
class LedgerReportTest {
  private CostLedger ledger;

  private static LedgerEntry.Builder entry(String id, String at, String provider, String model, String estimate,
      String actual, String user) {
    LedgerEntry.Builder b = LedgerEntry.builder().id(id).generationId("g-" + id).timestamp(Instant.parse(at))
        .provider(provider).model(model).endpoint(provider + "/" + model).task("text-to-image")
        .outcome(LedgerEntry.Outcome.SUCCEEDED).basis(CostBasis.COMPUTED).tag("user", user);
    if (estimate != null) b.estimate(Money.usd(estimate));
    if (actual != null) b.actual(Money.usd(actual));
    return b;
  }

  @BeforeEach
  void record() {
    Subscription pro = Subscription.builder("huggingface", "pro").monthlyFee(Money.usd("9"))
        .includedCredit(Money.usd("2.00")).provenance("2026-11-23", "test").build();
    ledger = CostLedger.builder().subscriptions(List.of(pro)).build();
    // fal flux-schnell, estimated $0.006 each: one came in at $0.006, one at $0.009 (a larger image).
    ledger.record(entry("1", "2026-11-01T10:00:00Z", "fal", "flux-schnell", "0.006", "0.006", "u-1").build());
    ledger.record(entry("2", "2026-11-01T11:00:00Z", "fal", "flux-schnell", "0.006", "0.009", "u-2").build());
    // Runware reported $0.0027 against an estimate of $0.0030.
    ledger.record(entry("3", "2026-11-02T09:00:00Z", "runware", "flux-schnell", "0.0030", "0.0027", "u-1")
        .basis(CostBasis.REPORTED).build());
    // Hugging Face: $1.50 then $1.00; the $2.00 credit pays 1.50 and 0.50, so $0.50 is charged.
    ledger.record(entry("4", "2026-11-02T12:00:00Z", "huggingface", "flux-dev", "1.50", "1.50", "u-2").build());
    ledger.record(entry("5", "2026-11-03T12:00:00Z", "huggingface", "flux-dev", "1.00", "1.00", "u-2").build());
    // A failed attempt, unbilled, with an estimate only: counted as an entry, charged nothing, no drift.
    ledger.record(entry("6", "2026-11-03T13:00:00Z", "fal", "veo-3", "3.20", null, "u-1")
        .outcome(LedgerEntry.Outcome.FAILED).basis(CostBasis.UNPRICED).build());
    // December: outside a November report.
    ledger.record(entry("7", "2026-12-01T00:00:00Z", "fal", "flux-schnell", "0.006", "0.006", "u-1").build());
  }

  private LedgerReport november() {
    return LedgerReport.builder(ledger).between(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"))
        .build();
  }

  @Test
  void totalsByProviderModelTagAndDay() {
    LedgerReport r = november();
    assertEquals(6, r.entries());
    // fal 0.006 + 0.009 = 0.015; runware 0.0027; huggingface 0 + 0.50 = 0.50. Total 0.5177.
    assertEquals(Money.usd("0.015"), r.byProvider().get("fal"));
    assertEquals(Money.usd("0.0027"), r.byProvider().get("runware"));
    assertEquals(Money.usd("0.50"), r.byProvider().get("huggingface"));
    assertEquals(Money.usd("0.5177"), r.total());
    // flux-schnell 0.015 + 0.0027 = 0.0177; flux-dev 0.50; veo-3 0.
    assertEquals(Money.usd("0.0177"), r.byModel().get("flux-schnell"));
    assertEquals(Money.usd("0"), r.byModel().get("veo-3"));
    // u-1: 0.006 + 0.0027 = 0.0087; u-2: 0.009 + 0.50 = 0.509.
    assertEquals(Money.usd("0.0087"), r.byTag().get("user").get("u-1"));
    assertEquals(Money.usd("0.509"), r.byTag().get("user").get("u-2"));
    // Days: Nov 1 0.015; Nov 2 0.0027 + 0 = 0.0027; Nov 3 0.50.
    assertEquals(Money.usd("0.015"), r.byDay().get(LocalDate.of(2026, 11, 1)));
    assertEquals(Money.usd("0.0027"), r.byDay().get(LocalDate.of(2026, 11, 2)));
    assertEquals(Money.usd("0.50"), r.byDay().get(LocalDate.of(2026, 11, 3)));
    assertEquals(7, LedgerReport.builder(ledger).build().entries());
  }

  @Test
  void estimateAgainstActual() {
    List<LedgerReport.Drift> drift = november().drift();
    assertEquals(3, drift.size()); // the failed veo-3 attempt has no actual
    // fal flux-schnell: estimated 0.012, paid 0.015: +0.003, 0.003 / 0.012 = +0.25; one entry above its estimate.
    LedgerReport.Drift fal = drift.get(0);
    assertEquals("fal", fal.provider());
    assertEquals(Money.usd("0.012"), fal.estimated());
    assertEquals(Money.usd("0.015"), fal.actual());
    assertEquals(Money.usd("0.003"), fal.difference());
    assertEquals(0, new BigDecimal("0.25").compareTo(fal.ratio().get()));
    assertEquals(1, fal.over());
    // huggingface flux-dev: exact, 2.50 against 2.50 (drift is of the actual, before credits).
    assertEquals(Money.usd("0"), drift.get(1).difference());
    // runware: 0.0027 - 0.0030 = -0.0003, -0.0003 / 0.0030 = -0.1.
    assertEquals("runware", drift.get(2).provider());
    assertEquals(0, new BigDecimal("-0.1").compareTo(drift.get(2).ratio().get()));
  }

  @Test
  void renderings() throws IOException {
    LedgerReport r = LedgerReport.builder(ledger).between(Instant.parse("2026-11-01T00:00:00Z"),
        Instant.parse("2026-12-01T00:00:00Z")).title("November").tagKeys("user").build();
    Path dir = Path.of("target", "reports");
    Files.createDirectories(dir);
    for (ReportFormat f : ReportFormat.values()) {
      Files.writeString(dir.resolve("ledger." + f.extension()), r.render(f), StandardCharsets.UTF_8);
    }
    String text = r.render(ReportFormat.TEXT);
    assertTrue(text.startsWith("November\nfrom 2026-11-01T00:00:00Z to 2026-12-01T00:00:00Z (exclusive) · 6 entries"
        + " · charged 0.5177 USD\n"), text);
    assertTrue(text.contains("  huggingface        2         0.5000\n"), text);
    assertTrue(text.contains("  fal          flux-schnell        2  USD          0.0120  0.0150     +0.0030  +25.0 %     1\n"), text);

    JsonFields json = JsonFields.of(JsonTree.parse(r.render(ReportFormat.JSON)), "$");
    assertEquals("0.5177", json.requireString("charged"));
    assertEquals("0.509", json.object("byTag").get().objects("user").get(1).requireString("charged"));
    assertEquals("0.25", json.objects("drift").get(0).requireString("ratio"));

    List<String> csv = r.render(ReportFormat.CSV).lines().toList();
    assertEquals("section,key,model,entries,currency,charged,estimated,actual,difference,drift_ratio", csv.get(0));
    assertTrue(csv.contains("provider,fal,,3,USD,0.015,,,,"), String.join("\n", csv));
    assertTrue(csv.contains("drift,runware,flux-schnell,1,USD,,0.003,0.0027,-0.0003,-0.1"), String.join("\n", csv));
    assertTrue(csv.contains("total,,,6,USD,0.5177,,,,"), String.join("\n", csv));

    String html = r.render(ReportFormat.HTML);
    assertFalse(html.contains("<script"));
    assertFalse(html.contains("src="));
    assertEquals(2 * 4, html.split("<svg ", -1).length - 1); // provider, model, tag user, day; wide and narrow
    // On a phone the range's instants do not break across lines, and the narrow charts replace the wide.
    assertTrue(html.contains("from <span class=\"nw\">2026-11-01T00:00:00Z</span> to <span class=\"nw\">"
        + "2026-12-01T00:00:00Z</span> (exclusive)"), html);
    assertTrue(html.contains(".chart.wide{display:none}.chart.narrow{display:block}"), html);
  }

  @Test
  void entriesOfAChainAreGroupedByChainWithItsRunsEstimateAndActual() {
    CostLedger chains = CostLedger.inMemory();
    // Run r-1 of premium-photo: the prompt ($0.001 as quoted); the image failed on fal after being billed
    // $0.005, then made on Runware, estimated and charged $0.006; the upscale $0.0262144 as quoted.
    chains.record(step("c1", "r-1", "prompt", "xai", "0.001", "0.001").build());
    chains.record(step("c2", "r-1", "base", "fal", "0.005", "0.005").outcome(LedgerEntry.Outcome.FAILED).build());
    chains.record(step("c3", "r-1", "base", "runware", "0.006", "0.006").build());
    chains.record(step("c4", "r-1", "final", "fal", "0.0262144", "0.0262144").build());
    // Run r-2 stopped after its prompt, which came in at $0.0012 against $0.001.
    chains.record(step("c5", "r-2", "prompt", "xai", "0.001", "0.0012").build());
    // A call outside any chain is not in the table.
    chains.record(entry("c6", "2026-11-05T10:00:00Z", "fal", "flux-schnell", "0.006", "0.006", "u-1").build());

    LedgerReport r = LedgerReport.builder(chains).build();
    assertEquals(1, r.chains().size());
    LedgerReport.ChainTotal c = r.chains().get(0);
    assertEquals("premium-photo", c.chain());
    assertEquals(2, c.runs());
    assertEquals(5, c.entries());
    // Estimated: 0.001 + 0.006 + 0.0262144 + 0.001 = $0.0342144 (the failed attempt's estimate is not a step's).
    assertEquals(Money.usd("0.0342144"), c.estimated());
    // Actual: 0.001 + 0.005 + 0.006 + 0.0262144 + 0.0012 = $0.0394144; $0.0052 more, 0.0052 / 0.0342144 = 15.2 %.
    assertEquals(Money.usd("0.0394144"), c.actual());
    assertEquals(Money.usd("0.0052"), c.difference());
    assertEquals(new BigDecimal("0.15198279087167976057"), c.ratio().get());

    String text = r.render(ReportFormat.TEXT);
    assertTrue(text.contains("By chain (estimates of the steps that succeeded against the actual cost of every attempt)\n"
        + "  Chain          Runs  Entries  Currency  Estimated  Actual  Difference    Drift\n"
        + "  premium-photo     2        5  USD          0.0342  0.0394     +0.0052  +15.2 %\n"), text);
    JsonFields json = JsonFields.of(JsonTree.parse(r.render(ReportFormat.JSON)), "$").objects("chains").get(0);
    assertEquals("premium-photo", json.requireString("chain"));
    assertEquals(2L, json.integer("runs").get());
    assertEquals("0.0342144", json.requireString("estimated"));
    assertEquals("0.0394144", json.requireString("actual"));
    assertTrue(r.render(ReportFormat.CSV).contains("chain,premium-photo,2 runs,5,USD,,0.0342144,0.0394144,0.0052,"
        + "0.15198279087167976057\r\n"));
    assertTrue(r.render(ReportFormat.HTML).contains("<h2>By chain</h2>"));
    // A ledger without chains has no such section.
    assertFalse(LedgerReport.builder(ledger).build().render(ReportFormat.TEXT).contains("By chain"));
  }

  private static LedgerEntry.Builder step(String id, String run, String step, String provider, String estimate,
      String actual) {
    return entry(id, "2026-11-05T09:00:00Z", provider, "m-" + step, estimate, actual, "u-1")
        .tag("chain", "premium-photo").tag("chain.run", run).tag("chain.step", step);
  }

  @Test
  void aRangeMustNotEndBeforeItStarts() {
    assertThrows(IllegalArgumentException.class,
        () -> LedgerReport.builder(ledger).between(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")));
  }
}
