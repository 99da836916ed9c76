package dev.unigen.provider.luma;

import static dev.unigen.provider.luma.Fixtures.DM_GEN;
import static dev.unigen.provider.luma.Fixtures.DM_IMAGE_URL;
import static dev.unigen.provider.luma.Fixtures.DM_KEY;
import static dev.unigen.provider.luma.Fixtures.DM_VIDEO_URL;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.WebhookEvent;
import dev.unigen.spi.WebhookRejectedException;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestContext;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The Dream Machine API on the wire: video and image creates, states, failures, delete, callbacks, credits. */
class DreamMachineTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final DreamMachineProvider dm = Fixtures.dreamMachine(server);

  private JobRef submit(Request r, String type) {
    server.enqueue(json(201, Fixtures.dream(DM_GEN, type, "queued", null, null, null)));
    return TestCalls.submit(dm, r).job().orElseThrow();
  }

  private Map<String, Object> sent(String path) {
    RecordedRequest r = TestRequests.take(server);
    assertEquals("POST /dream-machine/v1/generations/" + path, r.getMethod() + " " + r.getUrl().encodedPath());
    assertEquals("Bearer " + DM_KEY, r.getHeaders().get("Authorization"));
    return TestRequests.json(r);
  }

  private PollResult poll(JobRef job, MockResponse answer) {
    server.enqueue(answer);
    return TestCalls.await(dm.poll(job));
  }

  private Money cost(String model, ProviderOutput out) {
    Offer offer = dm.catalog().offer(DreamMachineProvider.NAME, model).orElseThrow();
    assertEquals(CostBasis.COMPUTED, offer.price().orElseThrow().actual(out.usage()).basis());
    return offer.price().orElseThrow().actual(out.usage()).amount().orElseThrow();
  }

  @Test
  void aVideoFromAFrameIsPostedToGenerationsVideoWithKeyframes() {
    Request r = Request.builder(Task.IMAGE_TO_VIDEO).model("ray-2").prompt("a tiger walking in snow")
        .image(Media.url("https://cdn.example/tiger.jpg")).duration(Duration.ofSeconds(9)).resolution("1080p")
        .aspectRatio("16:9").build();
    JobRef job = submit(r, "video");

    Map<String, Object> body = sent("video");
    assertEquals("ray-2", body.get("model"));
    assertEquals("a tiger walking in snow", body.get("prompt"));
    assertEquals("9s", body.get("duration"));
    assertEquals("1080p", body.get("resolution"));
    assertEquals("16:9", body.get("aspect_ratio"));
    assertEquals(Map.of("frame0", Map.of("type", "image", "url", "https://cdn.example/tiger.jpg")), body.get("keyframes"));
    assertEquals(DM_GEN, job.id());
    assertEquals(server.url("/dream-machine/v1/generations/" + DM_GEN).toString(), job.cancelUrl().orElseThrow());

    ProviderOutput out = poll(job, json(200, Fixtures.dream(DM_GEN, "video", "completed", null, DM_VIDEO_URL, null)))
        .output().orElseThrow();
    assertEquals(DM_VIDEO_URL, out.assets().get(0).url().orElseThrow());
    assertEquals("video/mp4", out.assets().get(0).mediaType());
    // By hand: 1920 x 1080 x 24 fps x 9 s = 447,897,600 pixels x $0.0064 per million = $2.86654464.
    assertEquals(Money.usd("2.86654464"), cost("ray-2", out));
  }

  @Test
  void aVideoFromTextSends720pAnd5sWhenNoneIsAsked() {
    JobRef job = submit(Request.builder(Task.TEXT_TO_VIDEO).model("ray-flash-2").prompt("waves").build(), "video");
    Map<String, Object> body = sent("video");
    assertEquals("5s", body.get("duration"));
    assertEquals("720p", body.get("resolution"));
    assertFalse(body.containsKey("keyframes"));
    assertFalse(body.containsKey("callback_url"), "no callback unless one is configured");
    ProviderOutput out = poll(job, json(200, Fixtures.dream(DM_GEN, "video", "completed", null, DM_VIDEO_URL, null)))
        .output().orElseThrow();
    // By hand: 1280 x 720 x 24 x 5 = 110,592,000 pixels x $0.0022 per million = $0.2433024.
    assertEquals(Money.usd("0.2433024"), cost("ray-flash-2", out));
  }

  @Test
  void imagesArePostedToGenerationsImageWithReferencesAndTheImageToModify() {
    Request refs = Request.builder(Task.MULTI_REFERENCE).model("photon-1").prompt("sunglasses")
        .reference(Media.url("https://cdn.example/a.jpg")).reference(Media.url("https://cdn.example/b.jpg"))
        .outputFormat("jpeg").build();
    JobRef job = submit(refs, "image");
    Map<String, Object> body = sent("image");
    assertEquals("photon-1", body.get("model"));
    assertEquals(List.of(Map.of("url", "https://cdn.example/a.jpg"), Map.of("url", "https://cdn.example/b.jpg")),
        body.get("image_ref"));
    assertEquals("jpg", body.get("format"));
    ProviderOutput out = poll(job, json(200, Fixtures.dream(DM_GEN, "image", "completed", DM_IMAGE_URL, null, null)))
        .output().orElseThrow();
    assertEquals("image/jpeg", out.assets().get(0).mediaType());
    assertEquals(Money.usd("0.01513728"), cost("photon-1", out));
    assertEquals("GET", TestRequests.take(server).getMethod());

    Request modify = Request.builder(Task.IMAGE_TO_IMAGE).model("photon-flash-1").prompt("sunflowers")
        .image(Media.url("https://cdn.example/flowers.jpg")).strength(new BigDecimal("0.25")).build();
    submit(modify, "image");
    Map<String, Object> m = Json.object(sent("image"), "modify_image_ref");
    assertEquals("https://cdn.example/flowers.jpg", m.get("url"));
    assertEquals(0, new BigDecimal("0.75").compareTo((BigDecimal) m.get("weight")), "weight = 1 - strength: " + m);
  }

  @Test
  void localImagesAreRefusedBeforeTheWire() {
    Request r = Request.builder(Task.IMAGE_TO_VIDEO).model("ray-2").prompt("x")
        .image(Media.bytes(TestMedia.png(64, 64), "image/png")).build();
    Throwable e = TestCalls.failure(dm.submit(TestCalls.call(dm, r)));
    assertFalse(assertInstanceOf(ProviderFailureException.class, e).retryable(), "another provider may take the bytes");
    assertTrue(e.getMessage().contains("by URL only"), e.getMessage());
    Request sevenSeconds = Request.builder(Task.TEXT_TO_VIDEO).model("ray-2").prompt("x").duration(Duration.ofSeconds(7)).build();
    assertInstanceOf(InvalidRequestException.class, TestCalls.failure(dm.submit(TestCalls.call(dm, sevenSeconds))));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void statesAndFailureReasonsMapToResults() {
    JobRef job = submit(Request.builder(Task.TEXT_TO_VIDEO).model("ray-2").prompt("x").build(), "video");
    assertEquals(PollResult.State.QUEUED, poll(job, json(200, Fixtures.dream(DM_GEN, "video", "queued", null, null, null))).state());
    PollResult dreaming = poll(job, json(200, Fixtures.dream(DM_GEN, "video", "dreaming", null, null, null)));
    assertEquals(PollResult.State.RUNNING, dreaming.state());
    assertEquals("dreaming", dreaming.progress().orElseThrow().state().orElseThrow());

    Map<String, Class<?>> reasons = Map.of(
        "Advanced prompt moderation failed", ContentModeratedException.class,
        "Contains blacklisted words", ContentModeratedException.class,
        "Frame moderation failed", ContentModeratedException.class,
        "Failed to read user input frames", InvalidRequestException.class,
        "Job failed", ProviderFailureException.class);
    reasons.forEach((reason, type) -> {
      PollResult failed = poll(job, json(200, Fixtures.dream(DM_GEN, "video", "failed", null, null, reason)));
      assertEquals(PollResult.State.FAILED, failed.state(), reason);
      assertEquals(type, failed.error().orElseThrow().getClass(), reason);
      assertTrue(failed.error().orElseThrow().getMessage().contains(reason), failed.error().orElseThrow().getMessage());
    });
    PollResult empty = poll(job, json(200, Fixtures.dream(DM_GEN, "video", "completed", null, null, null)));
    assertEquals(PollResult.State.FAILED, empty.state(), "completed without a video is no output");
    assertInstanceOf(NoOutputException.class, empty.error().orElseThrow());
    assertTrue(empty.ran(), "completed is the work done: billed, and not bought again elsewhere");
  }

  @Test
  void cancellingDeletesTheGeneration() {
    JobRef job = submit(Request.builder(Task.TEXT_TO_VIDEO).model("ray-2").prompt("x").build(), "video");
    TestRequests.take(server);
    server.enqueue(new MockResponse.Builder().code(204).build());
    assertTrue(TestCalls.await(dm.cancel(job)));
    RecordedRequest delete = TestRequests.take(server);
    assertEquals("DELETE", delete.getMethod());
    assertEquals("/dream-machine/v1/generations/" + DM_GEN, delete.getUrl().encodedPath());
    server.enqueue(json(404, Fixtures.detail("Generation not found")));
    assertFalse(TestCalls.await(dm.cancel(job)));
  }

  @Test
  void aConfiguredCallbackUrlIsSentWithEveryCreate() {
    DreamMachineProvider withCallback = DreamMachineProvider.builder().callbackUrl("https://hooks.example/luma?t=abc")
        .build(TestContext.of(Fixtures.dmEnv(server)));
    server.enqueue(json(201, Fixtures.dream(DM_GEN, "image", "queued", null, null, null)));
    TestCalls.submit(withCallback, Request.builder(Task.TEXT_TO_IMAGE).model("photon-flash-1").prompt("x").build());
    assertEquals("https://hooks.example/luma?t=abc", sent("image").get("callback_url"));
    assertThrows(IllegalArgumentException.class, () -> DreamMachineProvider.builder().callbackUrl("http://hooks.example/luma"));
  }

  @Test
  void aCallbackIsNeverTrustedItOnlyAsksForAPoll() {
    // A delivery claiming completion with some URL: nothing of it but the id is used.
    String forged = Fixtures.dream(DM_GEN, "video", "completed", null, "https://evil.example/fake.mp4", null);
    WebhookEvent e = dm.webhook(Map.of(), forged.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    assertEquals(DM_GEN, e.providerJobId());
    assertEquals(DM_GEN + "/completed", e.deliveryId());
    assertFalse(e.result().isDone(), "a callback never completes a job by itself");
    assertTrue(e.result().output().isEmpty());
    assertEquals(Duration.ZERO, e.result().retryAfter().orElseThrow(), "it asks for a poll at once");

    assertEquals(Optional.empty(), dm.webhook(Map.of(), "{\"state\":\"completed\"}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(Optional.empty(), dm.webhook(Map.of(), "{\"id\":\"../../x\"}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(WebhookRejectedException.class, () -> dm.webhook(Map.of(), "not json".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0, server.getRequestCount(), "reading a callback sends nothing");
  }

  @Test
  void creditsAreReadInCentsAndGivenInDollars() {
    server.enqueue(json(200, "{\"credit_balance\": 1234.5}"));
    assertEquals(0, new BigDecimal("12.345").compareTo(TestCalls.await(dm.credits())));
    assertEquals("/dream-machine/v1/credits", TestRequests.take(server).getUrl().encodedPath());
  }
}
