package dev.unigen.internal;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds submits to one offer within the rate its provider documents: at most {@code concurrent}
 * in flight and at most {@code perSecond} started per second (spaced evenly, so a burst never
 * arrives at once). A submit over either limit waits in a FIFO queue here without holding a
 * thread, instead of failing at the provider as a 429. Threadsafe. Internal: not a public API.
 */
public final class SubmitGate {
  private final int concurrent;
  private final long spacingNanos;
  private final ScheduledExecutorService scheduler;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;
  private long nextStart = System.nanoTime();
  private boolean wakeScheduled;
  private boolean draining;

  /**
   * A gate admitting at most {@code concurrent} at once (0: no limit) and {@code perSecond} starts
   * per second (0: no limit), waking waiters held by the rate on {@code scheduler}.
   *
   * @throws IllegalArgumentException if a limit is negative
   */
  public SubmitGate(int concurrent, double perSecond, ScheduledExecutorService scheduler) {
    if (concurrent < 0 || perSecond < 0) throw new IllegalArgumentException("negative limit");
    this.concurrent = concurrent;
    this.spacingNanos = perSecond > 0 ? (long) Math.ceil(1_000_000_000d / perSecond) : 0;
    this.scheduler = scheduler;
  }

  /**
   * Runs {@code admitted} once the gate admits it: at once on this thread when it can, else later
   * on the thread that frees a place or on the scheduler. Every admission must be followed by one
   * {@link #release}.
   */
  public void acquire(Runnable admitted) {
    synchronized (this) {
      if (!waiting.isEmpty() || !admit(System.nanoTime())) {
        waiting.add(admitted);
        scheduleWake();
        return;
      }
    }
    admitted.run();
  }

  /** Frees the place an admitted submit held, and admits the next waiting one if it can. */
  public void release() {
    synchronized (this) {
      inFlight--;
    }
    drain();
  }

  /** How many submits are waiting; for tests and diagnostics. */
  public synchronized int waiting() {
    return waiting.size();
  }

  /** Takes a place if both limits allow one now. Called holding the lock. */
  private boolean admit(long now) {
    if (concurrent > 0 && inFlight >= concurrent) return false;
    if (spacingNanos > 0) {
      if (now - nextStart < 0) return false;
      nextStart = now + spacingNanos;
    }
    inFlight++;
    return true;
  }

  /** When the rate holds the head of the queue, wakes up once it may start. Called holding the lock. */
  private void scheduleWake() {
    if (spacingNanos == 0 || wakeScheduled || waiting.isEmpty()) return;
    if (concurrent > 0 && inFlight >= concurrent) return;
    long delay = Math.max(0, nextStart - System.nanoTime());
    wakeScheduled = true;
    scheduler.schedule(() -> {
      synchronized (this) {
        wakeScheduled = false;
      }
      drain();
    }, delay, TimeUnit.NANOSECONDS);
  }

  /**
   * Admits waiters while places are free. One thread drains at a time, and a submit that finishes
   * at once (releasing inside {@code run}) leaves the next one to that loop, so a long queue never
   * becomes a deep stack.
   */
  private void drain() {
    synchronized (this) {
      if (draining) return;
      draining = true;
    }
    while (true) {
      Runnable next;
      synchronized (this) {
        if (waiting.isEmpty() || !admit(System.nanoTime())) {
          draining = false;
          scheduleWake();
          return;
        }
        next = waiting.poll();
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        // an admitted submit reports its own failures; the queue must go on
      }
    }
  }
}
