package dev.unigen;

import dev.unigen.internal.Ids;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobStatus;
import dev.unigen.jobs.Progress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's handle on a generation running in the background. It holds no state of the
 * call itself: the {@link JobOwner} of its current attempt tells it its status and progress, and
 * takes its cancel.
 */
final class GenerationJob implements Job<Generation> {
  private static final Logger log = LoggerFactory.getLogger(GenerationJob.class);

  private final String id;
  private final List<Consumer<Progress>> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Generation> future = new CompletableFuture<>();
  private volatile JobStatus status = JobStatus.SUBMITTING;
  private volatile boolean canceled;
  private volatile JobOwner owner;

  GenerationJob() {
    this(Ids.random());
  }

  GenerationJob(String id) {
    this.id = id;
  }

  /** Completes this job when {@code result} does. */
  void follow(CompletableFuture<Generation> result) {
    result.whenComplete((g, e) -> {
      if (e == null) {
        status = JobStatus.SUCCEEDED;
        future.complete(g);
      } else {
        GenerationException failure = Generator.unwrap(e);
        // A job that may still run at the provider keeps its last known status: it is resumable, not failed.
        boolean stillRunning = failure instanceof LostJobException || failure instanceof GeneratorClosedException;
        if (failure instanceof JobCanceledException) status = JobStatus.CANCELED;
        else if (!stillRunning) status = JobStatus.FAILED;
        future.completeExceptionally(failure);
      }
    });
  }

  @Override public String id() { return id; }
  @Override public JobStatus status() { return status; }
  @Override public CompletableFuture<Generation> future() { return future; }

  @Override
  public Generation await(Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new GenerationTimeoutException(null, "job " + id + " not done within " + timeout + "; it goes on");
    } catch (ExecutionException e) {
      throw Generator.unwrap(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GenerationException("interrupted while waiting for job " + id, e);
    }
  }

  @Override
  public Job<Generation> onProgress(Consumer<Progress> listener) {
    listeners.add(listener);
    return this;
  }

  @Override
  public boolean cancel() {
    if (status.isDone()) return false;
    canceled = true;
    JobOwner current = owner;
    if (current != null) current.cancel();
    return true;
  }

  /** The owner of the attempt now running; a cancel goes to it. */
  void attempting(JobOwner attempt) {
    owner = attempt;
    if (canceled) attempt.cancel();
  }

  /** The provider accepted the current attempt's job. */
  void accepted(JobOwner attempt) {
    status(JobStatus.QUEUED);
  }

  boolean canceled() {
    return canceled;
  }

  void status(JobStatus status) {
    if (!this.status.isDone()) this.status = status;
  }

  void progress(Progress progress) {
    for (Consumer<Progress> l : listeners) {
      try {
        l.accept(progress);
      } catch (RuntimeException e) {
        log.warn("progress listener failed: {}", e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "Job(" + id + " " + status + ")";
  }
}
