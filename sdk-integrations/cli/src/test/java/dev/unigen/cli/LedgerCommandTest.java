package dev.unigen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerCommandTest {
  @TempDir
  Path dir;

  static String entry(String id, String day, String provider, String model, String estimate, String actual, String user) {
    return "{\"v\":1,\"id\":\"" + id + "\",\"generationId\":\"g-" + id + "\",\"timestamp\":\"" + day + "T10:00:00Z\","
        + "\"provider\":\"" + provider + "\",\"model\":\"" + model + "\",\"endpoint\":\"e\",\"task\":\"text-to-image\","
        + "\"outcome\":\"succeeded\",\"billed\":true,\"basis\":\"reported\","
        + "\"estimate\":{\"amount\":\"" + estimate + "\",\"currency\":\"USD\"},"
        + "\"actual\":{\"amount\":\"" + actual + "\",\"currency\":\"USD\"},"
        + "\"credited\":{\"amount\":\"0\",\"currency\":\"USD\"},\"tags\":{\"user\":\"" + user + "\"},\"detail\":\"\"}";
  }

  private Path ledger() {
    return Run.write(dir, "costs.jsonl", entry("1", "2026-11-01", "runware", "flux-schnell", "0.0013", "0.0012", "u1") + "\n"
        + entry("2", "2026-11-02", "runware", "flux-schnell", "0.0013", "0.0015", "u2") + "\n"
        + entry("3", "2026-11-02", "fal", "flux-dev", "0.025", "0.025", "u1") + "\n"
        + entry("4", "2026-12-01", "fal", "flux-dev", "0.025", "0.025", "u2") + "\n");
  }

  @Test
  void reportsTotalsByProviderModelTagAndDay() {
    // All four: runware 0.0012 + 0.0015 = 0.0027; fal 0.025 + 0.025 = 0.05; in all 0.0527.
    Run r = Run.unigen("ledger", "report", ledger().toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.startsWith("Cost ledger report"), r.toString());
    assertTrue(r.out.contains("By provider"), r.toString());
    assertTrue(r.out.contains("0.0527"), r.toString());
    assertTrue(r.out.contains("0.0027"), r.toString());
    assertTrue(r.out.contains("By tag user"), r.toString());
    assertTrue(r.out.contains("2026-11-02"), r.toString());
  }

  @Test
  void aRangeOfDaysLeavesTheRestOut() {
    // November only: 0.0012 + 0.0015 + 0.025 = 0.0277.
    Run r = Run.unigen("ledger", "report", ledger().toString(), "--from", "2026-11-01", "--to", "2026-12-01",
        "--json", dir.resolve("nov.json").toString(), "--csv", dir.resolve("nov.csv").toString(),
        "--html", dir.resolve("nov.html").toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("0.0277"), r.toString());
    assertFalse(r.out.contains("2026-12-01  "), r.toString());
    String json = Run.read(dir.resolve("nov.json"));
    assertTrue(json.contains("cost-ledger"), json);
    assertTrue(json.contains("0.0277"), json);
    assertTrue(Run.read(dir.resolve("nov.csv")).startsWith("section,key,model,"), Run.read(dir.resolve("nov.csv")));
    assertTrue(Run.read(dir.resolve("nov.html")).startsWith("<!DOCTYPE html>"));
  }

  @Test
  void theLedgerFileIsNeverChanged() {
    // A last line cut short by a crash: the ledger drops it (and would cut it from the file it opens).
    Path file = Run.write(dir, "torn.jsonl", entry("1", "2026-11-01", "fal", "flux-dev", "0.025", "0.025", "u1") + "\n{\"v\":1,\"id\":");
    String before = Run.read(file);
    Run r = Run.unigen("ledger", "report", file.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertEquals(before, Run.read(file));
  }

  @Test
  void aCorruptLineIsNamedInTheUsersFile() {
    Path file = Run.write(dir, "bad.jsonl", entry("1", "2026-11-01", "fal", "flux-dev", "0.025", "0.025", "u1") + "\n"
        + "{\"v\":1,\"id\":\"2\",\"timestamp\":\"yesterday\"}\n"
        + entry("3", "2026-11-01", "fal", "flux-dev", "0.025", "0.025", "u1") + "\n");
    Run r = Run.unigen("ledger", "report", file.toString());
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertTrue(r.err.contains(file + " line 2 is corrupt"), r.toString());
    assertFalse(r.err.contains("unigen-ledger-"), r.toString()); // not the temporary copy
    assertTrue(r.noStackTrace(), r.toString());
  }

  @Test
  void anotherCurrencyNeedsARate() {
    Path file = Run.write(dir, "eur.jsonl", entry("1", "2026-11-01", "fal", "flux-dev", "0.025", "0.025", "u1")
        .replace("\"USD\"", "\"EUR\"") + "\n");
    Run r = Run.unigen("ledger", "report", file.toString());
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertTrue(r.err.contains("no exchange rate from EUR to USD"), r.toString());
    assertTrue(r.err.contains("--fx EUR:USD="), r.toString());

    // 0.025 EUR x 1.25 = 0.03125 USD.
    Run ok = Run.unigen("ledger", "report", file.toString(), "--fx", "EUR:USD=1.25");
    assertEquals(Cli.OK, ok.status, ok.toString());
    assertTrue(ok.out.contains("0.0312"), ok.toString());
  }

  @Test
  void badArgumentsAndMissingFiles() {
    Run missing = Run.unigen("ledger", "report", dir.resolve("none.jsonl").toString());
    assertEquals(Cli.FAILED, missing.status, missing.toString());
    assertTrue(missing.err.contains("no such ledger file: "), missing.toString());

    Run from = Run.unigen("ledger", "report", ledger().toString(), "--from", "last week");
    assertEquals(Cli.USAGE, from.status, from.toString());
    assertTrue(from.err.contains("--from 'last week' is neither a day"), from.toString());

    Run order = Run.unigen("ledger", "report", ledger().toString(), "--from", "2026-12-01", "--to", "2026-11-01");
    assertEquals(Cli.USAGE, order.status, order.toString());

    Run zone = Run.unigen("ledger", "report", ledger().toString(), "--zone", "Mars/Olympus");
    assertEquals(Cli.USAGE, zone.status, zone.toString());

    Run noReport = Run.unigen("ledger");
    assertEquals(Cli.USAGE, noReport.status, noReport.toString());
  }
}
