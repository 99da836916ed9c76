package dev.unigen.spi;

import dev.unigen.GenerationException;
import dev.unigen.jobs.Progress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one poll of a job found: still pending (with progress), done, or failed. A result also
 * says whether the provider signalled that the work ran — a completed status, billed units — in
 * which case the attempt is billed whatever came of it: {@link #failedAfterRunning} for a job that
 * ran and produced nothing usable, {@link #unreadable} for one that completed but whose result could
 * not be read. Immutable.
 */
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
  private final boolean ran;
  private final boolean unreadable;

  private PollResult(State state, Progress progress, ProviderOutput output, GenerationException error, Duration retryAfter,
      boolean ran, boolean unreadable) {
    this.state = state;
    this.progress = progress;
    this.output = output;
    this.error = error;
    this.retryAfter = retryAfter;
    this.ran = ran;
    this.unreadable = unreadable;
  }

  /** The job is queued or running; {@code retryAfter} (may be null) is the provider's hint for the next poll. */
  public static PollResult pending(State state, Progress progress, Duration retryAfter) {
    if (state != State.QUEUED && state != State.RUNNING) throw new IllegalArgumentException("not a pending state: " + state);
    return new PollResult(state, progress, null, null, retryAfter, false, false);
  }

  /** The job finished with {@code output}. */
  public static PollResult succeeded(ProviderOutput output) {
    return new PollResult(State.SUCCEEDED, null, Objects.requireNonNull(output, "output"), null, null, true, false);
  }

  /** The job failed with {@code error}. */
  public static PollResult failed(GenerationException error) {
    return new PollResult(State.FAILED, null, null, Objects.requireNonNull(error, "error"), null, false, false);
  }

  /**
   * The job ran at the provider — its status says it completed, or the provider reported billed
   * units — but produced nothing usable ({@code error}, such as a {@link dev.unigen.NoOutputException}).
   * The attempt is recorded as billed, and the request is not sent elsewhere.
   */
  public static PollResult failedAfterRunning(GenerationException error) {
    return new PollResult(State.FAILED, null, null, Objects.requireNonNull(error, "error"), null, true, false);
  }

  /**
   * The job ran to completion at the provider (a completed status, billed units) but its result
   * could not be read: {@code why}. Unigen polls it again to re-read the result, a bounded number
   * of times; if it stays unreadable the attempt is recorded as billed with the reason and the
   * request stops there — it is never bought again from another offer.
   */
  public static PollResult unreadable(GenerationException why) {
    return new PollResult(State.FAILED, null, null, Objects.requireNonNull(why, "why"), null, true, true);
  }

  /** The job was canceled. */
  public static PollResult canceled(GenerationException error) {
    return new PollResult(State.CANCELED, null, null, Objects.requireNonNull(error, "error"), null, false, false);
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
  /** True when the provider signalled that the work ran, so the attempt is billed however it ended. */
  public boolean ran() { return ran; }
  /** True when the job completed but its result could not be read (yet); see {@link #unreadable}. */
  public boolean isUnreadable() { return unreadable; }

  @Override
  public String toString() {
    return "PollResult(" + state + (unreadable ? " unreadable" : ran && state != State.SUCCEEDED ? " after running" : "") + (progress != null ? " " + progress : "") + (error != null ? " " + error.getMessage() : "") + ")";
  }
}
