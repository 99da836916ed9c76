package dev.unigen.postgres;

import static dev.unigen.postgres.Entries.attempt;
import static dev.unigen.postgres.Entries.paid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ledger.CostLedger;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.ledger.LedgerEntry.Outcome;
import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded ledger's totals and CSV, run against {@link PostgresCostLedger} on a real
 * PostgreSQL (sums done in SQL), and what the shared table adds: idempotent records, an
 * append-only table, a schema applied once. Each test has a database of its own.
 */
class PostgresCostLedgerTest {
  private static final Instant MAY_1 = Instant.parse("2025-05-01T00:00:00Z");
  private static final Instant MAY_4 = Instant.parse("2025-05-04T00:00:00Z");

  private String url;
  private PostgresDatabase db;

  @BeforeEach
  void openDatabase() {
    url = TestPostgres.get().newDatabase();
    db = PostgresDatabase.connect(url, "postgres", "");
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  private PostgresCostLedger.Builder builder() {
    return PostgresCostLedger.builder(db);
  }

  /** Records the same seven entries; the range [May 1, May 4) holds five of them. */
  private static CostLedger recordSample(CostLedger ledger) {
    ledger.record(paid("e1", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.003").tag("user", "u-1").tag("project", "p").build());
    ledger.record(paid("e2", "2025-05-01T23:30:00Z", "replicate", "flux-schnell", "0.003").tag("user", "u-2").build());
    ledger.record(paid("e3", "2025-05-02T08:00:00Z", "fal", "flux-dev", "0.025").tag("user", "u-1").build());
    // A failure with no actual counts zero but still shows up under its keys.
    ledger.record(attempt("e4", "2025-05-02T09:00:00Z", "fal", "kling-2.1-pro").outcome(Outcome.FAILED)
        .basis(CostBasis.UNPRICED).tag("user", "u-1").build());
    ledger.record(paid("e5", "2025-05-03T00:00:00Z", "together", "flux-schnell", "0.0027").tag("project", "p").build());
    // Outside the range: one second before it, and exactly at its exclusive end.
    ledger.record(paid("e6", "2025-04-30T23:59:59Z", "fal", "flux-dev", "1.00").build());
    ledger.record(paid("e7", "2025-05-04T00:00:00Z", "fal", "flux-dev", "5.00").build());
    return ledger;
  }

  @Test
  void totalsByProviderModelTagAndDay() {
    CostLedger ledger = recordSample(builder().build());

    SortedMap<String, Money> byProvider = ledger.totals(MAY_1, MAY_4).byProvider();
    // fal: 0.003 + 0.025 + 0 (e4); replicate: 0.003; together: 0.0027
    assertEquals(Map.of("fal", Money.usd("0.028"), "replicate", Money.usd("0.003"), "together", Money.usd("0.0027")), byProvider);
    assertEquals(List.of("fal", "replicate", "together"), List.copyOf(byProvider.keySet()));

    // flux-schnell: 0.003 + 0.003 + 0.0027; flux-dev: 0.025; kling: nothing charged
    assertEquals(Map.of("flux-schnell", Money.usd("0.0087"), "flux-dev", Money.usd("0.025"),
        "kling-2.1-pro", Money.usd("0")), ledger.totals(MAY_1, MAY_4).byModel());

    // u-1: 0.003 + 0.025 + 0; u-2: 0.003; e5 has no user tag and is left out.
    assertEquals(Map.of("u-1", Money.usd("0.028"), "u-2", Money.usd("0.003")), ledger.totals(MAY_1, MAY_4).byTag("user"));
    // p: 0.003 + 0.0027
    assertEquals(Map.of("p", Money.usd("0.0057")), ledger.totals(MAY_1, MAY_4).byTag("project"));
    assertEquals(Map.of(), ledger.totals(MAY_1, MAY_4).byTag("episode"));

    // UTC days: May 1: 0.003 + 0.003; May 2: 0.025 + 0; May 3: 0.0027
    SortedMap<LocalDate, Money> byDay = ledger.totals(MAY_1, MAY_4).byDay();
    assertEquals(Map.of(LocalDate.of(2025, 5, 1), Money.usd("0.006"), LocalDate.of(2025, 5, 2), Money.usd("0.025"),
        LocalDate.of(2025, 5, 3), Money.usd("0.0027")), byDay);
    assertEquals(LocalDate.of(2025, 5, 1), byDay.firstKey());

    // 0.028 + 0.003 + 0.0027
    assertEquals(Money.usd("0.0337"), ledger.totals(MAY_1, MAY_4).total());
    // Everything: 0.0337 + 1.00 + 5.00
    assertEquals(Money.usd("6.0337"), ledger.totals(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")).total());
    assertEquals(Money.usd("0"), ledger.totals(MAY_1, MAY_1).total());
    assertThrows(IllegalArgumentException.class, () -> ledger.totals(MAY_4, MAY_1).total());
  }

  @Test
  void daysFollowTheLedgersZone() {
    CostLedger ledger = recordSample(builder().zone(ZoneId.of("America/New_York")).build());
    // New York is UTC-4 in May: e1 06:00 and e2 19:30 on May 1; e3 04:00, e4 05:00 and e5 20:00 on May 2.
    assertEquals(Map.of(LocalDate.of(2025, 5, 1), Money.usd("0.006"), LocalDate.of(2025, 5, 2), Money.usd("0.0277")),
        ledger.totals(MAY_1, MAY_4).byDay());
  }

  @Test
  void otherCurrenciesAreSummedThenConvertedOnce() {
    FxRates fx = FxRates.builder().rate("USD", "IDR", "16000").scale(2).build();
    CostLedger ledger = builder().fxRates(fx).build();
    ledger.record(attempt("a", "2025-05-01T01:00:00Z", "wavespeed", "wan-2.5").actual(Money.of("80", "IDR")).build());
    ledger.record(attempt("b", "2025-05-01T02:00:00Z", "wavespeed", "wan-2.5").actual(Money.of("80", "IDR")).build());
    ledger.record(paid("c", "2025-05-01T03:00:00Z", "fal", "wan-2.5", "0.20").build());
    // 80 IDR alone would be 0.005 USD, rounded at scale 2 to 0.00; the sum 160 IDR is 0.01 USD.
    assertEquals(Money.usd("0.21"), ledger.totals(MAY_1, MAY_4).total());
    assertEquals(Map.of("wavespeed", Money.usd("0.01"), "fal", Money.usd("0.20")), ledger.totals(MAY_1, MAY_4).byProvider());

    CostLedger noRates = builder().build();
    noRates.record(attempt("a", "2025-05-01T01:00:00Z", "wavespeed", "wan-2.5").actual(Money.of("80", "IDR")).build());
    assertThrows(CurrencyMismatchException.class, () -> noRates.totals(MAY_1, MAY_4).total());
  }

  @Test
  void csvIsRfc4180WithOneColumnPerTagKey() throws IOException {
    CostLedger ledger = builder().build();
    ledger.record(attempt("a1", "2025-05-01T10:00:00Z", "fal", "flux-schnell")
        .generationId("g1")
        .endpoint("fal-ai/flux/schnell")
        .estimate(Money.usd("0.003"))
        .actual(Money.usd("0.003"))
        .tag("user", "u-1")
        .providerRequestId("req-1")
        .detail("billed 1 image, \"fast\"")
        .build());
    ledger.record(attempt("b1", "2025-05-01T11:00:00Z", "replicate", "flux-dev")
        .generationId("g2")
        .endpoint("black-forest-labs/flux-dev")
        .outcome(Outcome.FAILED)
        .billed(false)
        .basis(CostBasis.UNPRICED)
        .tag("project", "p")
        .detail("HTTP 500\nserver error")
        .build());
    StringBuilder out = new StringBuilder();
    ledger.writeCsv(out);
    assertEquals(""
        + "id,generation_id,timestamp,provider,model,endpoint,task,outcome,billed,basis,currency,estimate,actual,"
        + "credited,charged,provider_request_id,detail,tag:project,tag:user\r\n"
        + "a1,g1,2025-05-01T10:00:00Z,fal,flux-schnell,fal-ai/flux/schnell,text-to-image,succeeded,true,reported,"
        + "USD,0.003,0.003,0,0.003,req-1,\"billed 1 image, \"\"fast\"\"\",,u-1\r\n"
        + "b1,g2,2025-05-01T11:00:00Z,replicate,flux-dev,black-forest-labs/flux-dev,text-to-image,failed,false,unpriced,"
        + ",,,,,,\"HTTP 500\nserver error\",p,\r\n",
        out.toString());
  }

  @Test
  void anEntryComesBackAsRecorded() {
    PostgresCostLedger ledger = builder().build();
    LedgerEntry e = attempt("a1", "2025-05-01T10:00:00.123456789Z", "fal", "flux-schnell")
        .estimate(Money.usd("0.0030")).actual(Money.usd("0.0025")).credited(Money.usd("0.0005"))
        .tag("user", "u-1").tag("project", "p=1").providerRequestId("req-1").detail("billed 1 image")
        .build();
    LedgerEntry stored = ledger.record(e);
    // PostgreSQL keeps microseconds: the nanoseconds are cut, the rest is as given.
    assertEquals(Instant.parse("2025-05-01T10:00:00.123456Z"), stored.timestamp());
    assertEquals(e.toBuilder().timestamp(stored.timestamp()).build(), stored);
    assertEquals(List.of(stored), ledger.entries());
    LedgerEntry bare = attempt("a2", "2025-05-01T11:00:00Z", "replicate", "flux-dev").outcome(Outcome.FAILED)
        .basis(CostBasis.UNPRICED).build();
    ledger.record(bare);
    assertEquals(List.of(stored, bare), ledger.entries());
    assertEquals(2, ledger.count());
    // 0.0025 - 0.0005 charged; the failure counts zero. A tag value may hold '='.
    assertEquals(Money.usd("0.0020"), ledger.totals().total());
    assertEquals(Map.of("p=1", Money.usd("0.0020")), ledger.totals().byTag("project"));
    assertEquals(Optional.empty(), ledger.remainingCredit("fal"));
  }

  @Test
  void tagKeysAndValuesAreSummedApartWhateverTheyHold() {
    PostgresCostLedger ledger = builder().build();
    ledger.record(paid("t1", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.10").tag("a=b", "c").build());
    ledger.record(paid("t2", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.20").tag("a", "b=c").build());
    assertEquals(Map.of("c", Money.usd("0.10")), ledger.totals().byTag("a=b"));
    assertEquals(Map.of("b=c", Money.usd("0.20")), ledger.totals().byTag("a"));
  }

  @Test
  void recordingIsIdempotentByEntryId() {
    PostgresCostLedger ledger = builder().build();
    LedgerEntry e = paid("e1", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.003").tag("user", "u-1").build();
    assertEquals(e, ledger.record(e));
    // A retry after an unknown outcome, from this instance or another: stored once.
    assertEquals(e, ledger.record(e));
    assertEquals(e, builder().build().record(e));
    assertEquals(1, ledger.count());
    // Another entry under the same id is refused.
    IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
        () -> ledger.record(paid("e1", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.004").build()));
    assertTrue(other.getMessage().contains("e1"), other.getMessage());
    assertEquals(Money.usd("0.003"), ledger.total());

    ledger.close();
    ledger.close();
    assertThrows(IllegalStateException.class,
        () -> ledger.record(paid("e2", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.003").build()));
    assertEquals(1, ledger.entries().size());
  }

  @Test
  void theTableIsAppendOnly() throws SQLException {
    builder().build().record(paid("e1", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.003").build());
    try (Connection c = DriverManager.getConnection(url)) {
      SQLException update = assertThrows(SQLException.class,
          () -> c.createStatement().executeUpdate("UPDATE unigen_ledger_entry SET actual = 0"));
      assertTrue(update.getMessage().contains("append-only"), update.getMessage());
      SQLException delete = assertThrows(SQLException.class,
          () -> c.createStatement().executeUpdate("DELETE FROM unigen_ledger_entry"));
      assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());
    }
    assertEquals(Money.usd("0.003"), builder().build().total());
  }

  @Test
  void aReadOnlyConnectionReadsTheLedgerAndChangesNothing() throws Exception {
    builder().build().record(paid("a1", "2025-05-01T10:00:00Z", "fal", "flux-dev", "0.025").build());
    try (PostgresDatabase reader = PostgresDatabase.connectReadOnly(url, "postgres", "")) {
      PostgresCostLedger ledger = PostgresCostLedger.builder(reader).build();
      assertEquals(Money.usd("0.025"), ledger.total());
      assertEquals(1, ledger.entries().size());
      IllegalStateException write = assertThrows(IllegalStateException.class,
          () -> ledger.record(paid("a2", "2025-05-01T11:00:00Z", "fal", "flux-dev", "0.025").build()));
      assertTrue(write.getMessage().contains("read-only"), write.getMessage());
    }
    // A database Unigen never opened is not migrated by a reader, but refused.
    String empty = TestPostgres.get().newDatabase();
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> PostgresDatabase.connectReadOnly(empty, "postgres", ""));
    assertTrue(none.getMessage().contains("holds no Unigen schema"), none.getMessage());
    try (Connection c = DriverManager.getConnection(empty);
        ResultSet rs = c.createStatement().executeQuery("SELECT to_regclass('unigen_ledger_entry') IS NULL")) {
      rs.next();
      assertTrue(rs.getBoolean(1));
    }
  }

  @Test
  void theSchemaIsAppliedOnceHoweverManyInstancesOpenIt() throws Exception {
    // Two more instances start at once on the same database.
    Thread[] starting = new Thread[2];
    PostgresDatabase[] opened = new PostgresDatabase[2];
    for (int i = 0; i < 2; i++) {
      int n = i;
      starting[i] = new Thread(() -> opened[n] = PostgresDatabase.connect(url, "postgres", ""));
      starting[i].start();
    }
    for (Thread t : starting) t.join();
    for (PostgresDatabase d : opened) d.close();
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery("SELECT version, file FROM unigen_schema_version ORDER BY version")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1));
      assertEquals("V1__budget_and_ledger.sql", rs.getString(2));
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
      assertEquals("V2__job_journal.sql", rs.getString(2));
      assertTrue(!rs.next(), "one row per schema file");
    }
    assertThrows(IllegalArgumentException.class, () -> PostgresDatabase.connect("jdbc:mysql://db/x", "u", "p"));
  }
}
