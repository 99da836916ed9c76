package dev.unigen.provider.getimg;

import static dev.unigen.provider.getimg.Fixtures.DELETES_AT;
import static dev.unigen.provider.getimg.Fixtures.VIDEO_ID;
import static dev.unigen.provider.getimg.Fixtures.VIDEO_URL;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.money.Money;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Videos: 202 then polling, each status, the output and its reported cost, expiry and failures. */
class GetImgVideoTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final GetImgProvider provider = Fixtures.provider(server);

  private JobRef submit(Request r) {
    server.enqueue(json(202, Fixtures.videoAccepted()));
    return TestCalls.submit(provider, r).job().orElseThrow();
  }

  private PollResult poll(JobRef job, String answer) {
    server.enqueue(json(200, answer));
    return TestCalls.await(provider.poll(job));
  }

  @Test
  void aVideoIsAcceptedWith202ThenPolledUntilCompleted() throws Exception {
    JobRef job = submit(Request.builder(Task.IMAGE_TO_VIDEO).model("seedance-pro").prompt("clouds rolling over a peak")
        .image(Media.url("https://example.com/peak.jpg")).aspectRatio("16:9").resolution("1080p")
        .duration(Duration.ofSeconds(5)).build());

    PollResult running = poll(job, Fixtures.videoPending());
    PollResult done = poll(job, Fixtures.videoCompleted(DELETES_AT));

    RecordedRequest post = TestRequests.take(server);
    assertEquals("/v2/videos/generations", post.getUrl().encodedPath());
    assertEquals(Map.of("model", "seedance-v1-pro", "prompt", "clouds rolling over a peak", "aspect_ratio", "16:9",
        "resolution", "1080p", "duration", new BigDecimal("5"), "sound", false,
        "images", List.of(Map.of("url", "https://example.com/peak.jpg", "role", "first_frame"))), TestRequests.json(post));
    assertEquals(VIDEO_ID, job.id());
    assertEquals(server.url("/v2/videos/generations/" + VIDEO_ID).toString(), job.pollUrl().orElseThrow());
    RecordedRequest get = TestRequests.take(server);
    assertEquals("GET", get.getMethod());
    assertEquals("/v2/videos/generations/" + VIDEO_ID, get.getUrl().encodedPath());

    assertEquals(PollResult.State.RUNNING, running.state());
    assertEquals(Duration.ZERO, running.retryAfter().orElseThrow());
    ProviderOutput out = done.output().orElseThrow();
    Asset clip = out.assets().get(0);
    assertEquals(VIDEO_URL, clip.url().orElseThrow());
    assertEquals("video/mp4", clip.mediaType());
    assertEquals(1920, clip.width().getAsInt());
    assertEquals(0, new BigDecimal("5").compareTo(clip.durationSeconds().orElseThrow()));
    assertEquals(0, new BigDecimal("5").compareTo(out.usage().outputSeconds().orElseThrow()));
    assertEquals("1080p", out.usage().resolution().orElseThrow());
    assertEquals(24, out.usage().fps().getAsInt());
    assertFalse(out.usage().audio());
    // 5 video seconds x $0.15, as GetImg reported it
    assertEquals(Money.usd("0.75"), out.usage().reportedCost().orElseThrow());
    assertTrue(out.warnings().stream().anyMatch(w -> w.startsWith("GetImg deletes output " + VIDEO_ID)), out.warnings().toString());
  }

  @Test
  void aFailedVideoIsAFailureAndAModeratedOneIsModeration() {
    JobRef job = submit(Request.builder(Task.TEXT_TO_VIDEO).model("seedance-pro").prompt("x").build());

    PollResult failed = poll(job, Fixtures.videoFailed("generation_failed", "The model could not generate the video."));
    PollResult moderated = poll(job, Fixtures.videoFailed("content_moderation", "The prompt was flagged by moderation."));

    ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, failed.error().orElseThrow());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("generation_failed: The model could not generate the video."), e.getMessage());
    assertInstanceOf(ContentModeratedException.class, moderated.error().orElseThrow());
  }

  @Test
  void aVideoReadAfterGetImgDeletedItIsNoOutputThatRanAndIsBilled() {
    JobRef job = submit(Request.builder(Task.TEXT_TO_VIDEO).model("seedance-pro").prompt("x").build());

    PollResult r = poll(job, Fixtures.videoCompleted("2026-12-05T10:00:00Z"));

    assertInstanceOf(NoOutputException.class, r.error().orElseThrow());
    assertTrue(r.ran(), "completed: made and billed, so never bought again");
  }

  @Test
  void anUnknownStatusKeepsWaiting() {
    JobRef job = submit(Request.builder(Task.TEXT_TO_VIDEO).model("seedance-pro").prompt("x").build());

    PollResult r = poll(job, "{\"id\":\"" + VIDEO_ID + "\",\"status\":\"processing\"}");

    assertFalse(r.isDone());
    assertEquals("processing", r.progress().orElseThrow().state().orElseThrow());
  }

  @Test
  void theAskedDurationAndAudioTravelInTheJobReference() {
    JobRef job = submit(Request.builder(Task.TEXT_TO_VIDEO).model("seedance-pro").prompt("x")
        .duration(Duration.ofSeconds(10)).build());

    assertEquals("10", job.attributes().get("seconds"));
    assertEquals("false", job.attributes().get("audio"));
    assertEquals("seedance-v1-pro", job.attributes().get(JobRef.ENDPOINT));
  }

  @Test
  void aVideoSubmitAnsweredWithoutAnIdIsAnUnknownOutcome() {
    server.enqueue(json(202, "{\"status\":\"pending\"}"));

    TestCalls.failure(OutcomeUnknownException.class, provider,
        Request.builder(Task.TEXT_TO_VIDEO).model("seedance-pro").prompt("x").build());

    assertEquals(1, server.getRequestCount());
  }
}
