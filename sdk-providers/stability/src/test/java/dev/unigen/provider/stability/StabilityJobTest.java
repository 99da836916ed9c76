package dev.unigen.provider.stability;

import static dev.unigen.provider.stability.Fixtures.GENERATION_ID;
import static dev.unigen.provider.stability.Fixtures.KEY;
import static dev.unigen.provider.stability.Fixtures.error;
import static dev.unigen.provider.stability.Fixtures.imageResponse;
import static dev.unigen.provider.stability.Fixtures.jsonImageResponse;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestCalls.submit;
import static dev.unigen.testkit.TestMedia.png;
import static dev.unigen.testkit.TestRequests.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The creative upscaler: accepted with a generation id, then polled at /v2beta/results/{id} (202, then 200). */
class StabilityJobTest {
  private static final String IN_PROGRESS = "{\"id\":\"" + GENERATION_ID + "\",\"status\":\"in-progress\"}";

  @StartStop private final MockWebServer server = TestServers.started();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final StabilityProvider provider = StabilityProvider.builder().build(Fixtures.context(server, clock));
  private final Request creative = Request.builder(Task.UPSCALE).model("stability-upscale-creative")
      .prompt("a sharp portrait").image(Media.bytes(png(64, 64), "image/png"))
      .providerOptions("stability", Map.of("creativity", new BigDecimal("0.3"))).build();

  private JobRef accept() throws Exception {
    server.enqueue(json(200, "{\"id\":\"" + GENERATION_ID + "\"}"));
    Submission s = submit(provider, creative);
    RecordedRequest r = server.takeRequest();
    assertEquals("/v2beta/stable-image/upscale/creative", r.getUrl().encodedPath());
    assertEquals("*/*", r.getHeaders().get("accept"));
    assertEquals(Map.of("prompt", "a sharp portrait", "creativity", "0.3"), fields(r));
    return s.job().orElseThrow();
  }

  @Test
  void theCreativeUpscaleIsAcceptedAsAJob() throws Exception {
    JobRef job = accept();
    assertEquals("stability", job.provider());
    assertEquals(GENERATION_ID, job.id());
    assertEquals(server.url("/v2beta/results/" + GENERATION_ID).toString(), job.pollUrl().get());
    assertTrue(job.cancelUrl().isEmpty(), "Stability has no cancel endpoint");
    assertEquals("/v2beta/stable-image/upscale/creative", job.attributes().get("endpoint"));
    assertEquals("2026-11-23T10:00:00Z", job.attributes().get("acceptedAt"));
    assertTrue(job.attributes().values().stream().noneMatch(v -> v.contains("test-key-")), "no key in the journal");
  }

  @Test
  void pollsRespectTheTenSecondIntervalThenRunToTheImage() throws Exception {
    JobRef job = accept();

    PollResult early = await(provider.poll(job));
    assertEquals(PollResult.State.RUNNING, early.state());
    assertEquals(Duration.ofSeconds(10), early.retryAfter().get());
    assertEquals(1, server.getRequestCount(), "no call to Stability before 10 s have passed");

    clock.advance(Duration.ofSeconds(4));
    assertEquals(Duration.ofSeconds(6), await(provider.poll(job)).retryAfter().get());
    assertEquals(1, server.getRequestCount());

    clock.advance(Duration.ofSeconds(6));
    server.enqueue(json(202, IN_PROGRESS));
    PollResult running = await(provider.poll(job));
    assertEquals(PollResult.State.RUNNING, running.state());
    assertEquals("in-progress", running.progress().get().state().get());
    assertEquals(Duration.ofSeconds(10), running.retryAfter().get(), "the generator waits 10 s before the next poll");
    RecordedRequest get = server.takeRequest();
    assertEquals("GET", get.getMethod());
    assertEquals("/v2beta/results/" + GENERATION_ID, get.getUrl().encodedPath());
    assertEquals("*/*", get.getHeaders().get("accept"));
    assertEquals("Bearer " + KEY, get.getHeaders().get("authorization"));

    clock.advance(Duration.ofSeconds(10));
    server.enqueue(imageResponse(png(2048, 2048), "image/png", "SUCCESS", "77"));
    PollResult done = await(provider.poll(job));
    assertEquals(PollResult.State.SUCCEEDED, done.state());
    assertEquals(2048, done.output().get().assets().get(0).width().getAsInt());
    assertEquals(77L, done.output().get().assets().get(0).seed().getAsLong());
    assertEquals(GENERATION_ID, done.output().get().providerRequestId().get());
    assertEquals(1, done.output().get().usage().count());
  }

  @Test
  void aJobResumedAfterARestartIsFetchedAtOnce() throws Exception {
    JobRef job = accept();
    clock.advance(Duration.ofSeconds(2));
    StabilityProvider restarted = StabilityProvider.builder().build(Fixtures.context(server, clock));
    server.enqueue(json(202, IN_PROGRESS));

    PollResult running = await(restarted.poll(job));

    assertEquals(PollResult.State.RUNNING, running.state());
    assertEquals(Duration.ofSeconds(10), running.retryAfter().get(), "the next poll keeps Stability's cadence");
    assertEquals(2, server.getRequestCount(), "the accepting submit, then one GET");
    RecordedRequest get = server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals("GET /v2beta/results/" + GENERATION_ID, get.getMethod() + " " + get.getUrl().encodedPath());
  }

