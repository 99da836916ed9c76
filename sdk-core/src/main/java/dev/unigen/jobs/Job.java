package dev.unigen.jobs;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A generation that runs in the background: submitted at once, polled on a shared scheduler, and
 * completed or failed later. Threadsafe.
 *
 * @param <T> the result, a {@link dev.unigen.Generation}
 */
public interface Job<T> {
  /** Unigen's id for the job. */
  String id();

  /** Where the job is now. */
  JobStatus status();

  /**
   * Waits up to {@code timeout} for the result; the job goes on if the wait times out.
   *
   * @throws dev.unigen.GenerationTimeoutException if it is not done in time
   * @throws dev.unigen.GenerationException the job's own failure
   */
  T await(Duration timeout);

  /** A future completed with the result or the failure. */
  CompletableFuture<T> future();

  /**
   * Calls {@code listener} with each progress report (queue position, percent, logs); a listener
   * added after the first report is called at once with the latest.
   */
  Job<T> onProgress(Consumer<Progress> listener);

  /**
   * Cancels the job, calling the provider's cancel endpoint where it has one; returns true if the
   * job was still running.
   */
  boolean cancel();
}
