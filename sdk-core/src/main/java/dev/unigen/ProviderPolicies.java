package dev.unigen;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.unigen.catalog.Offer;
import dev.unigen.internal.SendWatch;
import dev.unigen.internal.SubmitGate;
import dev.unigen.internal.Timeouts;
import dev.unigen.spi.Submission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What one provider's submits run under: the documented rate of the offer or of the whole account
 * (a burst waits here rather than failing as 429s), retries with exponential backoff and jitter for failures that are safe to
 * repeat (a 429 after its Retry-After, a 502/503/504, a request that was never sent), a circuit
 * breaker that stops sending to a provider that keeps failing, and one timeout per try. A failure
 * whose outcome is unknown is never retried.
 *
 * <p>The timeout starts when the try's first request is written to the network (for a provider
 * that sends nothing over Unigen's HTTP exchange, when the try starts), so time spent waiting for
 * the rate, a connection or a thread never counts against it. One timeout per try ({@link Timeouts})
 * is the only timer on the way.
 */
final class ProviderPolicies {
  private static final SubmitGate OPEN = new SubmitGate(0, 0, null);

  private final String provider;
  private final Generator.Settings settings;
  private final ScheduledExecutorService scheduler;
  private final Timeouts timeouts;
  private final List<GenerationListener> listeners;
  private final CircuitBreaker<Submission> breaker;
  private final ConcurrentHashMap<String, SubmitGate> gates = new ConcurrentHashMap<>();

  ProviderPolicies(String provider, Generator.Settings s, ScheduledExecutorService scheduler, Timeouts timeouts,
      List<GenerationListener> listeners) {
    this.provider = provider;
    this.settings = s;
    this.scheduler = scheduler;
    this.timeouts = timeouts;
    this.listeners = listeners;
    breaker = CircuitBreaker.<Submission>builder()
        .handleIf(e -> e instanceof ProviderFailureException || e instanceof OutcomeUnknownException
            || e instanceof GenerationTimeoutException)
        .withFailureThreshold(s.breakerFailures, s.breakerWindow)
        .withDelay(s.breakerOpenFor)
        .withSuccessThreshold(1)
        .build();
  }

  /**
   * Runs {@code send} (one provider submit for {@code offer}) under the policies; the future
   * fails with the last try's error, or a {@link CircuitBreakerOpenException} if the breaker
   * refused to send. A submit answered with a job holds its place in the offer's declared
   * concurrency until {@code callEnded} completes, as providers count a task until it finishes.
   */
  CompletableFuture<Submission> submit(Offer offer, Supplier<CompletableFuture<Submission>> send,
      CompletionStage<?> callEnded) {
    Execution x = new Execution(gate(offer), send, callEnded);
    x.start();
    return x.result;
  }

  /**
   * The wait before retry number {@code attempts}: a provider's Retry-After as a floor (plus up to
   * 10 % so clients told the same thing do not return together), otherwise exponential backoff
   * from the first delay, capped, with ±25 % jitter. {@code random} is uniform in [0, 1).
   */
  static Duration delay(Throwable last, int attempts, Generator.Settings s, double random) {
    if (last instanceof RateLimitedException && ((RateLimitedException) last).retryAfter().isPresent()) {
      Duration after = ((RateLimitedException) last).retryAfter().get();
      return after.plusMillis((long) (after.toMillis() * 0.10 * random));
    }
    long base = s.retryDelay.toMillis();
    for (int i = 1; i < attempts && base < s.maxRetryDelay.toMillis(); i++) base *= 2;
    base = Math.min(base, s.maxRetryDelay.toMillis());
    return Duration.ofMillis(Math.max(0, Math.round(base * (0.75 + 0.5 * random))));
  }

  static boolean retryable(Throwable e) {
    if (e instanceof RateLimitedException) return true;
    return e instanceof ProviderFailureException && ((ProviderFailureException) e).retryable();
  }

  /** A 429 whose Retry-After is longer than the user will wait moves on instead of retrying. */
  private boolean waitsTooLong(Throwable e) {
    return e instanceof RateLimitedException
        && ((RateLimitedException) e).retryAfter().map(d -> d.compareTo(settings.maxRetryAfter) > 0).orElse(false);
  }

  boolean isOpen() {
    return breaker.isOpen();
  }

