package dev.unigen.ledger;

import static dev.unigen.ledger.Entries.huggingFacePro;
import static dev.unigen.ledger.Entries.paid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostLedgerJsonlTest {
  private static final Clock MAY_20 = Clock.fixed(Instant.parse("2025-05-20T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private CostLedger open(Path file, Clock clock) {
    return CostLedger.builder().file(file).subscriptions(List.of(huggingFacePro())).clock(clock).build();
  }

  @Test
  void entriesAndIncludedCreditsSurviveAReopen() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    List<LedgerEntry> recorded = new ArrayList<>();
    try (CostLedger ledger = open(file, MAY_20)) {
      LedgerEntry first = ledger.record(paid("e1", "2025-05-05T10:00:00Z", "huggingface", "flux-schnell", "1.50")
          .generationId("g1")
          .endpoint("black-forest-labs/FLUX.1-schnell")
          .estimate(Money.usd("1.40"))
          .tag("user", "u-1")
          .detail("x-compute-cost header")
          .build());
      // $2.00 included: all of the first $1.50 is credited.
      assertEquals(Money.usd("1.50"), first.credited());
      assertEquals(Optional.of(Money.usd("0.00")), first.charged());
      LedgerEntry second = ledger.record(paid("e2", "2025-05-06T10:00:00Z", "huggingface", "flux-dev", "1.00").build());
      // $0.50 of credit is left for $1.00: credited 0.50, charged 0.50.
      assertEquals(Money.usd("0.50"), second.credited());
      assertEquals(Optional.of(Money.usd("0.50")), second.charged());
      assertEquals(Optional.of(Money.usd("0")), ledger.remainingCredit("huggingface"));
      assertEquals(Optional.empty(), ledger.remainingCredit("fal"));
      recorded.addAll(List.of(first, second));
    }

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(2, lines.size());
    assertEquals("{\"v\":1,\"id\":\"e1\",\"generationId\":\"g1\",\"timestamp\":\"2025-05-05T10:00:00Z\","
        + "\"provider\":\"huggingface\",\"model\":\"flux-schnell\",\"endpoint\":\"black-forest-labs/FLUX.1-schnell\","
        + "\"task\":\"text-to-image\",\"outcome\":\"succeeded\",\"billed\":true,\"basis\":\"reported\","
        + "\"estimate\":{\"amount\":\"1.40\",\"currency\":\"USD\"},\"actual\":{\"amount\":\"1.50\",\"currency\":\"USD\"},"
        + "\"credited\":{\"amount\":\"1.50\",\"currency\":\"USD\"},\"tags\":{\"user\":\"u-1\"},"
        + "\"detail\":\"x-compute-cost header\"}", lines.get(0));

    try (CostLedger ledger = open(file, MAY_20)) {
      assertEquals(recorded, ledger.entries());
      assertEquals(Optional.of(Money.usd("0")), ledger.remainingCredit("huggingface"));
      // The month's credit was used up before the restart.
      LedgerEntry third = ledger.record(paid("e3", "2025-05-07T10:00:00Z", "huggingface", "flux-schnell", "0.30").build());
      assertEquals(Money.usd("0"), third.credited());
      assertEquals(Optional.of(Money.usd("0.30")), third.charged());
      // June brings a fresh $2.00: all of $0.75 is credited.
      LedgerEntry june = ledger.record(paid("e4", "2025-06-01T00:00:00Z", "huggingface", "flux-dev", "0.75").build());
      assertEquals(Money.usd("0.75"), june.credited());
      assertEquals(Optional.of(Money.usd("0.00")), june.charged());
      // Another provider has no plan: charged in full.
      LedgerEntry fal = ledger.record(paid("e5", "2025-05-08T10:00:00Z", "fal", "flux-dev", "0.10").build());
      assertEquals(Money.usd("0"), fal.credited());
      // May charged: 0 + 0.50 + 0.30 + 0.10
      assertEquals(Money.usd("0.90"), ledger.totals(Instant.parse("2025-05-01T00:00:00Z"), Instant.parse("2025-06-01T00:00:00Z")).total());
    }

    Clock june10 = Clock.fixed(Instant.parse("2025-06-10T00:00:00Z"), ZoneOffset.UTC);
    try (CostLedger ledger = open(file, june10)) {
      assertEquals(5, ledger.entries().size());
      // 2.00 - 0.75
      assertEquals(Optional.of(Money.usd("1.25")), ledger.remainingCredit("huggingface"));
    }
  }

  @Test
  void aCreditSetByTheCallerIsKeptAndCounted() {
    CostLedger ledger = CostLedger.builder().subscriptions(List.of(huggingFacePro())).clock(MAY_20).build();
    // A replayed entry keeps its credit, even zero, and uses up the plan's credit by it.
    LedgerEntry replay = ledger.record(paid("r1", "2025-05-02T00:00:00Z", "huggingface", "flux-dev", "1.50")
        .credited(Money.usd("1.20")).build());
    assertEquals(Money.usd("1.20"), replay.credited());
    LedgerEntry none = ledger.record(paid("r2", "2025-05-02T01:00:00Z", "huggingface", "flux-dev", "0.40")
        .credited(Money.usd("0")).build());
    assertEquals(Money.usd("0"), none.credited());
    // 2.00 - 1.20 - 0
    assertEquals(Optional.of(Money.usd("0.80")), ledger.remainingCredit("huggingface"));
    LedgerEntry next = ledger.record(paid("r3", "2025-05-03T00:00:00Z", "huggingface", "flux-dev", "1.00").build());
    assertEquals(Money.usd("0.80"), next.credited());
  }

  @Test
  void aFreeQuotaOfRequestsIsCreditedInFullWhileItLasts() {
    dev.unigen.pricing.Subscription plan = dev.unigen.pricing.Subscription.builder("getimg", "basic")
        .monthlyFee(Money.usd("12"))
        .includedCredit(Money.usd("1.00"))
        .freeQuota(new java.math.BigDecimal("2"), "request")
        .provenance("2025-05-01", "test")
        .build();
    Path file = dir.resolve("quota.jsonl");
    try (CostLedger ledger = CostLedger.builder().file(file).subscriptions(List.of(plan)).clock(MAY_20).build()) {
      // Two free requests, then the $1.00 credit: 0.40, then 0.60 of 0.80.
      assertEquals(Money.usd("0.40"), ledger.record(paid("q1", "2025-05-01T01:00:00Z", "getimg", "sdxl", "0.40").build()).credited());
      // A failure the provider did not bill uses no unit.
      ledger.record(Entries.attempt("q2", "2025-05-01T02:00:00Z", "getimg", "sdxl")
          .outcome(LedgerEntry.Outcome.FAILED).basis(CostBasis.UNPRICED).build());
      assertEquals(Money.usd("0.40"), ledger.record(paid("q3", "2025-05-01T03:00:00Z", "getimg", "sdxl", "0.40").build()).credited());
      assertEquals(Optional.of(Money.usd("1.00")), ledger.remainingCredit("getimg"));
    }
    try (CostLedger ledger = CostLedger.builder().file(file).subscriptions(List.of(plan)).clock(MAY_20).build()) {
      // The quota was used up before the restart; the credit pays now.
      assertEquals(Money.usd("0.40"), ledger.record(paid("q4", "2025-05-02T01:00:00Z", "getimg", "sdxl", "0.40").build()).credited());
      LedgerEntry last = ledger.record(paid("q5", "2025-05-02T02:00:00Z", "getimg", "sdxl", "0.80").build());
      assertEquals(Money.usd("0.60"), last.credited());
      assertEquals(Optional.of(Money.usd("0.20")), last.charged());
    }
  }

  @Test
  void aFreeQuotaInAnotherUnitIsNotApplied() {
    dev.unigen.pricing.Subscription plan = dev.unigen.pricing.Subscription.builder("getimg", "basic")
        .monthlyFee(Money.usd("12"))
        .freeQuota(new java.math.BigDecimal("100"), "image")
        .provenance("2025-05-01", "test")
        .build();
    CostLedger ledger = CostLedger.builder().subscriptions(List.of(plan)).build();
    LedgerEntry e = ledger.record(paid("i1", "2025-05-01T01:00:00Z", "getimg", "sdxl", "0.10").build());
    assertEquals(Money.usd("0"), e.credited());
    assertEquals(Optional.of(Money.usd("0.10")), e.charged());
  }

  @Test
  void twoPlansForOneProviderAreRejected() {
    dev.unigen.pricing.Subscription other = dev.unigen.pricing.Subscription.builder("huggingface", "team")
        .monthlyFee(Money.usd("20")).provenance("2025-05-01", "test").build();
    assertThrows(IllegalArgumentException.class,
        () -> CostLedger.builder().subscriptions(List.of(huggingFacePro(), other)).build());
  }

  @Test
  void aTruncatedLastLineIsDroppedAndTheNextRecordStartsOnAFreshLine() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (CostLedger ledger = CostLedger.jsonl(file)) {
      ledger.record(paid("e1", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.003").build());
      ledger.record(paid("e2", "2025-05-01T11:00:00Z", "fal", "flux-schnell", "0.003").build());
    }
    // What a crash in the middle of a write leaves.
    Files.writeString(file, "{\"v\":1,\"id\":\"e3\",\"genera", StandardOpenOption.APPEND);

    try (CostLedger ledger = CostLedger.jsonl(file)) {
      assertEquals(List.of("e1", "e2"), ids(ledger));
      ledger.record(paid("e3", "2025-05-01T12:00:00Z", "fal", "flux-schnell", "0.003").build());
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(3, lines.size());
    assertTrue(lines.get(2).startsWith("{\"v\":1,\"id\":\"e3\",\"generationId\":\"g-e3\""), lines.get(2));
    try (CostLedger ledger = CostLedger.jsonl(file)) {
      assertEquals(List.of("e1", "e2", "e3"), ids(ledger));
    }
  }

  @Test
  void aCompleteLastLineWithoutALineBreakIsKept() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (CostLedger ledger = CostLedger.jsonl(file)) {
      ledger.record(paid("e1", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.003").build());
    }
    String text = Files.readString(file);
    Files.writeString(file, text.substring(0, text.length() - 1)); // drop the final line break
    try (CostLedger ledger = CostLedger.jsonl(file)) {
      assertEquals(List.of("e1"), ids(ledger));
      ledger.record(paid("e2", "2025-05-01T11:00:00Z", "fal", "flux-schnell", "0.003").build());
    }
    try (CostLedger ledger = CostLedger.jsonl(file)) {
      assertEquals(List.of("e1", "e2"), ids(ledger));
    }
  }

  @Test
  void aCorruptLineInTheMiddleIsAnErrorNamingItsNumber() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (CostLedger ledger = CostLedger.jsonl(file)) {
      ledger.record(paid("e1", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.003").build());
    }
    String good = Files.readString(file);
    Files.writeString(file, good + "{\"v\":1,\"id\":\"broken\"\n" + good.replace("\"e1\"", "\"e2\""));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> CostLedger.jsonl(file));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());

    // An amount written as a JSON number still keeps every digit; a float-looking amount is not rounded.
    Files.writeString(file, good.replace("\"amount\":\"0.003\"", "\"amount\":0.1000000000000000055511151231257827"));
    try (CostLedger ledger = CostLedger.jsonl(file)) {
      assertEquals(Optional.of(Money.usd("0.1000000000000000055511151231257827")), ledger.entries().get(0).actual());
    }
  }

  @Test
  void aFileIsOpenInOneLedgerAtATime() {
    Path file = dir.resolve("ledger.jsonl");
    try (CostLedger first = CostLedger.jsonl(file)) {
      assertThrows(IllegalStateException.class, () -> CostLedger.jsonl(file));
      assertEquals(List.of(), first.entries());
    }
    CostLedger.jsonl(file).close();
  }

  @Test
  void textWithQuotesAndLineBreaksRoundTrips() {
    Path file = dir.resolve("ledger.jsonl");
    LedgerEntry tricky = paid("t1", "2025-05-01T10:00:00Z", "fal", "flux-schnell", "0.003")
        .detail("line one\nline \"two\"\t\\ é ✓")
        .tag("prompt-id", "a,b")
        .providerRequestId("req/1")
        .build();
    LedgerEntry stored;
    try (CostLedger ledger = CostLedger.jsonl(file)) {
      stored = ledger.record(tricky);
    }
    try (CostLedger ledger = CostLedger.jsonl(file)) {
      assertEquals(List.of(stored), ledger.entries());
      assertEquals("line one\nline \"two\"\t\\ é ✓", ledger.entries().get(0).detail());
    }
  }

  private static List<String> ids(CostLedger ledger) {
    List<String> ids = new ArrayList<>();
    for (LedgerEntry e : ledger.entries()) ids.add(e.id());
    return ids;
  }
}
