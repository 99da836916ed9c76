package dev.unigen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.postgres.PostgresCostLedger;
import dev.unigen.postgres.PostgresDatabase;
import dev.unigen.postgres.TestPostgres;
import dev.unigen.pricing.CostBasis;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unigen ledger report --jdbc-url}: the ledger PostgresCostLedger keeps, read from a real
 * PostgreSQL (started by the tests) over read-only connections, reports what the same entries in
 * a ledger file report.
 */
class LedgerDatabaseTest {
  private static final Map<String, String> ENV = Map.of("PGUSER", "postgres");
  private static String url;

  @TempDir
  Path dir;

  /** The four entries of {@link LedgerCommandTest}, recorded in PostgreSQL. */
  @BeforeAll
  static void recordEntries() {
    url = TestPostgres.get().newDatabase();
    try (PostgresDatabase db = PostgresDatabase.connect(url, "postgres", "")) {
      PostgresCostLedger ledger = PostgresCostLedger.builder(db).build();
      ledger.record(entry("1", "2026-11-01", "runware", "flux-schnell", "0.0013", "0.0012", "u1"));
      ledger.record(entry("2", "2026-11-02", "runware", "flux-schnell", "0.0013", "0.0015", "u2"));
      ledger.record(entry("3", "2026-11-02", "fal", "flux-dev", "0.025", "0.025", "u1"));
      ledger.record(entry("4", "2026-12-01", "fal", "flux-dev", "0.025", "0.025", "u2"));
    }
  }

  private static LedgerEntry entry(String id, String day, String provider, String model, String estimate,
      String actual, String user) {
    return LedgerEntry.builder().id(id).generationId("g-" + id).timestamp(Instant.parse(day + "T10:00:00Z"))
        .provider(provider).model(model).endpoint("e").task("text-to-image").outcome(LedgerEntry.Outcome.SUCCEEDED)
        .billed(true).basis(CostBasis.REPORTED).estimate(Money.usd(estimate)).actual(Money.usd(actual))
        .tag("user", user).build();
  }

  private Path file() {
    return Run.write(dir, "costs.jsonl",
        LedgerCommandTest.entry("1", "2026-11-01", "runware", "flux-schnell", "0.0013", "0.0012", "u1") + "\n"
            + LedgerCommandTest.entry("2", "2026-11-02", "runware", "flux-schnell", "0.0013", "0.0015", "u2") + "\n"
            + LedgerCommandTest.entry("3", "2026-11-02", "fal", "flux-dev", "0.025", "0.025", "u1") + "\n"
            + LedgerCommandTest.entry("4", "2026-12-01", "fal", "flux-dev", "0.025", "0.025", "u2") + "\n");
  }

  @Test
  void theDatabaseReportsWhatTheSameEntriesInAFileReport() {
    // runware 0.0012 + 0.0015 = 0.0027; fal 0.025 + 0.025 = 0.05; in all 0.0527.
    Run db = Run.unigen(ENV, "ledger", "report", "--jdbc-url", url);
    assertEquals(Cli.OK, db.status, db.toString());
    assertTrue(db.out.contains("0.0527"), db.toString());
    assertTrue(db.out.contains("0.0027"), db.toString());
    assertTrue(db.out.contains("By tag user"), db.toString());
    Run fromFile = Run.unigen("ledger", "report", file().toString());
    assertEquals(fromFile.out, db.out);

    // November only, in every format: 0.0012 + 0.0015 + 0.025 = 0.0277.
    Run nov = Run.unigen(ENV, "ledger", "report", "--jdbc-url", url, "--from", "2026-11-01", "--to", "2026-12-01",
        "--json", dir.resolve("db.json").toString(), "--csv", dir.resolve("db.csv").toString());
    assertEquals(Cli.OK, nov.status, nov.toString());
    assertTrue(nov.out.contains("0.0277"), nov.toString());
    Run novFile = Run.unigen("ledger", "report", file().toString(), "--from", "2026-11-01", "--to", "2026-12-01",
        "--json", dir.resolve("file.json").toString(), "--csv", dir.resolve("file.csv").toString());
    assertEquals(novFile.out, nov.out);
    assertEquals(Run.read(dir.resolve("file.json")), Run.read(dir.resolve("db.json")));
    assertEquals(Run.read(dir.resolve("file.csv")), Run.read(dir.resolve("db.csv")));
  }

  @Test
  void theUserComesFromTheOptionThenPgUserAndThePasswordFromPgPassword() {
    Run named = Run.unigen(Map.of(), "ledger", "report", "--jdbc-url", url, "--db-user", "postgres");
    assertEquals(Cli.OK, named.status, named.toString());
    // The test server trusts every local connection, so any password is accepted, and never shown.
    Run withPassword = Run.unigen(Map.of("PGUSER", "postgres", "PGPASSWORD", "pg-secret-0123"), "ledger", "report",
        "--jdbc-url", url);
    assertEquals(Cli.OK, withPassword.status, withPassword.toString());
    assertFalse(withPassword.out.contains("pg-secret-0123") || withPassword.err.contains("pg-secret-0123"));
  }

  @Test
  void theReportChangesNothingInTheDatabase() throws Exception {
    // A database Unigen never opened: refused, and not given a schema.
    String empty = TestPostgres.get().newDatabase();
    Run r = Run.unigen(ENV, "ledger", "report", "--jdbc-url", empty + "&password=url-secret-0123");
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertTrue(r.err.contains("holds no Unigen schema"), r.toString());
    assertTrue(r.err.contains("cannot read the ledger in " + empty.substring(0, empty.indexOf('?'))), r.toString());
    assertFalse(r.err.contains("url-secret-0123"), r.toString());
    assertTrue(r.noStackTrace(), r.toString());
    try (Connection c = DriverManager.getConnection(empty);
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'unigen%'")) {
      rs.next();
      assertEquals(0, rs.getInt(1));
    }
  }

  @Test
  void badArgumentsAndAnUnreachableDatabase() throws Exception {
    Run neither = Run.unigen(ENV, "ledger", "report");
    assertEquals(Cli.USAGE, neither.status, neither.toString());
    assertTrue(neither.err.contains("name a ledger file, or a database with --jdbc-url"), neither.toString());
    Run both = Run.unigen(ENV, "ledger", "report", file().toString(), "--jdbc-url", url);
    assertEquals(Cli.USAGE, both.status, both.toString());
    Run userAlone = Run.unigen(ENV, "ledger", "report", file().toString(), "--db-user", "postgres");
    assertEquals(Cli.USAGE, userAlone.status, userAlone.toString());
    Run notPostgres = Run.unigen(ENV, "ledger", "report", "--jdbc-url", "jdbc:mysql://db/app");
    assertEquals(Cli.USAGE, notPostgres.status, notPostgres.toString());
    assertTrue(notPostgres.err.contains("not a PostgreSQL JDBC URL"), notPostgres.toString());

    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Run down = Run.unigen(ENV, "ledger", "report", "--jdbc-url", "jdbc:postgresql://127.0.0.1:" + closed + "/app");
    assertEquals(Cli.FAILED, down.status, down.toString());
    assertTrue(down.err.contains("cannot read the ledger in jdbc:postgresql://127.0.0.1:" + closed + "/app"), down.toString());
    assertTrue(down.noStackTrace(), down.toString());
  }
}
