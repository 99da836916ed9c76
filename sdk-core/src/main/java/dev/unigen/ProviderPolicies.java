package dev.unigen;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.unigen.internal.InlineFirstScheduler;
import dev.unigen.spi.Submission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Failsafe policies one provider's submits run under: retries with exponential backoff and
 * jitter for failures that are safe to repeat (a 429 after its Retry-After, a 502/503/504 or a
 * connection that failed before the request was sent), a circuit breaker that stops sending to a
 * provider that keeps failing, and a timeout per try. A failure whose outcome is unknown is never
 * retried.
 */
final class ProviderPolicies {
  private final FailsafeExecutor<Submission> executor;
  private final CircuitBreaker<Submission> breaker;

  ProviderPolicies(String provider, Generator.Settings s, ScheduledExecutorService scheduler,
      List<GenerationListener> listeners) {
    RetryPolicy<Submission> retry = RetryPolicy.<Submission>builder()
        .handleIf(ProviderPolicies::retryable)
        .abortIf((r, e) -> e instanceof RateLimitedException
            && ((RateLimitedException) e).retryAfter().map(d -> d.compareTo(s.maxRetryAfter) > 0).orElse(false))
        .withDelayFn(ctx -> delay(ctx.getLastException(), ctx.getAttemptCount(), s,
            ThreadLocalRandom.current().nextDouble()))
        .withMaxRetries(s.maxRetries)
        .onRetry(e -> {
          GenerationException error = (GenerationException) e.getLastException();
          for (GenerationListener l : listeners) {
            try {
              l.retrying(provider, error, e.getAttemptCount() + 1);
            } catch (RuntimeException ignored) {
              // a listener must not break a generation
            }
          }
        })
        .build();
    breaker = CircuitBreaker.<Submission>builder()
        .handleIf(e -> e instanceof ProviderFailureException || e instanceof OutcomeUnknownException
            || e instanceof GenerationTimeoutException || e instanceof dev.failsafe.TimeoutExceededException)
        .withFailureThreshold(s.breakerFailures, s.breakerWindow)
        .withDelay(s.breakerOpenFor)
        .withSuccessThreshold(1)
        .build();
    Timeout<Submission> timeout = Timeout.<Submission>builder(s.submitTimeout).build();
    executor = Failsafe.with(retry, breaker, timeout).with(new InlineFirstScheduler(scheduler));
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

  FailsafeExecutor<Submission> executor() {
    return executor;
  }

  boolean isOpen() {
    return breaker.isOpen();
  }
}
