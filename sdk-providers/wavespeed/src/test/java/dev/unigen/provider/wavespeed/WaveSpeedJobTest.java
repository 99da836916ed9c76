package dev.unigen.provider.wavespeed;

import static dev.unigen.provider.wavespeed.Fixtures.KEY;
import static dev.unigen.provider.wavespeed.Fixtures.TASK;
import static dev.unigen.provider.wavespeed.Fixtures.VIDEO_URL;
import static dev.unigen.provider.wavespeed.Fixtures.completed;
import static dev.unigen.provider.wavespeed.Fixtures.created;
import static dev.unigen.provider.wavespeed.Fixtures.envelope;
import static dev.unigen.provider.wavespeed.Fixtures.prediction;
import static dev.unigen.provider.wavespeed.Fixtures.processing;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.GenerationTimeoutException;
import dev.unigen.InvalidRequestException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.assets.Asset;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** A task through every documented status, read at /api/v3/predictions/{id}/result. */
class WaveSpeedJobTest {
  private static final String WAN = "alibaba/wan-2.6/text-to-video";

  @StartStop private final MockWebServer server = TestServers.started();
  private final WaveSpeedProvider provider = WaveSpeedProvider.builder().build(Fixtures.context(server));

  private JobRef accept() throws Exception {
    server.enqueue(json(200, created(WAN)));
    JobRef job = await(provider.submit(call(provider, Request.builder(Task.TEXT_TO_VIDEO).model("wan-2.6")
        .prompt("a lighthouse at dusk").resolution("1080p").duration(Duration.ofSeconds(10)).build()))).job().orElseThrow();
    server.takeRequest();
    return job;
  }

  private PollResult poll(JobRef job, String answer) {
    server.enqueue(json(200, answer));
    return await(provider.poll(job));
  }

  private static GenerationException failure(PollResult r) {
    assertEquals(PollResult.State.FAILED, r.state());
    return r.error().orElseThrow();
  }

  @Test
  void createdThenProcessingThenCompleted() throws Exception {
    JobRef job = accept();

    PollResult queued = poll(job, created(WAN));
    assertEquals(PollResult.State.QUEUED, queued.state());
    assertEquals("created", queued.progress().get().state().get());
    assertEquals(Duration.ofSeconds(5), queued.retryAfter().get(), "video tasks are read at most every 5 s");
    RecordedRequest get = server.takeRequest();
    assertEquals("GET", get.getMethod());
    assertEquals("/api/v3/predictions/" + TASK + "/result", get.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, get.getHeaders().get("Authorization"));
    assertEquals(server.url("/").host(), get.getUrl().host(), "read on the configured base URL, not api.wavespeed.ai");

    PollResult running = poll(job, processing(WAN));
    assertEquals(PollResult.State.RUNNING, running.state());
    assertEquals("processing", running.progress().get().state().get());

    PollResult done = poll(job, completed(WAN, VIDEO_URL));
    assertEquals(PollResult.State.SUCCEEDED, done.state());
    Asset video = done.output().get().assets().get(0);
    assertEquals(VIDEO_URL, video.url().get());
    assertEquals("video/mp4", video.mediaType());
    assertEquals(1920, video.width().getAsInt());
    assertEquals(1080, video.height().getAsInt());
    assertEquals(0, new BigDecimal("10").compareTo(video.durationSeconds().get()));
    assertFalse(video.nsfw());
    Usage u = done.output().get().usage();
    assertEquals(0, new BigDecimal("10").compareTo(u.outputSeconds().get()), "the seconds sent: WaveSpeed reports none");
    assertEquals("1080p", u.resolution().get());
    assertEquals(1, u.count());
    assertEquals(TASK, done.output().get().providerRequestId().get());
  }

  @Test
  void imageTasksAreReadEveryTwoSeconds() {
    JobRef image = JobRef.of("wavespeed", "img-1", null, null, java.util.Map.of("output", "image"));
    PollResult r = poll(image, envelope(prediction("img-1", "wavespeed-ai/flux-dev", "processing", List.of(), "", null)));
    assertEquals(Duration.ofSeconds(2), r.retryAfter().get());
    assertEquals("/api/v3/predictions/img-1/result", takeQuietly().getUrl().encodedPath(), "the default result path");
  }

