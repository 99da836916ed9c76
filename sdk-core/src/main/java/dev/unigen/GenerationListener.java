package dev.unigen;

import dev.unigen.routing.Plan;

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
}
