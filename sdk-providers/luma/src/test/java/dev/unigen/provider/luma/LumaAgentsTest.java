package dev.unigen.provider.luma;

import static dev.unigen.provider.luma.Fixtures.GEN;
import static dev.unigen.provider.luma.Fixtures.IMAGE_URL;
import static dev.unigen.provider.luma.Fixtures.KEY;
import static dev.unigen.provider.luma.Fixtures.VIDEO_URL;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The Luma Agents API on the wire: each kind of create call, each state, each failure code and error body. */
class LumaAgentsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final LumaProvider luma = Fixtures.agents(server);

  private Submission submit(Request r, MockResponse answer) {
    server.enqueue(answer);
    return TestCalls.submit(luma, r);
  }

  private Throwable refused(Request r) {
    return TestCalls.failure(luma.submit(TestCalls.call(luma, r)));
  }

  private Map<String, Object> sent() {
    RecordedRequest r = TestRequests.take(server);
    assertEquals("POST /v1/generations", r.getMethod() + " " + r.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
    return TestRequests.json(r);
  }

  private JobRef job(Request r) {
    return submit(r, json(201, Fixtures.agents(GEN, "image", "uni-1", "queued"))).job().orElseThrow();
  }

  private PollResult poll(JobRef job, MockResponse answer) {
    server.enqueue(answer);
    return TestCalls.await(luma.poll(job));
  }

  private Money cost(Request r, ProviderOutput out) {
    Offer offer = luma.catalog().offer("luma", r.model().orElseThrow()).orElseThrow();
    Charge c = offer.price().orElseThrow().actual(out.usage());
    assertEquals(CostBasis.COMPUTED, c.basis());
    return c.amount().orElseThrow();
  }

  @Test
  void anImageFromTextIsTypeImageWithItsAspectRatio() {
    JobRef job = job(Request.builder(Task.TEXT_TO_IMAGE).model("uni-1").prompt("iced coffee on marble").aspectRatio("16:9")
        .outputFormat("jpeg").build());

    Map<String, Object> body = sent();
    assertEquals("iced coffee on marble", body.get("prompt"));
    assertEquals("uni-1", body.get("model"));
    assertEquals("image", body.get("type"));
    assertEquals("16:9", body.get("aspect_ratio"));
    assertEquals("jpeg", body.get("output_format"));
    assertFalse(body.containsKey("image_ref"));
    assertEquals(GEN, job.id());
    assertEquals(server.url("/v1/generations/" + GEN).toString(), job.pollUrl().orElseThrow());
    assertTrue(job.cancelUrl().isEmpty(), "the Agents API has no cancel call");
  }

  @Test
  void referencesGoInlineOrByUrlAndAreCountedForThePrice() {
    byte[] png = TestMedia.png(64, 64);
    Request r = Request.builder(Task.MULTI_REFERENCE).model("uni-1").prompt("the cat in the room")
        .reference(Media.bytes(png, "image/png")).reference(Media.url("https://cdn.example/room.jpg")).build();
    JobRef job = job(r);

    List<Object> refs = Json.array(sent(), "image_ref");
    assertEquals(2, refs.size());
    Map<String, Object> inline = Json.object(refs.get(0));
    assertEquals(Base64.getEncoder().encodeToString(png), inline.get("data"));
    assertEquals("image/png", inline.get("media_type"));
    assertEquals(Map.of("url", "https://cdn.example/room.jpg"), refs.get(1));

    ProviderOutput out = poll(job, json(200, Fixtures.agentsCompleted(GEN, "image", "uni-1", "image", IMAGE_URL)))
        .output().orElseThrow();
    // By hand: $0.0404 + 2 references x $0.0030 = $0.0464, Luma's price for two references.
    assertEquals(Money.usd("0.0464"), cost(r, out));
  }

  @Test
  void anEditSendsItsSourceAndIsBilledLikeOneReference() {
    Request r = Request.builder(Task.IMAGE_TO_IMAGE).model("uni-1").prompt("make it night")
        .image(Media.url("https://cdn.example/street.png")).build();
    JobRef job = job(r);

    Map<String, Object> body = sent();
    assertEquals("image_edit", body.get("type"));
    assertEquals(Map.of("url", "https://cdn.example/street.png"), body.get("source"));

    ProviderOutput out = poll(job, json(200, Fixtures.agentsCompleted(GEN, "image_edit", "uni-1", "image", IMAGE_URL)))
        .output().orElseThrow();
    // By hand: the edit price, $0.0404 + $0.0030 = $0.0434.
    assertEquals(Money.usd("0.0434"), cost(r, out));
  }

  @Test
  void aVideoFromTextSendsTheVideoOptionsAnd720pWhenNoneIsAsked() {
    Request r = Request.builder(Task.TEXT_TO_VIDEO).model("ray-3.2").prompt("a paper boat").duration(Duration.ofSeconds(10))
        .aspectRatio("9:16").build();
    JobRef job = submit(r, json(201, Fixtures.agents(GEN, "video", "ray-3.2", "queued"))).job().orElseThrow();

    Map<String, Object> body = sent();
    assertEquals("video", body.get("type"));
    assertEquals("ray-3.2", body.get("model"));
    assertEquals("9:16", body.get("aspect_ratio"));
    assertEquals(Map.of("duration", "10s", "resolution", "720p"), body.get("video"));

    ProviderOutput out = poll(job, json(200, Fixtures.agentsCompleted(GEN, "video", "ray-3.2", "video", VIDEO_URL)))
        .output().orElseThrow();
    assertEquals("video/mp4", out.assets().get(0).mediaType());
    assertEquals(VIDEO_URL, out.assets().get(0).url().orElseThrow());
    assertEquals(0, out.assets().get(0).durationSeconds().orElseThrow().compareTo(BigDecimal.TEN));
    // By hand: two 5 s blocks at 720p, 10 x $0.06 = $0.60.
    assertEquals(Money.usd("0.60"), cost(r, out));
    assertTrue(out.warnings().contains(LumaProvider.EXPIRY_WARNING), out.warnings().toString());
  }

  @Test
  void aVideoFromAFrameSendsTheStartFrameAndRawOptionsMergeIntoVideo() {
    Request r = Request.builder(Task.IMAGE_TO_VIDEO).model("ray-3.2").prompt("the boat drifts").resolution("1080P")
        .image(Media.url("https://cdn.example/first.png"))
        .providerOptions("luma", Map.of("video", Map.of("end_frame", Map.of("url", "https://cdn.example/last.png"))))
        .build();
    submit(r, json(201, Fixtures.agents(GEN, "video", "ray-3.2", "queued")));

    Map<String, Object> video = Json.object(sent(), "video");
    assertEquals("5s", video.get("duration"));
    assertEquals("1080p", video.get("resolution"));
    assertEquals(Map.of("url", "https://cdn.example/first.png"), video.get("start_frame"));
    assertEquals(Map.of("url", "https://cdn.example/last.png"), video.get("end_frame"), "the raw option was merged, not replacing");
  }

  @Test
  void whatTheApiCannotDoIsRefusedBeforeTheWire() {
    Media frame = Media.url("https://cdn.example/first.png");
    Request tenFromFrame = Request.builder(Task.IMAGE_TO_VIDEO).model("ray-3.2").prompt("x").image(frame)
        .duration(Duration.ofSeconds(10)).build();
    Request webp = Request.builder(Task.TEXT_TO_IMAGE).model("uni-1").prompt("x").outputFormat("webp").build();
    Request noPrompt = Request.builder(Task.TEXT_TO_IMAGE).model("uni-1").build();
    Request.Builder nine = Request.builder(Task.IMAGE_TO_IMAGE).model("uni-1").prompt("x").image(frame);
    for (int i = 0; i < 9; i++) nine.reference(frame);
    assertInstanceOf(InvalidRequestException.class, refused(noPrompt), "no prompt is a bad request anywhere");
    for (Request r : List.of(tenFromFrame, webp, nine.build())) {
      // What Luma cannot make although another provider may: failover moves on.
      ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, refused(r), r.toString());
      assertFalse(e.retryable());
    }
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aSizeIsSentAsTheNearestAspectRatioWithAWarning() {
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("uni-1").prompt("x").size(1536, 1024).seed(7).build();
    JobRef job = job(r);
    assertEquals("3:2", sent().get("aspect_ratio"));
    ProviderOutput out = poll(job, json(200, Fixtures.agentsCompleted(GEN, "image", "uni-1", "image", IMAGE_URL)))
        .output().orElseThrow();
    assertTrue(out.warnings().contains("Luma takes an aspect ratio, not a size: 1536x1024 was sent as 3:2"), out.warnings().toString());
    assertTrue(out.warnings().contains("the Luma Agents API takes no seed; the seed was not sent"), out.warnings().toString());
  }

  @Test
  void queuedAndProcessingArePendingAndAnUndocumentedStateKeepsWaiting() {
    JobRef job = job(Request.builder(Task.TEXT_TO_IMAGE).model("uni-1").prompt("x").build());
    PollResult queued = poll(job, json(200, Fixtures.agents(GEN, "image", "uni-1", "queued")));
    assertEquals(PollResult.State.QUEUED, queued.state());
    PollResult processing = poll(job, json(200, Fixtures.agents(GEN, "image", "uni-1", "processing")));
    assertEquals(PollResult.State.RUNNING, processing.state());
    assertEquals("processing", processing.progress().orElseThrow().state().orElseThrow());
    PollResult odd = poll(job, json(200, Fixtures.agents(GEN, "image", "uni-1", "uploading")));
    assertFalse(odd.isDone());
    assertEquals("POST", TestRequests.take(server).getMethod());
    for (int i = 0; i < 3; i++) {
      RecordedRequest read = TestRequests.take(server);
      assertEquals("GET", read.getMethod());
      assertEquals("/v1/generations/" + GEN, read.getUrl().encodedPath());
      assertEquals("Bearer " + KEY, read.getHeaders().get("Authorization"));
    }
  }

  @Test
  void aCompletedImageIsItsUrlWithTheFormatAsked() {
    JobRef job = job(Request.builder(Task.TEXT_TO_IMAGE).model("uni-1").prompt("x").outputFormat("jpeg").build());
    ProviderOutput out = poll(job, json(200, Fixtures.agentsCompleted(GEN, "image", "uni-1", "image",
        "https://storage.cdn-luma.com/agents/" + GEN + "/output_0?sig=1"))).output().orElseThrow();
    assertEquals("image/jpeg", out.assets().get(0).mediaType());
    assertEquals(GEN, out.providerRequestId().orElseThrow());
    assertEquals(Money.usd("0.0404"), cost(Request.builder(Task.TEXT_TO_IMAGE).model("uni-1").build(), out));
  }

  @Test
  void aCompletedGenerationWithoutOutputFailsAsBilled() {
    JobRef job = job(Request.builder(Task.TEXT_TO_IMAGE).model("uni-1").prompt("x").build());
    PollResult r = poll(job, json(200, Fixtures.agents(GEN, "image", "uni-1", "completed")));
    assertEquals(PollResult.State.FAILED, r.state());
    assertInstanceOf(NoOutputException.class, r.error().orElseThrow());
    assertTrue(r.ran(), "completed is the work done: billed, and not bought again elsewhere");
  }

  @Test
  void eachFailureCodeIsItsTypedError() {
    JobRef job = job(Request.builder(Task.TEXT_TO_IMAGE).model("uni-1").prompt("x").build());
    Map<String, Class<? extends GenerationException>> codes = Map.of(
        "content_moderated", ContentModeratedException.class,
        "generation_failed", ProviderFailureException.class,
        "budget_exhausted", InsufficientCreditException.class,
        "output_not_found", ProviderFailureException.class,
        "image_too_large", InvalidRequestException.class,
        "unsupported_format", InvalidRequestException.class,
        "corrupt_input", InvalidRequestException.class,
        "invalid_request", InvalidRequestException.class,
        "rate_limited", RateLimitedException.class);
    codes.forEach((code, type) -> {
      PollResult r = poll(job, json(200, Fixtures.agentsFailed(GEN, code, "the reason for " + code)));
      assertEquals(PollResult.State.FAILED, r.state(), code);
      GenerationException e = r.error().orElseThrow();
      assertEquals(type, e.getClass(), code);
      assertTrue(e.getMessage().contains("the reason for " + code), e.getMessage());
      assertTrue(e.getMessage().contains(code), e.getMessage());
    });
    GenerationException retry = poll(job, json(200, Fixtures.agentsFailed(GEN, "generation_failed", "x"))).error().orElseThrow();
    assertTrue(((ProviderFailureException) retry).retryable(), "Luma says generation_failed may be retried");
    GenerationException unknown = poll(job, json(200, Fixtures.agentsFailed(GEN, "gpu_on_fire", "x"))).error().orElseThrow();
    assertFalse(((ProviderFailureException) unknown).retryable());
  }

  @Test
  void bothErrorShapesAndTheStatusesMapToTypedErrors() {
    refusedWith(InvalidRequestException.class, json(400, Fixtures.detail("aspect_ratio 3:1 is not supported for uni-1-max")),
        "aspect_ratio 3:1 is not supported");
    refusedWith(InvalidRequestException.class, json(422, Fixtures.validation("prompt", "Field required")),
        "[body, prompt]: Field required");
    refusedWith(InsufficientCreditException.class, json(402, Fixtures.detail("Insufficient balance")), "Insufficient balance");
    refusedWith(AuthenticationException.class, json(401, Fixtures.detail("Invalid or missing API key")), "Invalid or missing");
    MockResponse limited = new MockResponse.Builder(json(429, Fixtures.detail("Rate limit exceeded"))).setHeader("Retry-After", "12").build();
    assertEquals(Duration.ofSeconds(12), refusedWith(RateLimitedException.class, limited, "Rate limit exceeded").retryAfter().orElseThrow());
    assertTrue(refusedWith(ProviderFailureException.class, json(503, Fixtures.detail("Image ingestion unavailable")),
        "Image ingestion unavailable").retryable());
  }

  /** The {@code type} a submit answered with {@code answer} fails with, its message holding {@code text}. */
  private <E extends Throwable> E refusedWith(Class<E> type, MockResponse answer, String text) {
    server.enqueue(answer);
    E e = assertInstanceOf(type, refused(Request.builder(Task.TEXT_TO_IMAGE).model("uni-1").prompt("x").build()));
    assertTrue(e.getMessage().contains(text), e.getMessage());
    return e;
  }

  @Test
  void aPollThatIsRateLimitedIsTriedAgainAndA404EndsTheJob() {
    JobRef job = job(Request.builder(Task.TEXT_TO_IMAGE).model("uni-1").prompt("x").build());
    server.enqueue(json(429, Fixtures.detail("Rate limit exceeded")));
    assertInstanceOf(RateLimitedException.class, TestCalls.failure(luma.poll(job)));
    PollResult gone = poll(job, json(404, Fixtures.detail("Generation not found")));
    assertEquals(PollResult.State.FAILED, gone.state());
  }
}
