package dev.unigen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
  @TempDir
  Path dir;

  /** 100 images a month at $0.01 on acme, a provider only this file knows; reported in rupiah at 16,000. */
  static final String WORKLOAD = "{\n"
      + "  \"format\": 1,\n"
      + "  \"name\": \"Acme tier\",\n"
      + "  \"users\": 2,\n"
      + "  \"revenue\": {\"amount\": \"20000\", \"currency\": \"IDR\"},\n"
      + "  \"currency\": \"IDR\",\n"
      + "  \"fxRates\": [{\"from\": \"USD\", \"to\": \"IDR\", \"rate\": \"16000\"}],\n"
      + "  \"catalog\": {\"format\": 1, \"offers\": [\n"
      + "    {\"provider\": \"acme\", \"model\": \"acme-img\", \"endpoint\": \"img\", \"tasks\": [\"text-to-image\"],\n"
      + "     \"price\": {\"kind\": \"per-image\", \"price\": \"0.01\"}, \"asOf\": \"2026-11-01\", \"source\": \"test\"}]},\n"
      + "  \"lines\": [{\"name\": \"Images\", \"task\": \"text-to-image\", \"model\": \"acme-img\", \"size\": \"%SIZE%\", \"count\": 100}],\n"
      + "  \"scenarios\": [{\"name\": \"On acme\", \"providers\": [\"acme\"]}]\n"
      + "}\n";

  private Path workload(String size) {
    return Run.write(dir, "tier.json", WORKLOAD.replace("%SIZE%", size));
  }

  @Test
  void printsThePlanInTheFilesCurrency() {
    // 100 x $0.01 = $1.00 = Rp 16,000 a user; margin Rp 20,000 - 16,000 = Rp 4,000 (20 %).
    Run r = Run.unigen("plan", workload("1024x1024").toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.startsWith("Cost plan: Acme tier"), r.toString());
    assertTrue(r.out.contains("Rates: 1 USD = 16,000 IDR."), r.toString());
    assertTrue(r.out.contains("16,000.00"), r.toString());
    assertTrue(r.out.contains("4,000.00 (20.0 %)"), r.toString());
    assertTrue(r.out.endsWith("\n"), r.toString());
    assertTrue(r.err.contains("catalog: "), r.toString());
  }

  @Test
  void currencyAndRatesFromTheCommandLineWin() {
    Path w = workload("1024x1024");
    Run usd = Run.unigen("plan", w.toString(), "--currency", "USD");
    assertEquals(Cli.OK, usd.status, usd.toString());
    assertTrue(usd.out.contains("Amounts in USD"), usd.toString());
    assertTrue(usd.out.contains("1.00"), usd.toString());

    // 100 x $0.01 = $1.00 at 15,000 = Rp 15,000: the --fx rate replaces the file's.
    Run idr = Run.unigen("plan", w.toString(), "--fx", "USD:IDR=15000");
    assertEquals(Cli.OK, idr.status, idr.toString());
    assertTrue(idr.out.contains("Rates: 1 USD = 15,000 IDR."), idr.toString());
    assertTrue(idr.out.contains("15,000.00"), idr.toString());
  }

  @Test
  void writesHtmlJsonAndCsv() {
    Path html = dir.resolve("out/plan.html");
    Path json = dir.resolve("out/plan.json");
    Path csv = dir.resolve("out/plan.csv");
    Run r = Run.unigen("plan", workload("1024x1024").toString(), "--html", html.toString(), "--json", json.toString(),
        "--csv", csv.toString(), "--title", "Acme, March");
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(Run.read(html).startsWith("<!DOCTYPE html>"), Run.read(html));
    assertTrue(Run.read(html).contains("Acme, March"));
    assertTrue(Run.read(json).contains("\"report\": \"cost-plan\"") || Run.read(json).contains("\"report\":\"cost-plan\""), Run.read(json));
    assertTrue(Run.read(json).contains("16000"), Run.read(json));
    assertTrue(Run.read(csv).startsWith("scenario,row,line,"), Run.read(csv));
    assertTrue(r.err.contains("wrote html report " + html), r.toString());
    assertTrue(r.err.contains("wrote csv report " + csv), r.toString());
  }

  @Test
  void catalogOverridesReplaceOffers() {
    Path over = Run.write(dir, "prices.json", "{\"format\": 1, \"offers\": [\n"
        + "  {\"provider\": \"acme\", \"model\": \"acme-img\", \"endpoint\": \"img\", \"tasks\": [\"text-to-image\"],\n"
        + "   \"price\": {\"kind\": \"per-image\", \"price\": \"0.02\"}, \"asOf\": \"2026-12-01\", \"source\": \"override\"}]}\n");
    // The workload's own catalog is laid over the command's, so the file's acme price still wins...
    Run r = Run.unigen("plan", workload("1024x1024").toString(), "--catalog", over.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("16,000.00"), r.toString());
    assertTrue(r.err.contains("with prices.json laid over them"), r.toString());
    // ...while a model the file does not price comes from the override.
    Path other = Run.write(dir, "other.json", WORKLOAD.replace("%SIZE%", "1024x1024").replace("\"model\": \"acme-img\", \"size\"",
        "\"model\": \"beta-img\", \"size\""));
    Path beta = Run.write(dir, "beta.json", "{\"format\": 1, \"provider\": \"acme\", \"offers\": [\n"
        + "  {\"model\": \"beta-img\", \"endpoint\": \"b\", \"tasks\": [\"text-to-image\"],\n"
        + "   \"price\": {\"kind\": \"per-image\", \"price\": \"0.02\"}, \"asOf\": \"2026-12-01\", \"source\": \"override\"}]}\n");
    Run b = Run.unigen("plan", other.toString(), "--catalog", beta.toString());
    assertEquals(Cli.OK, b.status, b.toString());
    assertTrue(b.out.contains("32,000.00"), b.toString()); // 100 x $0.02 = $2 = Rp 32,000
  }

  @Test
  void aBadFileNamesTheLineAndFieldWithoutAStackTrace() {
    Run r = Run.unigen("plan", workload("1024*1024").toString());
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertEquals("unigen plan: tier.json: lines[0] (Images): size: not a WxH size: 1024*1024\n", r.err, r.toString());
    assertTrue(r.out.isEmpty(), r.toString());
    assertTrue(r.noStackTrace(), r.toString());
  }

  @Test
  void unknownFieldsAndBrokenJsonAreNamed() {
    Path w = Run.write(dir, "typo.json", WORKLOAD.replace("%SIZE%", "1024x1024").replace("\"users\"", "\"userz\""));
    Run r = Run.unigen("plan", w.toString());
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertTrue(r.err.startsWith("unigen plan: typo.json: $.userz: unknown field"), r.toString());

    Path broken = Run.write(dir, "broken.json", "{\"format\": 1, \"name\": ");
    Run b = Run.unigen("plan", broken.toString());
    assertEquals(Cli.FAILED, b.status, b.toString());
    assertTrue(b.err.startsWith("unigen plan: broken.json: "), b.toString());
    assertTrue(b.noStackTrace(), b.toString());
  }

  @Test
  void aMissingFileOrRateFails() {
    Run missing = Run.unigen("plan", dir.resolve("nope.json").toString());
    assertEquals(Cli.FAILED, missing.status, missing.toString());
    assertTrue(missing.err.contains("no such workload file: "), missing.toString());

    // An offer priced in dollars with no rate to rupiah cannot serve: the line is reported, the plan still runs.
    Path noRate = Run.write(dir, "norate.json", WORKLOAD.replace("%SIZE%", "1024x1024")
        .replace("  \"fxRates\": [{\"from\": \"USD\", \"to\": \"IDR\", \"rate\": \"16000\"}],\n", ""));
    Run r = Run.unigen("plan", noRate.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("acme/acme-img: priced in USD with no rate to IDR"), r.toString());
    assertTrue(r.err.contains("note: scenario 'On acme' has 1 line without a price; its total is a lower bound"), r.toString());

    // A revenue in dollars cannot be reported in rupiah without a rate: that fails, saying how to give one.
    Path revenue = Run.write(dir, "revenue.json", WORKLOAD.replace("%SIZE%", "1024x1024")
        .replace("  \"fxRates\": [{\"from\": \"USD\", \"to\": \"IDR\", \"rate\": \"16000\"}],\n", "")
        .replace("\"amount\": \"20000\", \"currency\": \"IDR\"", "\"amount\": \"2\", \"currency\": \"USD\""));
    Run rev = Run.unigen("plan", revenue.toString());
    assertEquals(Cli.FAILED, rev.status, rev.toString());
    assertTrue(rev.err.contains("revenue.json: no exchange rate from USD to IDR"), rev.toString());
    assertTrue(rev.err.contains("--fx USD:IDR=RATE (units of IDR per USD)"), rev.toString());

    // The hint names the pair that is missing, whatever the currencies.
    Path pounds = Run.write(dir, "pounds.json", WORKLOAD.replace("%SIZE%", "1024x1024")
        .replace("\"amount\": \"20000\", \"currency\": \"IDR\"", "\"amount\": \"2\", \"currency\": \"GBP\""));
    Run gbp = Run.unigen("plan", pounds.toString());
    assertEquals(Cli.FAILED, gbp.status, gbp.toString());
    assertTrue(gbp.err.contains("pounds.json: no exchange rate from GBP to IDR; state one in the file's fxRates or with"
        + " --fx GBP:IDR=RATE (units of IDR per GBP)"), gbp.toString());
  }

  @Test
  void aScenarioHoldingAnUnknownPlanFails() {
    Path w = Run.write(dir, "sub.json", WORKLOAD.replace("%SIZE%", "1024x1024").replace("\"providers\": [\"acme\"]",
        "\"providers\": [\"acme\"], \"subscriptions\": [{\"provider\": \"acme\", \"name\": \"gold\"}]"));
    Run r = Run.unigen("plan", w.toString());
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertTrue(r.err.contains("holds subscription acme/gold, which is not in its catalog"), r.toString());
  }

  @Test
  void everySampleWorkloadPlans() throws Exception {
    Path workloads = Path.of("../../sdk-examples/src/main/resources/workloads");
    Assumptions.assumeTrue(Files.isDirectory(workloads), "the examples' workload files are beside this module");
    try (Stream<Path> files = Files.list(workloads)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
        Run r = Run.unigen("plan", f.toString());
        assertEquals(Cli.OK, r.status, r.toString());
        assertFalse(r.out.contains("cannot be served"), f + " has a line no offer serves:\n" + r);
      }
    }
  }

  @Test
  void aMisspelledModelFailsThePlanAndTheValidation() {
    Path w = Run.write(dir, "typo.json", WORKLOAD.replace("%SIZE%", "1024x1024")
        .replace("\"model\": \"acme-img\", \"size\"", "\"model\": \"acme-imgg\", \"size\""));
    Run plan = Run.unigen("plan", w.toString());
    assertEquals(Cli.FAILED, plan.status, plan.toString());
    assertEquals("unigen plan: typo.json: line 1 (Images): model 'acme-imgg' is in no catalog (did you mean 'acme-img'?)\n",
        plan.err, plan.toString());
    Run validate = Run.unigen("catalog", "validate", w.toString());
    assertEquals(Cli.FAILED, validate.status, validate.toString());
    assertEquals("unigen catalog validate: typo.json: line 1 (Images): model 'acme-imgg' is in no catalog"
        + " (did you mean 'acme-img'?)\n", validate.err, validate.toString());
    Run provider = Run.unigen("catalog", "validate", Run.write(dir, "p.json", WORKLOAD.replace("%SIZE%", "1024x1024")
        .replace("\"providers\": [\"acme\"]", "\"providers\": [\"acmee\"]")).toString());
    assertEquals(Cli.FAILED, provider.status, provider.toString());
    assertTrue(provider.err.contains("scenario On acme: provider 'acmee' is in no catalog (did you mean 'acme'?)"),
        provider.toString());
    Run ok = Run.unigen("catalog", "validate", workload("1024x1024").toString());
    assertEquals(Cli.OK, ok.status, ok.toString());
  }
}
