package dev.unigen.provider.wavespeed;

import static dev.unigen.provider.wavespeed.Fixtures.TASK;
import static dev.unigen.provider.wavespeed.Fixtures.VIDEO_URL;
import static dev.unigen.provider.wavespeed.Fixtures.completed;
import static dev.unigen.provider.wavespeed.Fixtures.envelope;
import static dev.unigen.provider.wavespeed.Fixtures.prediction;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestRequests.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Sync mode: the submit waits for the output; when WaveSpeed's wait runs out (5004) the task goes on as a job. */
class WaveSpeedSyncTest {
  private static final String KLING = "kwaivgi/kling-v2.6-pro/text-to-video";
  /** The sync-timeout answer as WaveSpeed's Python SDK test shows it. */
  private static final String SYNC_TIMEOUT = envelope("{\"id\":\"" + TASK + "\",\"status\":\"processing\",\"code\":5004,"
      + "\"error\":\"Sync mode timed out after 90 seconds. The prediction is still processing asynchronously.\","
      + "\"urls\":{\"get\":\"https://api.wavespeed.ai/api/v3/predictions/" + TASK + "/result\"}}");

  @StartStop private final MockWebServer server = new MockWebServer();

  private final Request kling = Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.6-pro").prompt("a cat playing piano")
      .audio(true).build();

  @Test
  void syncModeCompletesInTheSubmit() throws Exception {
    WaveSpeedProvider p = WaveSpeedProvider.builder().syncMode(true).build(Fixtures.context(server));
    server.enqueue(json(200, completed(KLING, VIDEO_URL)));
    Submission s = await(p.submit(call(p, kling)));
    assertTrue(s.output().isPresent());
    assertEquals(VIDEO_URL, s.output().get().assets().get(0).url().get());
    assertTrue(s.output().get().usage().audio());
    RecordedRequest post = server.takeRequest();
    assertEquals(true, json(post).get("enable_sync_mode"));
    assertEquals(1, server.getRequestCount(), "no result read");
  }

  @Test
  void aRequestCanAskForSyncModeAndItsOptionWins() throws Exception {
    WaveSpeedProvider p = Fixtures.provider(server);
    server.enqueue(json(200, completed(KLING, VIDEO_URL)));
    Request asked = kling.toBuilder().providerOptions("wavespeed", Map.of("enable_sync_mode", true)).build();
    assertTrue(await(p.submit(call(p, asked))).output().isPresent());
    assertEquals(true, json(server.takeRequest()).get("enable_sync_mode"));

    WaveSpeedProvider sync = WaveSpeedProvider.builder().syncMode(true).build(Fixtures.context(server));
    server.enqueue(json(200, Fixtures.created(KLING)));
    Request declined = kling.toBuilder().providerOptions("wavespeed", Map.of("enable_sync_mode", false)).build();
    assertTrue(await(sync.submit(call(sync, declined))).job().isPresent());
    assertEquals(false, json(server.takeRequest()).get("enable_sync_mode"));
  }

  @Test
  void theSyncTimeoutContinuesAsAJob() throws Exception {
    WaveSpeedProvider p = WaveSpeedProvider.builder().syncMode(true).pollIntervals(Duration.ZERO, Duration.ZERO)
        .build(Fixtures.context(server));
    server.enqueue(json(200, SYNC_TIMEOUT));
    Submission s = await(p.submit(call(p, kling)));
    JobRef job = s.job().orElseThrow();
    assertEquals(TASK, job.id());
    assertEquals(1, server.getRequestCount(), "the POST is not sent again");
    assertTrue(job.attributes().get("warnings").contains("5004"));

    server.enqueue(json(200, completed(KLING, VIDEO_URL)));
    PollResult r = await(p.poll(job));
    assertEquals(PollResult.State.SUCCEEDED, r.state());
    server.takeRequest();
    assertEquals("/api/v3/predictions/" + TASK + "/result", server.takeRequest().getUrl().encodedPath());
    assertTrue(r.output().get().warnings().stream().anyMatch(w -> w.contains("sync mode timed out")));
  }

  @Test
  void aSyncAnswerCompletedWithoutOutputsIsReadAgainAsAJob() throws Exception {
    WaveSpeedProvider p = WaveSpeedProvider.builder().syncMode(true).build(Fixtures.context(server));
    server.enqueue(json(200, envelope(prediction(TASK, KLING, "completed", List.of(), "", null))));
    JobRef job = await(p.submit(call(p, kling))).job().orElseThrow();
    assertEquals(TASK, job.id(), "completed, so billed: followed as a job, never bought elsewhere");
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aSyncAnswerThatFailedIsTheTasksError() {
    WaveSpeedProvider p = WaveSpeedProvider.builder().syncMode(true).build(Fixtures.context(server));
    server.enqueue(json(200, envelope(prediction(TASK, KLING, "failed", List.of(), "The content contains sensitive information.",
        "\"code\":1200"))));
    TestCalls.failure(ContentModeratedException.class, () -> p.submit(call(p, kling)));
  }

  @Test
  void throughAGeneratorTheSyncTimeoutIsPolledToTheEndAndPricedFromTheRequest() {
    try (Generator gen = Generator.builder().environment(Fixtures.env(server))
        .provider(ctx -> WaveSpeedProvider.builder().syncMode(true).pollIntervals(Duration.ZERO, Duration.ZERO).build(ctx))
        .pollInterval(Duration.ofMillis(1), Duration.ofMillis(10)).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .strategy(dev.unigen.routing.Strategy.providerOrder("wavespeed"))   // kling-2.6-pro is unpriced
        .build()) {
      server.enqueue(json(200, SYNC_TIMEOUT));
      server.enqueue(json(200, Fixtures.processing(KLING)));
      server.enqueue(json(200, completed(KLING, VIDEO_URL)));
      Generation g = gen.video("kling-2.6-pro").prompt("a cat playing piano").audio(true)
          .duration(Duration.ofSeconds(10)).generate();
      assertEquals("wavespeed", g.provider());
      assertEquals(3, server.getRequestCount());
      // unpriced, and WaveSpeed reports no cost: nothing is made up
      assertTrue(g.cost().actual().isEmpty());
      assertEquals(CostBasis.UNPRICED, g.cost().basis());
      assertFalse(g.warnings().isEmpty());
    }
  }
}
