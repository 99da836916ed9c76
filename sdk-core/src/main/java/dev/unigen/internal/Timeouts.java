package dev.unigen.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timeouts that are almost always canceled: one per submit try. A scheduled executor wakes its
 * thread for every new task that becomes its earliest, which with one call in flight is every
 * call, and that hand-off cost more than the rest of the call's bookkeeping. Here the thread never
 * sleeps longer than a second, so a timeout due later than it wakes is only queued, without waking
 * it; a canceled timeout drops its action at once and leaves its empty shell to be discarded when
 * due. Actions run on the timer's thread and must be short. Internal: not a public API.
 */
public final class Timeouts {
  private static final Logger log = LoggerFactory.getLogger(Timeouts.class);
  /** The longest the thread sleeps, so that a timeout at least this long never has to wake it. */
  private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Idle this long with nothing queued, the thread ends; the next timeout starts another. */
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Timeout> queue = new PriorityQueue<>();
  private Thread thread;
  private long wakeAt;
  private long sequence;
  private boolean closed;

  /** Timeouts run by a daemon thread named {@code name}, started when first needed. */
  public Timeouts(String name) {
    this.name = name;
  }

  /** A pending action that can be canceled. */
  public static final class Timeout implements Comparable<Timeout> {
    private final long deadline;
    private final long order;
    private volatile Runnable action;

    Timeout(long deadline, long order, Runnable action) {
      this.deadline = deadline;
      this.order = order;
      this.action = action;
    }

    /** Drops the action if it has not run; the action and all it holds are freed at once. */
    public void cancel() {
      action = null;
    }

    @Override
    public int compareTo(Timeout o) {
      int c = Long.compare(deadline - o.deadline, 0);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  /**
   * Runs {@code action} after {@code delayNanos} unless canceled first.
   *
   * @throws java.util.concurrent.RejectedExecutionException if closed
   */
  public Timeout schedule(Runnable action, long delayNanos) {
    long deadline = System.nanoTime() + Math.max(0, delayNanos);
    lock.lock();
    try {
      if (closed) throw new java.util.concurrent.RejectedExecutionException("timeouts closed");
      Timeout t = new Timeout(deadline, sequence++, action);
      queue.add(t);
      if (thread == null) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        wakeAt = deadline;
        thread.start();
      } else if (deadline - wakeAt < 0) {
        wakeAt = deadline;
        changed.signal();
      }
      return t;
    } finally {
      lock.unlock();
    }
  }

  /** Drops every pending timeout and stops the thread. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    List<Runnable> due = new ArrayList<>();
    long idleSince = System.nanoTime();
    lock.lock();
    try {
      while (!closed) {
        long now = System.nanoTime();
        Timeout head;
        while ((head = queue.peek()) != null && (head.action == null || head.deadline - now <= 0)) {
          queue.poll();
          Runnable a = head.action;
          if (a != null) due.add(a);
        }
        if (!due.isEmpty()) {
          lock.unlock();
          try {
            for (Runnable a : due) runQuietly(a);
          } finally {
            due.clear();
            lock.lock();
          }
          idleSince = System.nanoTime();
          continue;
        }
        if (head == null && now - idleSince >= IDLE_NANOS) {
          thread = null;
          return;
        }
        if (head != null) idleSince = now;
        long sleep = head == null ? TICK_NANOS : Math.min(TICK_NANOS, head.deadline - now);
        wakeAt = now + sleep;
        try {
          changed.awaitNanos(sleep);
        } catch (InterruptedException e) {
          return;
        }
      }
    } finally {
      if (thread == Thread.currentThread()) thread = null;
      lock.unlock();
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