  private RecordedRequest takeQuietly() {
    try {
      return server.takeRequest();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aFailedTaskIsAnHttp200WithSuccessAndOnlyItsStatusTells() throws Exception {
    JobRef job = accept();
    String failed = envelope(prediction(TASK, WAN, "failed", List.of(), "Inference failed, please try again later.", null));
    assertTrue(failed.startsWith("{\"code\":200,\"message\":\"success\""));
    GenerationException e = failure(poll(job, failed));
    assertInstanceOf(ProviderFailureException.class, e);
    assertTrue(e.getMessage().contains("Inference failed"), e.getMessage());
  }

  @Test
  void taskErrorCodesMapToTheTypedErrors() throws Exception {
    JobRef job = accept();
    assertInstanceOf(ContentModeratedException.class, failure(poll(job, envelope(prediction(TASK, WAN, "failed", List.of(),
        "The content contains sensitive information.", "\"code\":1200")))));
    assertInstanceOf(InvalidRequestException.class, failure(poll(job, envelope(prediction(TASK, WAN, "failed", List.of(),
        "size must be one of 1280*720, 720*1280", "\"code\":1401")))));
    assertInstanceOf(InvalidRequestException.class, failure(poll(job, envelope(prediction(TASK, WAN, "failed", List.of(),
        "Failed to download image from the provided URL.", "\"code\":1402")))));
    ProviderFailureException failed = assertInstanceOf(ProviderFailureException.class, failure(poll(job,
        envelope(prediction(TASK, WAN, "failed", List.of(), "task failed", "\"code\":1405")))));
    assertFalse(failed.retryable());
    ProviderFailureException unavailable = assertInstanceOf(ProviderFailureException.class, failure(poll(job,
        envelope(prediction(TASK, WAN, "failed", List.of(), "service unavailable", "\"code\":5003")))));
    assertTrue(unavailable.retryable(), "a server-side failure may be sent again");
    assertInstanceOf(GenerationTimeoutException.class, failure(poll(job, envelope(prediction(TASK, WAN, "failed", List.of(),
        "timed out", "\"code\":5004")))));
    assertInstanceOf(ContentModeratedException.class, failure(poll(job, envelope(prediction(TASK, WAN, "failed", List.of(),
        "NSFW content detected in the prompt", null)))), "no code: told by the text");
  }

  @Test
  void cancelledAndTimeoutAreTerminal() throws Exception {
    JobRef job = accept();
    PollResult cancelled = poll(job, envelope(prediction(TASK, WAN, "cancelled", List.of(), "", null)));
    assertEquals(PollResult.State.CANCELED, cancelled.state());
    assertInstanceOf(JobCanceledException.class, cancelled.error().get());
    assertInstanceOf(GenerationTimeoutException.class, failure(poll(job, envelope(prediction(TASK, WAN, "timeout", List.of(),
        "prediction timed out", null)))));
  }

  @Test
  void completedWithoutOutputsIsBilledAndReadAgain() throws Exception {
    JobRef job = accept();
    PollResult r = poll(job, envelope(prediction(TASK, WAN, "completed", List.of(), "", null)));
    assertInstanceOf(NoOutputException.class, failure(r));
    assertTrue(r.isUnreadable(), "completed: read again, never bought elsewhere");
    assertTrue(r.ran());
  }

  @Test
  void completedWithOutputsThatAreNotContentRanAndIsBilled() throws Exception {
    JobRef job = accept();
    PollResult r = poll(job, envelope(prediction(TASK, WAN, "completed", List.of("not-content!"), "", null)));
    assertInstanceOf(NoOutputException.class, failure(r));
    assertTrue(r.ran());
    assertFalse(r.isUnreadable());
  }

  @Test
  void failedAndTimedOutTasksAreRefundedSoNotMarkedAsRun() throws Exception {
    JobRef job = accept();
    assertFalse(poll(job, envelope(prediction(TASK, WAN, "failed", List.of(), "boom", "\"code\":1403"))).ran());
    assertFalse(poll(job, envelope(prediction(TASK, WAN, "timeout", List.of(), "prediction timed out", null))).ran());
  }

  @Test
  void nsfwFlagsAreCarriedOnTheAssets() throws Exception {
    JobRef job = accept();
    String data = prediction(TASK, WAN, "completed", List.of(VIDEO_URL), "", null).replace("\"has_nsfw_contents\":[false]",
        "\"has_nsfw_contents\":[true]");
    PollResult r = poll(job, envelope(data));
    assertTrue(r.output().get().assets().get(0).nsfw());
    assertTrue(r.output().get().warnings().stream().anyMatch(w -> w.contains("flagged NSFW")));
  }

  @Test
  void rateLimitsAndServerErrorsAreReadAgain() throws Exception {
    JobRef job = accept();
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(429).addHeader("Retry-After", "3")
        .body("{\"code\":429,\"message\":\"Too many requests\"}").build());
    RateLimitedException limited = TestCalls.failure(RateLimitedException.class, () -> provider.poll(job));
    assertEquals(Duration.ofSeconds(3), limited.retryAfter().get());
    server.enqueue(json(502, "<html>Bad Gateway</html>"));
    assertTrue(TestCalls.failure(ProviderFailureException.class, () -> provider.poll(job)).retryable());
    server.enqueue(json(500, "{\"code\":500,\"message\":\"internal error\"}"));
    assertTrue(TestCalls.failure(ProviderFailureException.class, () -> provider.poll(job)).retryable(),
        "WaveSpeed's SDKs retry result reads on 500");
    assertEquals(PollResult.State.SUCCEEDED, poll(job, completed(WAN, VIDEO_URL)).state());
  }

  @Test
  void anUnknownTaskEndsTheJob() throws Exception {
    JobRef job = accept();
    server.enqueue(json(404, "{\"code\":404,\"message\":\"prediction not found\"}"));
    ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, failure(await(provider.poll(job))));
    assertEquals(404, e.status().getAsInt());
  }

  @Test
  void anUndocumentedStatusKeepsWaiting() throws Exception {
    JobRef job = accept();
    PollResult r = poll(job, envelope(prediction(TASK, WAN, "pending", List.of(), "", null)));
    assertEquals(PollResult.State.RUNNING, r.state());
    assertEquals("pending", r.progress().get().state().get());
  }

  @Test
  void base64OutputsBecomeBytes() {
    JobRef image = JobRef.of("wavespeed", "img-2", null, null, java.util.Map.of("output", "image"));
    String png = java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
    PollResult r = poll(image, envelope(prediction("img-2", "wavespeed-ai/flux-dev", "completed", List.of(png), "", null)));
    Asset a = r.output().get().assets().get(0);
    assertTrue(a.hasBytes());
    assertEquals("image/png", a.mediaType());
  }

  @Test
  void anotherProvidersJobIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> provider.poll(JobRef.of("fal", "x", null, null, java.util.Map.of())));
  }
}
