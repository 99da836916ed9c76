package dev.unigen;

import dev.unigen.internal.JobObserver;
import dev.unigen.jobs.JobStatus;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Polls accepted jobs on the shared scheduler: no thread waits on a job. Intervals back off from
 * the first to the longest, a provider's Retry-After hint wins, and transient poll failures are
 * retried without failing the job. A job whose polls keep failing, or that is still pending at its
 * deadline, is canceled at the provider; one the provider cannot cancel may still run and be
 * billed, so it ends with a {@link LostJobException} and stays resumable — never failed.
 */
final class JobRunner {
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Generator.Settings settings;
  /** Jobs being polled, by provider and provider job id, so a webhook can complete one. */
  private final Map<String, Poll> active = new ConcurrentHashMap<>();
  /** Final results delivered before their poll loop started. */
  private final Map<String, PollResult> early = new ConcurrentHashMap<>();

  JobRunner(ScheduledExecutorService scheduler, Clock clock, Generator.Settings settings) {
    this.scheduler = scheduler;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Polls {@code ref} until it ends; completes with its final result (succeeded, failed or canceled,
   * and whether it ran), or exceptionally when polling itself gave up.
   */
  CompletableFuture<PollResult> await(Provider provider, JobRef ref, JobObserver observer) {
    Poll poll = new Poll(provider, ref, observer, clock.instant().plus(settings.jobTimeout));
    String key = key(provider.name(), ref.id());
    active.put(key, poll);
    poll.result.whenComplete((o, e) -> active.remove(key, poll));
    PollResult arrived = early.remove(key);
    if (arrived != null) {
      // handle() ends the job or schedules its next poll.
      poll.handle(arrived, null);
      return poll.result;
    }
    poll.schedule(settings.pollInitial);
    return poll.result;
  }

  /**
   * Hands a verified webhook's news about a job to its poll loop, which then ends without
   * waiting for its next poll; false if no such job is being polled here.
   */
  boolean deliver(String provider, String providerJobId, PollResult result) {
    Poll poll = active.get(key(provider, providerJobId));
    if (poll == null) return false;
    poll.handle(result, null);
    return true;
  }

  /**
   * Keeps a final result that arrived before its job's poll loop started (a webhook can beat the
   * submit's own answer); the loop takes it when it starts.
   */
  void deliverEarly(String provider, String providerJobId, PollResult result) {
    if (early.size() < 10_000) early.put(key(provider, providerJobId), result);
  }

  /** How many jobs are being polled. */
  int active() {
    return active.size();
  }

  private static String key(String provider, String providerJobId) {
    return provider + '\u0000' + providerJobId;
  }

  private final class Poll {
    final Provider provider;
    final JobRef ref;
    final JobObserver observer;
    final Instant deadline;
    final CompletableFuture<PollResult> result = new CompletableFuture<>();
    Duration interval = settings.pollInitial;
    int errors;
    int rereads;

    Poll(Provider provider, JobRef ref, JobObserver observer, Instant deadline) {
      this.provider = provider;
      this.ref = ref;
      this.observer = observer;
      this.deadline = deadline;
    }

    void schedule(Duration delay) {
      try {
        scheduler.schedule(this::poll, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // The generator is closing: leave the job accepted in the journal for resume().
        result.completeExceptionally(new GeneratorClosedException(provider.name(),
            "closed while job " + ref.id() + " was pending; resume it with jobs().resume()"));
      }
    }

    void poll() {
      if (result.isDone()) return;
      if (observer != null && observer.canceled()) {
        result.completeExceptionally(new JobCanceledException(provider.name(), "canceled while " + ref.id() + " was pending"));
        return;
      }
      CompletableFuture<PollResult> f;
      try {
        f = provider.poll(ref);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      f.whenComplete(this::handle);
    }

    synchronized void handle(PollResult res, Throwable err) {
      if (result.isDone()) return;
      if (err != null) {
        GenerationException g = Generator.unwrap(err);
        if (transientFailure(g) && ++errors <= settings.maxPollErrors) {
          schedule(next(null));
          return;
        }
        // The job's state is unknown: it may be running, and billed, whatever the polls say.
        int failed = transientFailure(g) ? errors : errors + 1;
        String why = "lost track of job " + ref.id() + " after " + failed + " failed polls in a row (last: " + g.getMessage() + ")";
        giveUp(() -> new JobCanceledException(provider.name(), why + "; it was canceled at the provider"),
            () -> new LostJobException(provider.name(), why + "; it cannot be canceled and may still run, so it stays in the"
                + " journal for jobs().resume()", g));
        return;
      }
      errors = 0;
      if (res.isUnreadable()) {
        // The work ran and is billed: read its result again, a bounded number of times.
        if (++rereads <= settings.maxResultReads) schedule(next(null));
        else result.complete(res);
        return;
      }
      if (res.isDone()) {
        result.complete(res);
        return;
      }
      if (observer != null) {
        observer.status(res.state() == PollResult.State.QUEUED ? JobStatus.QUEUED : JobStatus.RUNNING);
        res.progress().ifPresent(observer::progress);
      }
      if (clock.instant().isAfter(deadline)) {
        String why = "job " + ref.id() + " did not finish within " + settings.jobTimeout;
        giveUp(() -> new GenerationTimeoutException(provider.name(), why + "; it was canceled at the provider"),
            () -> new LostJobException(provider.name(), why + " and cannot be canceled; it may still run, so it stays in"
                + " the journal for jobs().resume()", null));
        return;
      }
      schedule(next(res.retryAfter().orElse(null)));
    }

    /**
     * Stops polling: asks the provider to cancel the job and ends with {@code canceled} if it took
     * the request, else with {@code running}, as the job may still run and be billed.
     */
    void giveUp(Supplier<GenerationException> canceled, Supplier<GenerationException> running) {
      CompletableFuture<Boolean> cancel;
      try {
        cancel = provider.cancel(ref);
      } catch (RuntimeException e) {
        cancel = CompletableFuture.completedFuture(false);
      }
      cancel.handle((taken, e) -> e == null && Boolean.TRUE.equals(taken))
          .thenAccept(taken -> result.completeExceptionally(taken ? canceled.get() : running.get()));
    }

    Duration next(Duration hint) {
      Duration current = interval;
      long grown = (long) (interval.toMillis() * 1.5);
      interval = Duration.ofMillis(Math.min(grown, settings.pollMax.toMillis()));
      return hint != null ? hint : current;
    }
  }

  static boolean transientFailure(GenerationException g) {
    return g instanceof RateLimitedException || g instanceof OutcomeUnknownException
        || (g instanceof ProviderFailureException && ((ProviderFailureException) g).retryable());
  }
}
