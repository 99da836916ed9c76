package dev.unigen.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads HTTP calls and blocking work run on. The library targets Java 17, so virtual
 * threads are found at run time: one method-handle lookup of
 * {@code Executors.newVirtualThreadPerTaskExecutor()}, present from Java 21 (and on 19–20 only
 * with preview features, where calling it fails and the bounded pool is used). Internal: not a
 * public API.
 */
public final class Threads {
  private static final MethodHandle VIRTUAL = findVirtual();

  private Threads() {}

  private static MethodHandle findVirtual() {
    try {
      MethodHandle h = MethodHandles.publicLookup().findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
          MethodType.methodType(ExecutorService.class));
      // Java 19 and 20 have the method but refuse it without --enable-preview: try it once.
      ((ExecutorService) h.invokeExact()).shutdown();
      return h;
    } catch (Throwable absent) {
      return null;
    }
  }

  /** True if this runtime has virtual threads. */
  public static boolean virtualThreadsAvailable() {
    return VIRTUAL != null;
  }

  /**
   * An executor starting one virtual thread per task, when the runtime has them. Its tasks know
   * they run on it ({@link #onOwnThread()}).
   */
  public static Optional<ExecutorService> virtualPerTask() {
    if (VIRTUAL == null) return Optional.empty();
    try {
      return Optional.of(new Marking((ExecutorService) VIRTUAL.invokeExact()));
    } catch (Throwable e) {
      return Optional.empty();
    }
  }

  /**
   * An executor running each task on one of at most {@code platform} daemon platform threads
   * named {@code name-N} when one is free, and on a virtual thread of {@code virtual} (from
   * {@link #virtualPerTask()}) when all are busy. Blocking socket I/O costs less CPU on a platform
   * thread, so the calls of a moderate load run there; a surge beyond rides on virtual threads and
   * adds no platform thread. Its tasks know they run on it ({@link #onOwnThread()}).
   */
  public static ExecutorService platformFirst(int platform, ExecutorService virtual, String name) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, platform, 30, TimeUnit.SECONDS,
        new java.util.concurrent.SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, (task, full) -> {
          if (!virtual.isShutdown()) virtual.execute(task);
          else throw new java.util.concurrent.RejectedExecutionException("shut down");
        });
    return new Marking(pool) {
      @Override public void shutdown() {
        super.shutdown();
        virtual.shutdown();
      }

      @Override public java.util.List<Runnable> shutdownNow() {
        java.util.List<Runnable> left = new java.util.ArrayList<>(super.shutdownNow());
        left.addAll(virtual.shutdownNow());
        return left;
      }
    };
  }

  /**
   * True on a thread of {@link #virtualPerTask()} or {@link #platformFirst} while it runs a task: work started there may
   * block briefly, since it holds no platform thread, so it need not be handed to another.
   */
  public static boolean onOwnThread() {
    return OWN.get() != null;
  }

  private static final ThreadLocal<Boolean> OWN = new ThreadLocal<>();

  /** Runs each task with the mark {@link #onOwnThread()} reads. */
  private static class Marking extends java.util.concurrent.AbstractExecutorService {
    private final ExecutorService delegate;

    Marking(ExecutorService delegate) {
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
      delegate.execute(() -> {
        OWN.set(Boolean.TRUE);
        try {
          task.run();
        } finally {
          OWN.remove();
        }
      });
    }

    @Override public void shutdown() { delegate.shutdown(); }
    @Override public java.util.List<Runnable> shutdownNow() { return delegate.shutdownNow(); }
    @Override public boolean isShutdown() { return delegate.isShutdown(); }
    @Override public boolean isTerminated() { return delegate.isTerminated(); }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }
  }

  /**
   * A pool of at most {@code threads} daemon platform threads named {@code name-N}, started on
   * demand and stopped after 30 s idle; more tasks than threads wait in an unbounded queue, so
   * handing work to it never blocks and never fails.
   *
   * @throws IllegalArgumentException if {@code threads} is not positive
   */
  public static ExecutorService bounded(int threads, String name) {
    if (threads < 1) throw new IllegalArgumentException("threads must be positive: " + threads);
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
