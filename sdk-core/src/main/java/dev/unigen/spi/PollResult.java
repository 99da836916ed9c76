package dev.unigen.spi;

import dev.unigen.GenerationException;
import dev.unigen.jobs.Progress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What one poll of a job found: still pending (with progress), done, or failed. Immutable. */
public final class PollResult {
  /** Where a job is. */
  public enum State {
    /** Waiting in the provider's queue. */
    QUEUED,
    /** Running. */
    RUNNING,
    /** Finished with output. */
    SUCCEEDED,
    /** Finished without output. */
    FAILED,
    /** Canceled. */
    CANCELED
  }

  private final State state;
  private final Progress progress;
  private final ProviderOutput output;
  private final GenerationException error;
  private final Duration retryAfter;

  private PollResult(State state, Progress progress, ProviderOutput output, GenerationException error, Duration retryAfter) {
    this.state = state;
    this.progress = progress;
    this.output = output;
    this.error = error;
    this.retryAfter = retryAfter;
  }

  /** The job is queued or running; {@code retryAfter} (may be null) is the provider's hint for the next poll. */
  public static PollResult pending(State state, Progress progress, Duration retryAfter) {
    if (state != State.QUEUED && state != State.RUNNING) throw new IllegalArgumentException("not a pending state: " + state);
    return new PollResult(state, progress, null, null, retryAfter);
  }

  /** The job finished with {@code output}. */
  public static PollResult succeeded(ProviderOutput output) {
    return new PollResult(State.SUCCEEDED, null, Objects.requireNonNull(output, "output"), null, null);
  }

  /** The job failed with {@code error}. */
  public static PollResult failed(GenerationException error) {
    return new PollResult(State.FAILED, null, null, Objects.requireNonNull(error, "error"), null);
  }

  /** The job was canceled. */
  public static PollResult canceled(GenerationException error) {
    return new PollResult(State.CANCELED, null, null, Objects.requireNonNull(error, "error"), null);
  }

  /** Where the job is. */
  public State state() { return state; }
  /** True once the job will not change any more. */
  public boolean isDone() { return state != State.QUEUED && state != State.RUNNING; }
  /** Progress, while pending. */
  public Optional<Progress> progress() { return Optional.ofNullable(progress); }
  /** The output, when succeeded. */
  public Optional<ProviderOutput> output() { return Optional.ofNullable(output); }
  /** Why it failed or was canceled. */
  public Optional<GenerationException> error() { return Optional.ofNullable(error); }
  /** The provider's hint for when to poll again. */
  public Optional<Duration> retryAfter() { return Optional.ofNullable(retryAfter); }

  @Override
  public String toString() {
    return "PollResult(" + state + (progress != null ? " " + progress : "") + (error != null ? " " + error.getMessage() : "") + ")";
  }
}
