package dev.unigen.provider.xai;

import dev.unigen.ProviderFailureException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces the submits of each model so that a burst queues instead of failing with 429: xAI allows
 * Imagine image models 5 requests a second and video models 1 (the same on every tier), so the
 * n-th submit of a burst is sent {@code n × interval} after the first. No thread waits: a submit
 * that must wait is started by the scheduler when its turn comes. Per provider instance (per key).
 * Threadsafe.
 */
final class Throttle {
  /** The spacing of image submits: 5 a second. */
  static final Duration IMAGE_INTERVAL = Duration.ofMillis(200);
  /** The spacing of video submits: 1 a second. */
  static final Duration VIDEO_INTERVAL = Duration.ofSeconds(1);

  private final String provider;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier nanos;
  private final Map<String, Long> nextFree = new HashMap<>();

  /** {@code nanos} is a monotonic clock, like {@link System#nanoTime}: the scheduler's delays are real time. */
  Throttle(String provider, ScheduledExecutorService scheduler, LongSupplier nanos) {
    this.provider = provider;
    this.scheduler = scheduler;
    this.nanos = nanos;
  }

  /** The spacing xAI's per-model limit asks for {@code endpoint}; zero for models without one (text). */
  static Duration interval(String endpoint) {
    if (endpoint.startsWith("grok-imagine-image")) return IMAGE_INTERVAL;
    if (endpoint.startsWith("grok-imagine-video")) return VIDEO_INTERVAL;
    return Duration.ZERO;
  }

  /** How long the next submit of {@code endpoint} waits for its turn, reserving that turn. */
  Duration reserve(String endpoint) {
    long interval = interval(endpoint).toNanos();
    if (interval == 0) return Duration.ZERO;
    long now = nanos.getAsLong();
    long slot;
    synchronized (nextFree) {
      Long free = nextFree.get(endpoint);
      slot = free == null || free - now < 0 ? now : free;
      nextFree.put(endpoint, slot + interval);
    }
    return Duration.ofNanos(slot - now);
  }

  /**
   * Completes when {@code endpoint} may be sent to; at once when its turn has come. Fails with a
   * {@link ProviderFailureException} (nothing was sent) if the scheduler no longer runs.
   */
  CompletableFuture<Void> turn(String endpoint) {
    Duration wait = reserve(endpoint);
    if (wait.isZero()) return CompletableFuture.completedFuture(null);
    CompletableFuture<Void> turn = new CompletableFuture<>();
    try {
      scheduler.schedule(() -> turn.complete(null), wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      turn.completeExceptionally(new ProviderFailureException(provider,
          "not sent: the scheduler that spaces submits is shut down", 0, false, e));
    }
    return turn;
  }
}
