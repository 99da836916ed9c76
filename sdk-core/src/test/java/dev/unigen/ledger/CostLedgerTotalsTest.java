package dev.unigen.ledger;

import static dev.unigen.ledger.Entries.attempt;
import static dev.unigen.ledger.Entries.paid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unigen.ledger.LedgerEntry.Outcome;
import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class CostLedgerTotalsTest {
  private static final Instant MAY_1 = Instant.parse("2025-05-01T00:00:00Z");
  private static final Instant MAY_4 = Instant.parse("2025-05-04T00:00:00Z");

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
    CostLedger ledger = recordSample(CostLedger.inMemory());

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
    CostLedger ledger = recordSample(CostLedger.builder().zone(ZoneId.of("America/New_York")).build());
    // New York is UTC-4 in May: e1 06:00 and e2 19:30 on May 1; e3 04:00, e4 05:00 and e5 20:00 on May 2.
    assertEquals(Map.of(LocalDate.of(2025, 5, 1), Money.usd("0.006"), LocalDate.of(2025, 5, 2), Money.usd("0.0277")),
        ledger.totals(MAY_1, MAY_4).byDay());
  }

  @Test
  void otherCurrenciesAreSummedThenConvertedOnce() {
    FxRates fx = FxRates.builder().rate("USD", "IDR", "16000").scale(2).build();
    CostLedger ledger = CostLedger.builder().fxRates(fx).build();
    ledger.record(attempt("a", "2025-05-01T01:00:00Z", "wavespeed", "wan-2.5").actual(Money.of("80", "IDR")).build());
    ledger.record(attempt("b", "2025-05-01T02:00:00Z", "wavespeed", "wan-2.5").actual(Money.of("80", "IDR")).build());
    ledger.record(paid("c", "2025-05-01T03:00:00Z", "fal", "wan-2.5", "0.20").build());
    // 80 IDR alone would be 0.005 USD, rounded at scale 2 to 0.00; the sum 160 IDR is 0.01 USD.
    assertEquals(Money.usd("0.21"), ledger.totals(MAY_1, MAY_4).total());
    assertEquals(Map.of("wavespeed", Money.usd("0.01"), "fal", Money.usd("0.20")), ledger.totals(MAY_1, MAY_4).byProvider());

    CostLedger noRates = CostLedger.inMemory();
    noRates.record(attempt("a", "2025-05-01T01:00:00Z", "wavespeed", "wan-2.5").actual(Money.of("80", "IDR")).build());
    assertThrows(CurrencyMismatchException.class, () -> noRates.totals(MAY_1, MAY_4).total());
  }

  @Test
  void csvIsRfc4180WithOneColumnPerTagKey() throws IOException {
    CostLedger ledger = CostLedger.inMemory();
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
  void anEmptyLedgerWritesOnlyTheHeader() throws IOException {
    StringBuilder out = new StringBuilder();
    CostLedger.inMemory().writeCsv(out);
    assertEquals("id,generation_id,timestamp,provider,model,endpoint,task,outcome,billed,basis,currency,estimate,"
        + "actual,credited,charged,provider_request_id,detail\r\n", out.toString());
  }

  @Test
  void anIdIsRecordedOnceAndAClosedLedgerRecordsNothing() {
    CostLedger ledger = CostLedger.inMemory();
    LedgerEntry e = paid("e1", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.003").build();
    ledger.record(e);
    assertThrows(IllegalArgumentException.class, () -> ledger.record(e));
    ledger.close();
    ledger.close();
    assertThrows(IllegalStateException.class,
        () -> ledger.record(paid("e2", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.003").build()));
    assertEquals(1, ledger.entries().size());
  }
}
