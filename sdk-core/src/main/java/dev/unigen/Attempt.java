package dev.unigen;

import dev.unigen.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One offer tried for a generation, and how it ended: succeeded, failed (and why), or outcome
 * unknown (the provider may have accepted it). Immutable.
 */
public final class Attempt {
  /** How an attempt ended. */
  public enum Outcome {
    /** The provider produced the output. */
    SUCCEEDED,
    /** The provider failed or refused; see {@link #error()}. */
    FAILED,
    /** The request may have been accepted; it was not re-sent to this provider. */
    OUTCOME_UNKNOWN,
    /** Not sent: the provider's circuit breaker was open or the budget refused it. */
    SKIPPED
  }

  private final String provider;
  private final String model;
  private final String endpoint;
  private final Outcome outcome;
  private final GenerationException error;
  private final int tries;
  private final Instant started;
  private final Duration elapsed;
  private final Money estimate;

  /** Creates an attempt record; {@code error} and {@code estimate} may be null. */
  public Attempt(String provider, String model, String endpoint, Outcome outcome, GenerationException error,
      int tries, Instant started, Duration elapsed, Money estimate) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.model = Objects.requireNonNull(model, "model");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    this.error = error;
    this.tries = tries;
    this.started = Objects.requireNonNull(started, "started");
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    this.estimate = estimate;
  }

  /** The provider tried. */
  public String provider() { return provider; }
  /** The logical model. */
  public String model() { return model; }
  /** The provider's endpoint. */
  public String endpoint() { return endpoint; }
  /** How it ended. */
  public Outcome outcome() { return outcome; }
  /** Why it did not succeed. */
  public Optional<GenerationException> error() { return Optional.ofNullable(error); }
  /** Why it did not succeed, in words; empty on success. */
  public String reason() { return error == null ? "" : error.getClass().getSimpleName() + ": " + error.getMessage(); }
  /** How many times the call was sent, counting safe retries. */
  public int tries() { return tries; }
  /** When the attempt started. */
  public Instant started() { return started; }
  /** How long it took. */
  public Duration elapsed() { return elapsed; }
  /** The offer's estimate. */
  public Optional<Money> estimate() { return Optional.ofNullable(estimate); }

  @Override
  public String toString() {
    return provider + "/" + model + " " + outcome + (error == null ? "" : " (" + reason() + ")")
        + (tries > 1 ? " after " + tries + " tries" : "");
  }
}
