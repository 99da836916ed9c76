package dev.unigen;

import dev.unigen.money.Money;
import dev.unigen.routing.Plan;
import java.util.Objects;
import java.util.Optional;

/**
 * Hooks for metrics and tracing, called on the thread that observed the event; every method does
 * nothing by default, so implementations override only what they need. Implementations must be
 * threadsafe and quick; an exception they throw is logged and ignored.
 */
public interface GenerationListener {
  /** A request was planned. */
  default void planned(Plan plan) {}

  /** A call is about to be sent to {@code provider}. */
  default void attemptStarted(String provider, String model) {}

  /** A call to a provider failed with a failure that is safe to retry, and will be retried. */
  default void retrying(String provider, GenerationException error, int nextTry) {}

  /** An offer was tried and left, successfully or not. */
  default void attemptEnded(Attempt attempt) {}

  /**
   * A call cost more than expected: its actual is above its estimate, or counting it took a budget
   * cap over its limit. Called once per such call, before {@link #succeeded}.
   */
  default void overrun(Overrun overrun) {}

  /** A generation succeeded. */
  default void succeeded(Generation generation) {}

  /** A generation failed for good. */
  default void failed(GenerationException error) {}

  /**
   * A catalog refresh changed an offer's unit price by more than the generator's
   * {@linkplain Generator.Builder#priceChangeRatio reporting ratio}: {@code before} is the offer
   * until now, {@code after} the one used from now on.
   */
  default void priceChanged(dev.unigen.catalog.Offer before, dev.unigen.catalog.Offer after) {}

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
  record Overrun(String generationId, String provider, String model, Optional<Money> expected, Money actual,
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
}
