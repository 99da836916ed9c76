package dev.unigen.internal;

import dev.failsafe.spi.Scheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Failsafe's undelayed work on the calling thread and only delayed work (backoff, timeouts)
 * on the shared scheduler. A submit merely starts an asynchronous call, so handing it to another
 * thread would cost two thread switches per request for nothing.
 */
public final class InlineFirstScheduler implements Scheduler {
  private final ScheduledExecutorService scheduler;

  public InlineFirstScheduler(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
    if (delay > 0) return scheduler.schedule(callable, delay, unit);
    Object value = null;
    Exception failure = null;
    try {
      value = callable.call();
    } catch (Exception e) {
      failure = e;
    }
    return new Done(value, failure);
  }

  /** The already-finished result of inline work. */
  private static final class Done implements ScheduledFuture<Object> {
    private final Object value;
    private final Exception failure;

    Done(Object value, Exception failure) {
      this.value = value;
      this.failure = failure;
    }

    @Override public long getDelay(TimeUnit unit) { return 0; }
    @Override public int compareTo(Delayed o) { return Long.compare(0, o.getDelay(TimeUnit.NANOSECONDS)); }
    @Override public boolean cancel(boolean mayInterrupt) { return false; }
    @Override public boolean isCancelled() { return false; }
    @Override public boolean isDone() { return true; }

    @Override
    public Object get() throws ExecutionException {
      if (failure != null) throw new ExecutionException(failure);
      return value;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) throws ExecutionException {
      return get();
    }
  }
}
