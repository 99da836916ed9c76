package dev.unigen.provider.sandbox;

import static dev.unigen.provider.sandbox.Fixtures.call;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static dev.unigen.testkit.TestCalls.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxLatencyTest {
  /** A scheduler that records the delay of everything scheduled on it. */
  private static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
    final List<Duration> delays = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    RecordingScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      delays.add(Duration.ofNanos(unit.toNanos(delay)));
      return super.schedule(() -> {
        threads.add(Thread.currentThread());
        command.run();
      }, delay, unit);
    }
  }

  private final RecordingScheduler scheduler = new RecordingScheduler();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static final Request IMAGE = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell")
      .prompt("a red bicycle").size(256, 256).build();

  @Test
  void latencyIsScheduledNotSlept() {
    SandboxProvider p = SandboxProvider.builder()
        .latency(Duration.ofMillis(300)).build(TestContext.builder().scheduler(scheduler).build());

    CompletableFuture<Submission> f = p.submit(call(p, IMAGE));

    assertFalse(f.isDone(), "the caller gets a pending future");
    assertEquals(List.of(Duration.ofMillis(300)), scheduler.delays);
    assertTrue(await(f).output().isPresent());
    assertEquals(1, scheduler.threads.size());
    assertTrue(scheduler.threads.get(0) != Thread.currentThread(), "completed on the scheduler's thread");
  }

  @Test
  void scriptedFailuresAlsoAnswerAfterTheLatency() {
    SandboxProvider p = SandboxProvider.builder()
        .latency(Duration.ofMillis(150)).fail(SandboxFailure.OUTAGE).build(TestContext.builder().scheduler(scheduler).build());

    assertInstanceOf(ProviderFailureException.class, failure(p.submit(call(p, IMAGE))));

    assertEquals(List.of(Duration.ofMillis(150)), scheduler.delays);
  }

  @Test
  void aLatencyBeyondTheCallsTimeoutIsAnUnknownOutcomeAtTheTimeout() {
    SandboxProvider p = SandboxProvider.builder()
        .latency(Duration.ofHours(1)).build(TestContext.builder().scheduler(scheduler).build());

    Throwable e = failure(p.submit(call(p, IMAGE, Duration.ofMillis(100))));

    assertInstanceOf(OutcomeUnknownException.class, e);
    assertEquals(List.of(Duration.ofMillis(100)), scheduler.delays);
  }

  @Test
  void jobsAreAcceptedAtOnceWhateverTheLatency() {
    SandboxProvider p = SandboxProvider.builder()
        .latency(Duration.ofHours(1)).build(TestContext.builder().scheduler(scheduler).build());
    Request video = Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.1-pro").prompt("waves").build();

    Submission s = await(p.submit(call(p, video)));

    assertTrue(s.job().isPresent());
    // ScheduledThreadPoolExecutor.execute schedules with no delay; nothing waits for the job's hour.
    assertTrue(scheduler.delays.stream().allMatch(Duration::isZero), scheduler.delays.toString());
  }

  @Test
  void withoutAContextTheSandboxUsesItsOwnDaemonScheduler() {
    SandboxProvider p = SandboxProvider.builder().latency(Duration.ofMillis(10)).build();

    assertTrue(await(p.submit(call(p, IMAGE))).output().isPresent());
  }
}
