package dev.unigen.ledger;

import static dev.unigen.ledger.Entries.attempt;
import static dev.unigen.ledger.Entries.paid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ledger.LedgerEntry.Outcome;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Task;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerEntryTest {
  @Test
  void chargedIsTheActualLessTheCredit() {
    LedgerEntry e = paid("e1", "2025-05-01T10:00:00Z", "huggingface", "flux-dev", "1.50").credited(Money.usd("0.25")).build();
    assertEquals(Optional.of(Money.usd("1.25")), e.charged());
    LedgerEntry unknown = attempt("e2", "2025-05-01T10:00:00Z", "fal", "flux-dev").outcome(Outcome.OUTCOME_UNKNOWN).build();
    assertEquals(Optional.empty(), unknown.charged());
    assertEquals(Money.usd("0"), unknown.credited());
  }

  @Test
  void defaults() {
    LedgerEntry ok = attempt("e1", "2025-05-01T10:00:00Z", "fal", "flux-dev").build();
    assertTrue(ok.billed());
    assertEquals("", ok.detail());
    assertEquals(Map.of(), ok.tags());
    assertEquals(Optional.empty(), ok.providerRequestId());
    LedgerEntry failed = attempt("e2", "2025-05-01T10:00:00Z", "fal", "flux-dev").outcome(Outcome.FAILED).build();
    assertFalse(failed.billed());
    // Without an id, each entry gets a fresh one.
    LedgerEntry.Builder noId = LedgerEntry.builder().generationId("g").timestamp(ok.timestamp()).provider("fal")
        .model("flux-dev").endpoint("fal-ai/flux/dev").task(Task.TEXT_TO_IMAGE).outcome(Outcome.SUCCEEDED)
        .basis(CostBasis.COMPUTED);
    assertNotEquals(noId.build().id(), LedgerEntry.builder().generationId("g").timestamp(ok.timestamp())
        .provider("fal").model("flux-dev").endpoint("e").task("text-to-image").outcome(Outcome.SUCCEEDED)
        .basis(CostBasis.COMPUTED).build().id());
    assertEquals("text-to-image", noId.build().task());
  }

  @Test
  void toBuilderRoundTrips() {
    LedgerEntry e = paid("e1", "2025-05-01T10:00:00Z", "fal", "flux-dev", "0.025")
        .estimate(Money.usd("0.025")).tag("user", "u-1").providerRequestId("r").detail("d").build();
    assertEquals(e, e.toBuilder().build());
    assertEquals(e.hashCode(), e.toBuilder().build().hashCode());
    assertNotEquals(e, e.toBuilder().tag("user", "u-2").build());
  }

  @Test
  void invalidEntriesAreRejected() {
    // A credit above the actual, without an actual, or in another currency.
    assertThrows(IllegalArgumentException.class,
        () -> paid("e", "2025-05-01T10:00:00Z", "fal", "m", "1.00").credited(Money.usd("1.01")).build());
    assertThrows(IllegalArgumentException.class,
        () -> attempt("e", "2025-05-01T10:00:00Z", "fal", "m").credited(Money.usd("0.01")).build());
    assertThrows(IllegalArgumentException.class,
        () -> paid("e", "2025-05-01T10:00:00Z", "fal", "m", "1.00").credited(Money.of("0.5", "EUR")).build());
    // Estimate and actual in different currencies, negative amounts, missing or blank fields.
    assertThrows(IllegalArgumentException.class,
        () -> paid("e", "2025-05-01T10:00:00Z", "fal", "m", "1.00").estimate(Money.of("1", "EUR")).build());
    assertThrows(IllegalArgumentException.class,
        () -> paid("e", "2025-05-01T10:00:00Z", "fal", "m", "-0.01").build());
    assertThrows(IllegalArgumentException.class,
        () -> attempt("e", "2025-05-01T10:00:00Z", " ", "m").build());
    assertThrows(IllegalArgumentException.class,
        () -> LedgerEntry.builder().generationId("g").provider("fal").model("m").endpoint("e").task("t")
            .outcome(Outcome.SUCCEEDED).basis(CostBasis.REPORTED).build());
    assertThrows(IllegalArgumentException.class,
        () -> attempt("e", "2025-05-01T10:00:00Z", "fal", "m").tag(" ", "v").build());
    assertThrows(UnsupportedOperationException.class,
        () -> attempt("e", "2025-05-01T10:00:00Z", "fal", "m").build().tags().put("k", "v"));
  }
}
