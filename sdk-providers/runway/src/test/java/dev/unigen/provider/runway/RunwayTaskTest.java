package dev.unigen.provider.runway;

import static dev.unigen.provider.runway.Fixtures.IMAGE_URL;
import static dev.unigen.provider.runway.Fixtures.KEY;
import static dev.unigen.provider.runway.Fixtures.TASK;
import static dev.unigen.provider.runway.Fixtures.VIDEO_URL;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
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
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Runway's tasks: every status, progress, failure codes, output and its price, cancel and delete, the balance. */
class RunwayTaskTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final RunwayProvider runway = Fixtures.provider(server);

  private JobRef submit(Request r) {
    server.enqueue(json(200, Fixtures.created(TASK)));
    JobRef job = TestCalls.submit(runway, r).job().orElseThrow();
    TestRequests.take(server);
    return job;
  }

  private PollResult poll(JobRef job, MockResponse answer) {
    server.enqueue(answer);
    PollResult r = TestCalls.await(runway.poll(job));
    RecordedRequest get = TestRequests.take(server);
    assertEquals("GET", get.getMethod());
    assertEquals("/v1/tasks/" + TASK, get.getUrl().encodedPath());
    assertEquals("2024-11-06", get.getHeaders().get("X-Runway-Version"));
    assertEquals("Bearer " + KEY, get.getHeaders().get("Authorization"));
    return r;
  }

  private Money cost(Request r, ProviderOutput out) {
    Offer offer = runway.catalog().offer("runway", r.model().orElseThrow()).orElseThrow();
    Charge c = offer.price().orElseThrow().actual(out.usage());
    assertEquals(CostBasis.COMPUTED, c.basis());
    return c.amount().orElseThrow();
  }

  private JobRef video() {
    return submit(Request.builder(Task.TEXT_TO_VIDEO).model("gen-4.5").prompt("x").duration(Duration.ofSeconds(5)).build());
  }

  @Test
  void pendingAndThrottledAreQueuedNotFailed() {
    JobRef job = video();
    PollResult pending = poll(job, json(200, Fixtures.task(TASK, "PENDING")));
    assertEquals(PollResult.State.QUEUED, pending.state());
    PollResult throttled = poll(job, json(200, Fixtures.task(TASK, "THROTTLED")));
    assertEquals(PollResult.State.QUEUED, throttled.state(), "over the concurrency limit the task waits; it has not failed");
    assertEquals("THROTTLED", throttled.progress().orElseThrow().state().orElseThrow());
    assertFalse(throttled.isDone());
  }

  @Test
  void runningReportsItsFractionalProgressAsAPercentage() {
    JobRef job = video();
    PollResult r = poll(job, json(200, Fixtures.running(TASK, "0.376")));
    assertEquals(PollResult.State.RUNNING, r.state());
    assertEquals(38, r.progress().orElseThrow().percent().getAsInt());
    PollResult start = poll(job, json(200, Fixtures.running(TASK, "0")));
    assertEquals(0, start.progress().orElseThrow().percent().getAsInt());
    PollResult odd = poll(job, json(200, Fixtures.task(TASK, "ASSEMBLING")));
    assertFalse(odd.isDone(), "a status Runway does not list is still pending");
  }

  @Test
  void aSucceededVideoIsPricedFromItsSecondsInCredits() {
    Request r = Request.builder(Task.TEXT_TO_VIDEO).model("gen-4.5").prompt("x").duration(Duration.ofSeconds(7)).build();
    JobRef job = submit(r);
    ProviderOutput out = poll(job, json(200, Fixtures.succeeded(TASK, VIDEO_URL))).output().orElseThrow();
    assertEquals(VIDEO_URL, out.assets().get(0).url().orElseThrow());
    assertEquals("video/mp4", out.assets().get(0).mediaType());
    assertEquals(1280, out.assets().get(0).width().getAsInt());
    assertEquals(0, new BigDecimal("7").compareTo(out.assets().get(0).durationSeconds().orElseThrow()));
    assertEquals(TASK, out.providerRequestId().orElseThrow());
    // By hand: 7 s x 12 credits x $0.01 = $0.84.
    assertEquals(Money.usd("0.84"), cost(r, out));
  }

  @Test
  void veoWithAudioIsPricedAtItsAudioRate() {
    Request r = Request.builder(Task.TEXT_TO_VIDEO).model("veo-3.1").prompt("x").audio(true).duration(Duration.ofSeconds(8)).build();
    JobRef job = submit(r);
    ProviderOutput out = poll(job, json(200, Fixtures.succeeded(TASK, VIDEO_URL))).output().orElseThrow();
    // By hand: 8 s x 40 credits x $0.01 = $3.20; silent it would be 8 x 20 x $0.01 = $1.60.
    assertEquals(Money.usd("3.20"), cost(r, out));
  }

  @Test
  void aSucceededImageIsPricedBySize() {
    Request big = Request.builder(Task.TEXT_TO_IMAGE).model("gen-4-image").prompt("x").build();
    ProviderOutput out = poll(submit(big), json(200, Fixtures.succeeded(TASK, IMAGE_URL))).output().orElseThrow();
    assertEquals("image/png", out.assets().get(0).mediaType());
    assertEquals(1920, out.assets().get(0).width().getAsInt());
    // By hand: a 1080p image, 8 credits x $0.01 = $0.08.
    assertEquals(Money.usd("0.08"), cost(big, out));

    Request small = Request.builder(Task.TEXT_TO_IMAGE).model("gen-4-image").prompt("x").size(960, 720).build();
    ProviderOutput smallOut = poll(submit(small), json(200, Fixtures.succeeded(TASK, IMAGE_URL))).output().orElseThrow();
    // By hand: a 720p image, 5 credits x $0.01 = $0.05.
    assertEquals(Money.usd("0.05"), cost(small, smallOut));
  }

  @Test
  void aSucceededTaskWithoutOutputIsNoOutputAndBilled() {
    PollResult r = poll(video(), json(200, Fixtures.succeeded(TASK)));
    assertInstanceOf(NoOutputException.class, r.error().orElseThrow());
    assertTrue(r.ran(), "succeeded is the work done: billed, and not bought again elsewhere");
  }

  @Test
  void eachFailureCodeIsItsTypedError() {
    JobRef job = video();
    Map<String, Class<? extends GenerationException>> codes = new LinkedHashMap<>();
    codes.put("SAFETY.INPUT.TEXT", ContentModeratedException.class);
    codes.put("SAFETY.INPUT.IMAGE", ContentModeratedException.class);
    codes.put("SAFETY.OUTPUT.VIDEO", ContentModeratedException.class);
    codes.put("INPUT_PREPROCESSING.SAFETY.TEXT", ContentModeratedException.class);
    codes.put("ASSET.INVALID", InvalidRequestException.class);
    codes.put("INTERNAL.BAD_OUTPUT.CODE01", ProviderFailureException.class);
    codes.put("INPUT_PREPROCESSING.INTERNAL", ProviderFailureException.class);
    codes.put("INTERNAL", ProviderFailureException.class);
    codes.forEach((code, type) -> {
      PollResult r = poll(job, json(200, Fixtures.failed(TASK, "An unexpected error occurred.", code)));
      assertEquals(PollResult.State.FAILED, r.state(), code);
      GenerationException e = r.error().orElseThrow();
      assertEquals(type, e.getClass(), code);
      assertTrue(e.getMessage().contains(code) && e.getMessage().contains("An unexpected error occurred."), e.getMessage());
    });
    ProviderFailureException badOutput = (ProviderFailureException) poll(job,
        json(200, Fixtures.failed(TASK, "x", "INTERNAL.BAD_OUTPUT.CODE01"))).error().orElseThrow();
    assertFalse(badOutput.retryable(), "Runway: a retry is unlikely to succeed");
    ProviderFailureException internal = (ProviderFailureException) poll(job,
        json(200, Fixtures.failed(TASK, "x", "INTERNAL"))).error().orElseThrow();
    assertTrue(internal.retryable());
    GenerationException noCode = poll(job, json(200, Fixtures.failed(TASK, "Something went wrong", null))).error().orElseThrow();
    assertTrue(noCode.getMessage().contains("no failureCode"), noCode.getMessage());
  }

  @Test
  void aCancelledTaskEndsAsCancelled() {
    PollResult r = poll(video(), json(200, Fixtures.task(TASK, "CANCELLED")));
    assertEquals(PollResult.State.CANCELED, r.state());
    assertInstanceOf(JobCanceledException.class, r.error().orElseThrow());
  }

  @Test
  void aRateLimitedOrOverloadedPollIsTriedAgainAndA404EndsTheJob() {
    JobRef job = video();
    server.enqueue(json(429, Fixtures.error("Too many requests")));
    assertInstanceOf(RateLimitedException.class, TestCalls.failure(runway.poll(job)));
    server.enqueue(json(503, Fixtures.error("Service unavailable")));
    assertTrue(assertInstanceOf(ProviderFailureException.class, TestCalls.failure(runway.poll(job))).retryable());
    server.enqueue(json(404, Fixtures.error("Task not found")));
    assertEquals(PollResult.State.FAILED, TestCalls.await(runway.poll(job)).state());
  }

  @Test
  void cancelDeletesTheTask() {
    JobRef job = video();
    server.enqueue(new MockResponse.Builder().code(204).build());
    assertTrue(TestCalls.await(runway.cancel(job)));
    RecordedRequest delete = TestRequests.take(server);
    assertEquals("DELETE", delete.getMethod());
    assertEquals("/v1/tasks/" + TASK, delete.getUrl().encodedPath());
    assertEquals("2024-11-06", delete.getHeaders().get("X-Runway-Version"));
    server.enqueue(json(404, Fixtures.error("Task not found")));
    assertFalse(TestCalls.await(runway.cancel(job)));
  }

  @Test
  void theCreditBalanceIsRead() {
    server.enqueue(json(200, "{\"creditBalance\":5000,\"tier\":{\"maxMonthlyCreditSpend\":10000,\"models\":{}},"
        + "\"usage\":{\"models\":{}}}"));
    assertEquals(0, new BigDecimal("5000").compareTo(TestCalls.await(runway.creditBalance())));
    assertEquals("/v1/organization", TestRequests.take(server).getUrl().encodedPath());
  }
}
