package dev.unigen.spring;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.jobs.Job;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Resumes the journaled jobs a previous run left unfinished once the application has started, and
 * at shutdown gives running jobs a bounded time to finish before the generator is closed; what is
 * still running then stays in the journal for the next start. Its phase puts both inside the web
 * server's lifetime, so webhooks can complete jobs while shutdown waits.
 */
final class UnigenLifecycle implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(UnigenLifecycle.class);
  /** After the web server starts and before its graceful shutdown begins (at DEFAULT_PHASE - 1024). */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private final Generator generator;
  private final UnigenProperties.Jobs settings;
  private volatile boolean running;

  UnigenLifecycle(Generator generator, UnigenProperties.Jobs settings) {
    this.generator = generator;
    this.settings = settings;
  }

  @Override
  public void start() {
    running = true;
    if (!settings.resumeOnStartup()) return;
    List<Job<Generation>> resumed = generator.jobs().resume();
    if (!resumed.isEmpty()) log.info("Resumed {} unfinished job(s) from the journal.", resumed.size());
  }

  @Override
  public void stop() {
    running = false;
    List<Job<Generation>> active = generator.jobs().list().stream().filter(j -> !j.status().isDone()).toList();
    if (active.isEmpty()) return;
    Duration wait = settings.shutdownWait();
    CompletableFuture<?>[] futures = active.stream().map(Job::future).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(futures).get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // A failed job is the job's business; a timeout leaves the rest to the journal.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long left = active.stream().filter(j -> !j.status().isDone()).count();
    if (left > 0) log.info("{} job(s) still running after {}; the journal keeps them for the next start.", left, wait);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
