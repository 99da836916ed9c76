package dev.unigen;

import dev.unigen.money.Money;
import java.util.Objects;
import java.util.Optional;

/**
 * A call that cost more than was expected of it: its actual is above its estimate (or, for an
 * unpriced offer, above the unpriced ceiling), or counting it took a budget cap over its limit.
 * The ledger entry of the call says so too. Immutable.
 *
 * @param generationId the generation the call belongs to
 * @param provider the provider that billed it
 * @param model the logical model
 * @param expected the estimate, or the unpriced ceiling; absent when neither was known
 * @param actual what the call cost
 * @param capPassed true if counting the actual took a budget cap over its limit
 */
public record Overrun(String generationId, String provider, String model, Optional<Money> expected, Money actual,
    boolean capPassed) {
  /**
   * Creates an overrun.
   *
   * @throws NullPointerException if an argument is null
   */
  public Overrun {
    Objects.requireNonNull(generationId, "generationId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(actual, "actual");
  }

  /** How much the actual is above what was expected; zero when only a cap was passed. */
  public Money excess() {
    return expected.filter(e -> e.currency().equals(actual.currency()) && actual.isGreaterThan(e))
        .map(actual::minus).orElse(Money.zero(actual.currency()));
  }
}
