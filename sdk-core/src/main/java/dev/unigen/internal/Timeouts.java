package dev.unigen.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timeouts of one length that are almost always canceled: one per submit try. A scheduled executor
 * wakes its thread for every new task that becomes its earliest, which with one call in flight is
 * every call, and that hand-off cost more than the rest of the call's bookkeeping. All timeouts
 * here are the same length, so they fall due in the order they were made: a new one goes at the
 * end of a linked list, a canceled one is unlinked at once, and the thread is never woken, since
 * a timeout made while it sleeps is due after it wakes. Actions run on the timer's thread, no
 * earlier than due, and must be short. Internal: not a public API.
 */
public final class Timeouts {
  private static final Logger log = LoggerFactory.getLogger(Timeouts.class);
  /** Idle this long with nothing pending, the thread ends; the next timeout starts another. */
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final String name;
  private final long delayNanos;
  /** Guards the list and the thread's life. */
  private final Object lock = new Object();
  private Timeout head;
  private Timeout tail;
  private Thread thread;
  private boolean closed;

  /**
   * Timeouts of {@code delayNanos} each, run by a daemon thread named {@code name} that starts
   * when first needed.
   *
   * @throws IllegalArgumentException if the delay is negative
   */
  public Timeouts(String name, long delayNanos) {
    if (delayNanos < 0) throw new IllegalArgumentException("negative delay: " + delayNanos);
    this.name = name;
    this.delayNanos = delayNanos;
  }

  /** A pending action that can be canceled. */
  public final class Timeout {
    private final long deadline;
    private Runnable action;
    private Timeout previous;
    private Timeout next;

    Timeout(long deadline, Runnable action) {
      this.deadline = deadline;
      this.action = action;
    }

    /** Drops the action if it has not run, freeing it and all it holds. */
    public void cancel() {
      synchronized (lock) {
        if (action != null) unlink(this);
      }
    }
  }

  /**
   * Runs {@code action} once the delay has passed, unless canceled first.
   *
   * @throws RejectedExecutionException if closed
   */
  public Timeout schedule(Runnable action) {
    Timeout t = new Timeout(System.nanoTime() + delayNanos, action);
    synchronized (lock) {
      if (closed) throw new RejectedExecutionException("timeouts closed");
      if (tail == null) {
        head = t;
      } else {
        tail.next = t;
        t.previous = tail;
      }
      tail = t;
      if (thread == null) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
      }
    }
    return t;
  }

  /** Drops every pending timeout and stops the thread. */
  public void close() {
    synchronized (lock) {
      closed = true;
      while (head != null) unlink(head);
      lock.notifyAll();
    }
  }

  private void unlink(Timeout t) {
    if (t.previous == null) head = t.next;
    else t.previous.next = t.next;
    if (t.next == null) tail = t.previous;
    else t.next.previous = t.previous;
    t.previous = null;
    t.next = null;
    t.action = null;
  }

  private void run() {
    List<Runnable> due = new ArrayList<>();
    long idleSince = System.nanoTime();
    while (true) {
      synchronized (lock) {
        long now = System.nanoTime();
        while (!closed && head != null && head.deadline - now <= 0) {
          due.add(head.action);
          unlink(head);
        }
        if (due.isEmpty()) {
          if (closed || (head == null && now - idleSince >= IDLE_NANOS)) {
            thread = null;
            return;
          }
          if (head != null) idleSince = now;
          try {
            // Never longer than one delay: a timeout made meanwhile is due no sooner than that.
            TimeUnit.NANOSECONDS.timedWait(lock, head != null ? head.deadline - now : Math.min(delayNanos, IDLE_NANOS) + 1);
          } catch (InterruptedException e) {
            thread = null;
            return;
          }
          continue;
        }
      }
      // outside the lock: an action may cancel or schedule
      for (Runnable a : due) runQuietly(a);
      due.clear();
      idleSince = System.nanoTime();
    }
  }

  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | Error e) {
      log.warn("a timeout's action failed: {}", e.toString());
    }
  }
}
