package dev.unigen.provider.xai;

import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ProviderFailureException;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestContext;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Submits are spaced per model, 5 a second for image models and 1 for video: a burst queues instead of failing. */
class ThrottleTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Throttle throttle = new Throttle("xai", TestContext.scheduler(), now::get);

  private static final Duration MS200 = Duration.ofMillis(200);

  @Test
  void aBurstOfImageSubmitsTakesTurnsFiveASecond() {
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 6; i++) waits.add(throttle.reserve("grok-imagine-image"));

    assertEquals(List.of(Duration.ZERO, MS200, MS200.multipliedBy(2), MS200.multipliedBy(3), MS200.multipliedBy(4),
        Duration.ofSeconds(1)), waits);
  }

  @Test
  void videoTakesOneASecondAndEachModelHasItsOwnTurns() {
    assertEquals(Duration.ZERO, throttle.reserve("grok-imagine-video"));
    assertEquals(Duration.ofSeconds(1), throttle.reserve("grok-imagine-video"));
    // Another model's turns are its own, and text models have no limit to keep.
    assertEquals(Duration.ZERO, throttle.reserve("grok-imagine-video-1.5"));
    assertEquals(Duration.ZERO, throttle.reserve("grok-imagine-image-quality"));
    assertEquals(Duration.ZERO, throttle.reserve("grok-4.3"));
    assertEquals(Duration.ZERO, throttle.reserve("grok-4.3"));
  }

  @Test
  void aTurnThatHasPassedIsNotWaitedFor() {
    throttle.reserve("grok-imagine-video");
    now.addAndGet(Duration.ofMillis(1500).toNanos());

    assertEquals(Duration.ZERO, throttle.reserve("grok-imagine-video"));
    now.addAndGet(Duration.ofMillis(400).toNanos());
    assertEquals(Duration.ofMillis(600), throttle.reserve("grok-imagine-video"));
  }

  @Test
  void aBurstOfImagesAllReachTheServerAndNoneFails() {
    XaiProvider xai = Fixtures.provider(server);
    byte[] png = TestMedia.png(64, 64);
    List<CompletableFuture<Submission>> burst = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      server.enqueue(json(200, Fixtures.imageAnswer(png, "image/png", 200_000_000L)));
      Request r = Request.builder(Task.TEXT_TO_IMAGE).model("grok-imagine").prompt("bicycle " + i).build();
      burst.add(xai.submit(TestCalls.call(xai, r)));
    }
    for (CompletableFuture<Submission> s : burst) assertTrue(TestCalls.await(s).output().isPresent());
    assertEquals(7, server.getRequestCount());
  }

  @Test
  void aTurnThatCannotBeScheduledFailsWithoutSending() {
    ScheduledExecutorService stopped = Executors.newSingleThreadScheduledExecutor();
    stopped.shutdownNow();
    Throttle dead = new Throttle("xai", stopped, now::get);
    dead.reserve("grok-imagine-video");

    Throwable e = TestCalls.failure(dead.turn("grok-imagine-video"));

    ProviderFailureException f = assertInstanceOf(ProviderFailureException.class, e);
    assertTrue(f.getMessage().contains("not sent"), f.getMessage());
  }
}
