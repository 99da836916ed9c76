package dev.unigen.postgres;

import dev.unigen.ledger.LedgerEntry;
import dev.unigen.ledger.LedgerEntry.Outcome;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import java.time.Instant;

/** Test entries with the fields no test cares about filled in. */
final class Entries {
  private Entries() {}

  /** A successful, billed text-to-image attempt with a reported actual. */
  static LedgerEntry.Builder paid(String id, String timestamp, String provider, String model, String actualUsd) {
    return attempt(id, timestamp, provider, model).actual(Money.usd(actualUsd));
  }

  /** A successful text-to-image attempt with no amounts. */
  static LedgerEntry.Builder attempt(String id, String timestamp, String provider, String model) {
    return LedgerEntry.builder()
        .id(id)
        .generationId("g-" + id)
        .timestamp(Instant.parse(timestamp))
        .provider(provider)
        .model(model)
        .endpoint(provider + "/" + model)
        .task("text-to-image")
        .outcome(Outcome.SUCCEEDED)
        .basis(CostBasis.REPORTED);
  }
}
