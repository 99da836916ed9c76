package dev.unigen.provider.xai;

import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestRequests.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.GenerationTimeoutException;
import dev.unigen.Generator;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.Progress;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestGenerators;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Grok Imagine video on the wire: generations, edits and extensions, every poll status, moderation and cost. */
class XaiVideosTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final XaiProvider xai = Fixtures.provider(server);

  private JobRef submit(Request r) {
    return TestCalls.submit(xai, r).job().orElseThrow();
  }

  private static JobRef job(String resolution) {
    return JobRef.of(XaiProvider.NAME, Fixtures.REQUEST_ID, null, null,
        Map.of("kind", "video", "endpoint", "grok-imagine-video", "resolution", resolution));
  }

  private PollResult poll(MockResponse answer, JobRef job) {
    server.enqueue(answer);
    return TestCalls.await(xai.poll(job));
  }

  @Test
  void textToVideoSendsWholeSecondsRatioAndResolutionAndBecomesAJob() throws Exception {
    server.enqueue(json(200, Fixtures.started(Fixtures.REQUEST_ID)));

    JobRef job = submit(Request.builder(Task.TEXT_TO_VIDEO).model("grok-imagine-video").prompt("a cat playing with a ball")
        .duration(Duration.ofSeconds(6)).aspectRatio("16:9").resolution("720P").build());

    RecordedRequest r = server.takeRequest();
    assertEquals("/v1/videos/generations", r.getUrl().encodedPath());
    assertEquals(Map.of("model", "grok-imagine-video", "prompt", "a cat playing with a ball", "duration", new BigDecimal(6),
        "aspect_ratio", "16:9", "resolution", "720p"), json(r));
    assertEquals(Fixtures.REQUEST_ID, job.id());
    assertEquals(server.url("/v1/videos/" + Fixtures.REQUEST_ID).toString(), job.pollUrl().get());
    assertEquals(Map.of("endpoint", "grok-imagine-video", "kind", "video", "resolution", "720p"), job.attributes());
  }

  @Test
  void imageToVideoSendsTheStartImageAndReferencesButNotARatio() throws Exception {
    server.enqueue(json(200, Fixtures.started("v-2")));
    server.enqueue(json(200, Fixtures.videoDone("https://vidgen.x.ai/xai-vidgen-bucket/xai-video-v-2.mp4", 8, true, 6_400_000_000L)));
    byte[] png = TestMedia.png(32, 32);

    JobRef job = submit(Request.builder(Task.IMAGE_TO_VIDEO).model("grok-imagine-video-1.5").prompt("the bicycle rides away")
        .image(Media.bytes(png, "image/png")).reference(Media.url("https://example.com/style.png")).aspectRatio("9:16")
        .resolution("1080p").build());
    ProviderOutput out = TestCalls.await(xai.poll(job)).output().orElseThrow();

    Map<String, Object> sent = json(server.takeRequest());
    assertEquals("grok-imagine-video-1.5", sent.get("model"));
    assertEquals(Map.of("url", "data:image/png;base64," + Fixtures.b64(png)), sent.get("image"));
    assertEquals(List.of(Map.of("url", "https://example.com/style.png")), sent.get("reference_images"));
    assertFalse(sent.containsKey("aspect_ratio"));
    assertFalse(sent.containsKey("duration"));
    assertTrue(out.warnings().contains("aspect ratio not sent: image-to-video keeps the start image's"), out.warnings().toString());
    assertEquals("1080p", out.usage().resolution().get());
  }

  @Test
  void anInputVideoIsEditedOrExtendedByTheDurationAsked() throws Exception {
    server.enqueue(json(200, Fixtures.started("edit-1")));
    server.enqueue(json(200, Fixtures.started("extend-1")));
    Request.Builder v2v = Request.builder(Task.VIDEO_TO_VIDEO).model("grok-imagine-video").prompt("add snow to the scene")
        .video(Media.url("https://example.com/video.mp4"));

    submit(v2v.build());
    submit(v2v.duration(Duration.ofSeconds(6)).build());

    RecordedRequest edit = server.takeRequest();
    assertEquals("/v1/videos/edits", edit.getUrl().encodedPath());
    assertEquals(Map.of("model", "grok-imagine-video", "prompt", "add snow to the scene",
        "video", Map.of("url", "https://example.com/video.mp4")), json(edit));
    RecordedRequest extend = server.takeRequest();
    assertEquals("/v1/videos/extensions", extend.getUrl().encodedPath());
    assertEquals(new BigDecimal(6), json(extend).get("duration"));
  }

  @Test
  void durationsTheApiCannotTakeAreRefusedBeforeTheWire() {
    Request.Builder v2v = Request.builder(Task.VIDEO_TO_VIDEO).model("grok-imagine-video").prompt("x")
        .video(Media.url("https://example.com/video.mp4"));
    List<Request> bad = List.of(v2v.duration(Duration.ofSeconds(12)).build(), v2v.duration(Duration.ofSeconds(1)).build(),
        Request.builder(Task.TEXT_TO_VIDEO).model("grok-imagine-video").prompt("x").duration(Duration.ofMillis(5500)).build());
    for (Request r : bad) {
      TestCalls.failure(InvalidRequestException.class, xai, r);
    }
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aPendingPollIsRunningWithItsProgressWithOrWithoutABody() {
    PollResult bare = poll(new MockResponse.Builder().code(202).build(), job("720p"));
    PollResult progress = poll(json(202, "{\"status\":\"pending\",\"progress\":42}"), job("720p"));
    PollResult unknown = poll(json(200, "{\"status\":\"queued\"}"), job("720p"));

    assertEquals(PollResult.State.RUNNING, bare.state());
    assertTrue(bare.progress().get().percent().isEmpty());
    assertEquals(42, progress.progress().get().percent().getAsInt());
    assertEquals("pending", progress.progress().get().state().get());
    // A status xAI may add later keeps the job polled, as the official clients do.
    assertEquals(PollResult.State.RUNNING, unknown.state());
    assertEquals("queued", unknown.progress().get().state().get());
  }

  @Test
  void aDoneVideoIsAnMp4WithItsSecondsAndTheReportedCost() {
    PollResult done = poll(json(200, Fixtures.videoDone("https://vidgen.x.ai/xai-vidgen-bucket/xai-video-a3d1008e.mp4",
        6, true, 4_200_000_000L)), job("720p"));

    ProviderOutput out = done.output().orElseThrow();
    assertEquals("video/mp4", out.assets().get(0).mediaType());
    assertEquals("https://vidgen.x.ai/xai-vidgen-bucket/xai-video-a3d1008e.mp4", out.assets().get(0).url().get());
    assertEquals(0, new BigDecimal(6).compareTo(out.assets().get(0).durationSeconds().get()));
    assertEquals(0, new BigDecimal(6).compareTo(out.usage().outputSeconds().get()));
    assertTrue(out.usage().audio());
    // 4,200,000,000 ticks: $0.42, which is also 6 s x $0.07 at 720p.
    assertEquals(Money.usd("0.42"), out.usage().reportedCost().get());
  }

  @Test
  void failedExpiredWithheldAndEmptyVideosEndTheJobTyped() {
    String[][] codes = {{"invalid_argument", "InvalidRequestException"}, {"permission_denied", "ContentModeratedException"},
        {"failed_precondition", "InvalidRequestException"}, {"service_unavailable", "ProviderFailureException"},
        {"internal_error", "ProviderFailureException"}};
    for (String[] c : codes) {
      PollResult failed = poll(json(200, "{\"status\":\"failed\",\"error\":{\"code\":\"" + c[0]
          + "\",\"message\":\"Video generation failed\"}}"), job("480p"));
      assertEquals(c[1], failed.error().get().getClass().getSimpleName(), c[0]);
    }
    assertInstanceOf(GenerationTimeoutException.class, poll(json(200, "{\"status\":\"expired\"}"), job("480p")).error().get());
    assertInstanceOf(ContentModeratedException.class,
        poll(json(200, Fixtures.videoDone(null, 6, false, 3_000_000_000L)), job("480p")).error().get());
    // Done says the clip was made: an answer without its URL is billed and never bought again.
    PollResult empty = poll(json(200, "{\"status\":\"done\",\"video\":{\"url\":\"\",\"duration\":6,"
        + "\"respect_moderation\":true},\"usage\":{\"cost_in_usd_ticks\":3000000000}}"), job("480p"));
    assertInstanceOf(NoOutputException.class, empty.error().get());
    assertTrue(empty.ran(), "billed");
  }

  @Test
  void throughAGeneratorTheJobReportsProgressAndItsCost() throws Exception {
    server.enqueue(json(200, Fixtures.started(Fixtures.REQUEST_ID)));
    server.enqueue(json(202, "{\"status\":\"pending\",\"progress\":42}"));
    server.enqueue(json(200, Fixtures.videoDone("https://vidgen.x.ai/xai-vidgen-bucket/xai-video-a3d1008e.mp4",
        6, true, 3_000_000_000L)));
    try (Generator gen = generator()) {
      Job<Generation> job = gen.video("grok-imagine-video").prompt("a cat playing with a ball")
          .duration(Duration.ofSeconds(6)).resolution("480p").submit();
      List<Progress> seen = new CopyOnWriteArrayList<>();
      job.onProgress(seen::add);
      Generation g = job.await(Duration.ofSeconds(20));

      assertEquals("xai", g.provider());
      // 6 s x $0.05 at 480p = $0.30, both the estimate and (reported) the actual.
      assertEquals(Money.usd("0.30"), g.cost().estimate().get());
      assertEquals(Money.usd("0.3"), g.cost().actual().get());
      assertEquals(CostBasis.REPORTED, g.cost().basis());
      assertTrue(seen.stream().anyMatch(p -> p.percent().orElse(-1) == 42), seen.toString());
    }
  }

  @Test
  void aWithheldClipIsAModerationErrorRecordedAsBilled() {
    server.enqueue(json(200, Fixtures.started(Fixtures.REQUEST_ID)));
    server.enqueue(json(200, Fixtures.videoDone(null, 6, false, 3_000_000_000L)));
    try (Generator gen = generator()) {
      assertThrows(ContentModeratedException.class, () -> gen.video("grok-imagine-video").prompt("x")
          .duration(Duration.ofSeconds(6)).resolution("480p").generate());
      LedgerEntry entry = gen.ledger().entries().get(0);
      assertEquals(LedgerEntry.Outcome.FAILED, entry.outcome());
      assertTrue(entry.billed(), "xAI bills a clip its moderation withholds");
    }
  }

  private Generator generator() {
    return TestGenerators.quick().environment(Fixtures.env(server)).providersFromEnvironment().build();
  }
}