  @Test
  void theResultMayComeAsJson() throws Exception {
    StabilityProvider p = Fixtures.provider(server);
    JobRef job = JobRef.of("stability", GENERATION_ID, null, null, Map.of());
    server.enqueue(jsonImageResponse(png(512, 512), "image/webp", "CONTENT_FILTERED", "5"));
    PollResult done = await(p.poll(job));
    assertTrue(done.output().get().assets().get(0).nsfw());
    assertEquals("image/webp", done.output().get().assets().get(0).mediaType());
    assertEquals(List.of(StabilityProvider.FILTERED_WARNING), done.output().get().warnings());
  }

  @Test
  void everyPollAnswerHasItsOutcome() {
    StabilityProvider p = Fixtures.provider(server);
    JobRef job = JobRef.of("stability", GENERATION_ID, null, null, Map.of());

    server.enqueue(error(404, "not_found", "id: the generation either does not exist or has expired"));
    PollResult missing = await(p.poll(job));
    assertEquals(PollResult.State.FAILED, missing.state());
    assertInstanceOf(NoOutputException.class, missing.error().get());
    assertTrue(missing.error().get().getMessage().contains("24 h"), missing.error().get().getMessage());

    server.enqueue(error(403, "content_moderation", "Your request was flagged by our content moderation system"));
    assertInstanceOf(ContentModeratedException.class, await(p.poll(job)).error().get());

    server.enqueue(error(400, "bad_request", "id: must be 64 hex characters"));
    assertInstanceOf(dev.unigen.InvalidRequestException.class, await(p.poll(job)).error().get());

    server.enqueue(error(500, "internal_error", "try again"));
    ProviderFailureException transientFailure = TestCalls.failure(ProviderFailureException.class, () -> p.poll(job));
    assertTrue(transientFailure.retryable(), "a failed poll is safe to repeat");

    server.enqueue(error(429, "rate_limit_exceeded", "slow down"));
    TestCalls.failure(RateLimitedException.class, () -> p.poll(job));

    server.enqueue(json(200, "{\"id\":\"" + GENERATION_ID + "\",\"status\":\"in-progress\"}"));
    assertEquals(PollResult.State.RUNNING, await(p.poll(job)).state());

    // A 200 is a finished, charged generation: an image that cannot be read is read again, never bought elsewhere.
    server.enqueue(json(200, "{\"finish_reason\":\"SUCCESS\"}"));
    PollResult noImage = await(p.poll(job));
    assertInstanceOf(NoOutputException.class, noImage.error().get());
    assertTrue(noImage.isUnreadable() && noImage.ran(), noImage.toString());

    server.enqueue(Fixtures.imageResponse(new byte[0], "image/png", "SUCCESS", "343940597"));
    assertTrue(await(p.poll(job)).isUnreadable(), "an empty body");

    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "text/html")
        .body("<html>gateway</html>").build());
    PollResult notAnImage = await(p.poll(job));
    assertTrue(notAnImage.isUnreadable(), notAnImage.toString());
    assertFalse(notAnImage.error().get().getMessage().contains(Fixtures.KEY));
  }

  @Test
  void anotherProvidersJobIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> provider.poll(JobRef.of("fal", "x", null, null, Map.of())));
    assertEquals(false, await(provider.cancel(JobRef.of("stability", GENERATION_ID, null, null, Map.of()))));
  }

  @Test
  void aGeneratorRunsTheCreativeUpscaleToTheEnd() {
    server.enqueue(json(200, "{\"id\":\"" + GENERATION_ID + "\"}"));
    server.enqueue(json(202, IN_PROGRESS));
    server.enqueue(json(202, IN_PROGRESS));
    server.enqueue(imageResponse(png(1024, 1024), "image/png", "SUCCESS", "3"));
    try (Generator gen = Generator.builder()
        .environment(Map.of("STABILITY_API_KEY", KEY, "UNIGEN_STABILITY_BASE_URL", server.url("/").toString()))
        .provider(ctx -> StabilityProvider.builder().pollInterval(Duration.ZERO).build(ctx))
        .pollInterval(Duration.ofMillis(1), Duration.ofMillis(10))
        .build()) {
      Generation g = gen.upscale("stability-upscale-creative").image(Media.bytes(png(64, 64), "image/png"))
          .prompt("a sharp portrait").generate();
      assertEquals("stability", g.provider());
      assertEquals(1024, g.assets().get(0).width().getAsInt());
      // 60 credits x $0.01 = $0.60, estimated before and computed after from the one image
      assertEquals(Money.usd("0.60"), g.cost().estimate().get());
      assertEquals(Money.usd("0.60"), g.cost().actual().get());
      assertEquals(CostBasis.COMPUTED, g.cost().basis());
      assertEquals(4, server.getRequestCount());
    }
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
