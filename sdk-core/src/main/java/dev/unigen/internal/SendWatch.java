package dev.unigen.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches one try of a submit: whether the provider started any HTTP exchange for it, and when
 * the first of its requests was written to the network. The try is set as the current one on the
 * calling thread while the provider's {@code submit} runs, and the HTTP layer picks it up for
 * every exchange started there. A try whose exchanges never reached the network sent nothing: it
 * is safe to retry or fail over, and the submit timeout starts only at the first write, so time
 * spent queued for a connection or a thread never counts against it. Internal: not a public API.
 */
public final class SendWatch {
  private static final ThreadLocal<SendWatch> CURRENT = new ThreadLocal<>();

  private final Runnable onFirstWrite;
  private final AtomicBoolean written = new AtomicBoolean();
  private volatile boolean exchanges;
  private Runnable cancel;
  private boolean canceled;

  /** A watch that runs {@code onFirstWrite} once, on the thread that writes the first request. */
  public SendWatch(Runnable onFirstWrite) {
    this.onFirstWrite = onFirstWrite;
  }

  /** The watch of the try running on this thread, or null. */
  public static SendWatch current() {
    return CURRENT.get();
  }

  /** Makes {@code watch} current on this thread and returns the one it replaces, for {@link #restore}. */
  public static SendWatch enter(SendWatch watch) {
    SendWatch previous = CURRENT.get();
    CURRENT.set(watch);
    return previous;
  }

  /** Makes {@code previous} (from {@link #enter}) current again. */
  public static void restore(SendWatch previous) {
    if (previous == null) CURRENT.remove();
    else CURRENT.set(previous);
  }

  /**
   * Notes that an HTTP exchange was started for this try, which {@code cancel} stops; a try that
   * was already given up stops it at once.
   */
  public void exchangeStarted(Runnable cancel) {
    exchanges = true;
    boolean now;
    synchronized (this) {
      now = canceled;
      if (!now) this.cancel = this.cancel == null ? cancel : both(this.cancel, cancel);
    }
    if (now) cancel.run();
  }

  /** Stops every exchange of this try: it timed out or was given up, and its connections are freed. */
  public void cancel() {
    Runnable c;
    synchronized (this) {
      canceled = true;
      c = cancel;
      cancel = null;
    }
    if (c != null) c.run();
  }

  private static Runnable both(Runnable a, Runnable b) {
    return () -> {
      a.run();
      b.run();
    };
  }

  /** Notes that a request of this try is being written; the first time, runs the callback. */
  public void written() {
    if (!written.get() && written.compareAndSet(false, true)) onFirstWrite.run();
  }

  /** True if an HTTP exchange was started for this try. */
  public boolean anyExchange() {
    return exchanges;
  }

  /** True if any request of this try reached the network. */
  public boolean wasWritten() {
    return written.get();
  }
}