  /**
   * The gate of {@code offer}'s declared rate; a shared open one when it declares none. A limit the
   * provider sets on the whole account has one gate for every offer of the provider declaring the
   * same values; any other limit has a gate of the offer's own.
   */
  SubmitGate gate(Offer offer) {
    if (offer.rateLimit().isEmpty()) return OPEN;
    Offer.RateLimit limit = offer.rateLimit().get();
    String key = limit.sharedByProvider()
        ? "provider " + offer.provider() + " " + limit.requestsPerSecond().orElse(0) + "/s " + limit.concurrent().orElse(0)
        : "offer " + offer.key();
    return gates.computeIfAbsent(key,
        k -> new SubmitGate(limit.concurrent().orElse(0), limit.requestsPerSecond().orElse(0), scheduler));
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** One submit across its tries. */
  private final class Execution {
    final CompletableFuture<Submission> result = new CompletableFuture<>();
    final SubmitGate gate;
    final Supplier<CompletableFuture<Submission>> send;
    final CompletionStage<?> callEnded;
    int tries;

    Execution(SubmitGate gate, Supplier<CompletableFuture<Submission>> send, CompletionStage<?> callEnded) {
      this.gate = gate;
      this.send = send;
      this.callEnded = callEnded;
    }

    void start() {
      if (gate == OPEN) tryOnce();
      else gate.acquire(this::tryOnce);
    }

    void tryOnce() {
      if (!breaker.tryAcquirePermit()) {
        if (gate != OPEN) gate.release();
        result.completeExceptionally(new CircuitBreakerOpenException(breaker));
        return;
      }
      tries++;
      Try t = new Try(this);
      SendWatch previous = SendWatch.enter(t.watch);
      CompletableFuture<Submission> sent;
      try {
        sent = send.get();
      } catch (RuntimeException | Error e) {
        sent = CompletableFuture.failedFuture(e);
      } finally {
        SendWatch.restore(previous);
      }
      t.sent = sent;
      // Nothing went over Unigen's HTTP exchange (an in-process provider): the whole try is timed.
      if (!t.watch.anyExchange()) t.startTimer();
      sent.whenComplete(t::settle);
    }

    void ended(Submission s, Throwable error) {
      if (gate != OPEN) {
        if (error == null && s != null && s.job().isPresent()) callEnded.whenComplete((done, failed) -> gate.release());
        else gate.release();
      }
      if (error == null) {
        breaker.recordSuccess();
        result.complete(s);
        return;
      }
      breaker.recordException(error);
      if (tries > settings.maxRetries || !retryable(error) || waitsTooLong(error)) {
        result.completeExceptionally(error);
        return;
      }
      Duration wait = delay(error, tries, settings, ThreadLocalRandom.current().nextDouble());
      GenerationException e = (GenerationException) error;
      for (GenerationListener l : listeners) {
        try {
          l.retrying(provider, e, tries + 1);
        } catch (RuntimeException ignored) {
          // a listener must not break a generation
        }
      }
      if (wait.isZero()) {
        start();
      } else {
        try {
          scheduler.schedule(this::start, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException closed) {
          result.completeExceptionally(error);
        }
      }
    }
  }

  /** One try: its watch, its timer, and the one way it ends. */
  private final class Try {
    final Execution execution;
    final SendWatch watch;
    final AtomicBoolean settled = new AtomicBoolean();
    volatile CompletableFuture<Submission> sent;
    volatile Timeouts.Timeout timer;

    Try(Execution execution) {
      this.execution = execution;
      this.watch = new SendWatch(this::startTimer);
    }

    void startTimer() {
      if (settled.get() || timer != null) return;
      try {
        timer = timeouts.schedule(this::expire);
      } catch (RuntimeException closed) {
        // the generator is closing; the call ends with its HTTP client
      }
      if (settled.get() && timer != null) timer.cancel();
    }

    void expire() {
      if (!settled.compareAndSet(false, true)) return;
      watch.cancel();
      CompletableFuture<Submission> s = sent;
      if (s != null) s.cancel(true);
      execution.ended(null, new OutcomeUnknownException(provider, "no answer within the submit timeout of "
          + settings.submitTimeout.toMillis() + " ms after the request was sent; it may have been accepted"));
    }

    void settle(Submission s, Throwable error) {
      if (!settled.compareAndSet(false, true)) return;
      Timeouts.Timeout t = timer;
      if (t != null) t.cancel();
      Throwable e = error == null ? null : unwrap(error);
      if (e instanceof CancellationException && !watch.wasWritten()) {
        e = new NotSentException(provider, "given up before the request was sent", e);
      }
      execution.ended(s, e);
    }
  }
}
