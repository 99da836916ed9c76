package dev.unigen.provider.xai;

import static dev.unigen.provider.xai.Fixtures.imageRequest;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestRequests.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationTimeoutException;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
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
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Grok Imagine images on the wire: generations, edits, deferred requests and their polls, moderation and cost. */
class XaiImagesTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final XaiProvider xai = Fixtures.provider(server);

  @Test
  void aGenerationSendsTheSizeAsItsRatioAndReadsTheBase64ImageAndTheReportedCost() throws Exception {
    byte[] jpeg = TestMedia.jpeg(1408, 768);
    server.enqueue(json(200, Fixtures.imageAnswer(jpeg, "image/jpeg", 400_000_000L)));

    ProviderOutput out = TestCalls.submit(xai, imageRequest("grok-imagine").size(1408, 768).count(2).build()).output().orElseThrow();

    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/v1/images/generations", r.getUrl().encodedPath());
    assertEquals("Bearer " + Fixtures.KEY, r.getHeaders().get("Authorization"));
    assertEquals(Map.of("model", "grok-imagine-image", "prompt", "a red bicycle", "n", new BigDecimal(2),
        "aspect_ratio", "16:9", "response_format", "b64_json"), json(r));
    Asset a = out.assets().get(0);
    assertEquals("image/jpeg", a.mediaType());
    assertEquals(1408, a.width().getAsInt());
    assertEquals(768, a.height().getAsInt());
    // 400,000,000 ticks at 10^10 a dollar: $0.04.
    assertEquals(Money.usd("0.04"), out.usage().reportedCost().get());
    assertEquals(1, out.usage().count());
  }

  @Test
  void theResolutionAndAspectRatioAreSentAsAsked() throws Exception {
    server.enqueue(json(200, Fixtures.imageAnswer(TestMedia.png(64, 64), "image/png", 200_000_000L)));

    TestCalls.submit(xai, imageRequest("grok-imagine-quality").aspectRatio("9:19.5").resolution("2K").build());

    Map<String, Object> sent = json(server.takeRequest());
    assertEquals("grok-imagine-image-quality", sent.get("model"));
    assertEquals("9:19.5", sent.get("aspect_ratio"));
    assertEquals("2k", sent.get("resolution"));
    assertFalse(sent.containsKey("quality"));
  }

  @Test
  void qualityIsSentOnlyToTheModelThatTakesIt() throws Exception {
    server.enqueue(json(200, Fixtures.imageAnswer(TestMedia.png(64, 64), "image/png", 320_000_000L)));
    server.enqueue(json(200, Fixtures.imageAnswer(TestMedia.png(64, 64), "image/png", 200_000_000L)));

    ProviderOutput two = TestCalls.submit(xai, imageRequest("grok-imagine-2.0").quality("low").build()).output().orElseThrow();
    ProviderOutput one = TestCalls.submit(xai, imageRequest("grok-imagine").quality("low").seed(7).build()).output().orElseThrow();

    assertEquals("low", json(server.takeRequest()).get("quality"));
    assertEquals("low", two.usage().quality().get());
    Map<String, Object> plain = json(server.takeRequest());
    assertFalse(plain.containsKey("quality"));
    assertFalse(plain.containsKey("seed"));
    assertTrue(one.warnings().stream().anyMatch(w -> w.contains("only grok-imagine-image-2.0 takes a quality")), one.warnings().toString());
    assertTrue(one.warnings().stream().anyMatch(w -> w.contains("seed not sent")), one.warnings().toString());
  }

  @Test
  void aSingleEditSendsImageAndAMultiImageEditSendsImagesInOrder() throws Exception {
    server.enqueue(json(200, Fixtures.imageAnswer(TestMedia.png(64, 64), "image/png", 220_000_000L)));
    server.enqueue(json(200, Fixtures.imageAnswer(TestMedia.png(64, 64), "image/png", 260_000_000L)));
    byte[] png = TestMedia.png(32, 32);

    TestCalls.submit(xai, Request.builder(Task.IMAGE_TO_IMAGE).model("grok-imagine").prompt("make it blue")
        .image(Media.bytes(png, "image/png")).build());
    TestCalls.submit(xai, Request.builder(Task.MULTI_REFERENCE).model("grok-imagine").prompt("<IMAGE_0> rides <IMAGE_1>")
        .reference(Media.url("https://example.com/rider.png")).reference(Media.url("https://example.com/bike.png"))
        .aspectRatio("1:1").build());

    RecordedRequest single = server.takeRequest();
    assertEquals("/v1/images/edits", single.getUrl().encodedPath());
    assertEquals("application/json", single.getHeaders().get("Content-Type"));
    Map<String, Object> one = json(single);
    assertEquals(Map.of("url", "data:image/png;base64," + Fixtures.b64(png)), one.get("image"));
    assertFalse(one.containsKey("images"));
    assertFalse(one.containsKey("aspect_ratio"));
    Map<String, Object> multi = json(server.takeRequest());
    assertEquals(List.of(Map.of("url", "https://example.com/rider.png"), Map.of("url", "https://example.com/bike.png")),
        multi.get("images"));
    assertEquals("1:1", multi.get("aspect_ratio"));
  }

  @Test
  void whatTheApiCannotTakeIsRefusedBeforeTheWire() {
    Request ratioOnSingleEdit = Request.builder(Task.IMAGE_TO_IMAGE).model("grok-imagine").prompt("x")
        .image(Media.url("https://example.com/a.png")).aspectRatio("16:9").build();
    Request fourInputs = Request.builder(Task.MULTI_REFERENCE).model("grok-imagine").prompt("x")
        .image(Media.url("https://example.com/a.png")).reference(Media.url("https://example.com/b.png"))
        .reference(Media.url("https://example.com/c.png")).reference(Media.url("https://example.com/d.png")).build();
    Request sizeAndOtherRatio = imageRequest("grok-imagine").size(1024, 1024).aspectRatio("16:9").build();
    Request sizeAt2k = imageRequest("grok-imagine").size(1024, 1024).resolution("2k").build();

    for (Request r : List.of(ratioOnSingleEdit, fourInputs, sizeAndOtherRatio, sizeAt2k)) {
      TestCalls.failure(InvalidRequestException.class, xai, r);
    }
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void moderationWithholdingSomeImagesWarnsAndWithholdingAllIsAModerationError() {
    String png = Fixtures.b64(TestMedia.png(64, 64));
    server.enqueue(json(200, "{\"data\":[{\"b64_json\":\"" + png + "\",\"mime_type\":\"image/png\",\"respect_moderation\":true},"
        + "{\"b64_json\":null,\"url\":null,\"respect_moderation\":false}],\"usage\":{\"cost_in_usd_ticks\":400000000}}"));
    server.enqueue(json(200, "{\"data\":[{\"url\":null,\"respect_moderation\":false}],\"usage\":{\"cost_in_usd_ticks\":200000000}}"));
    server.enqueue(json(200, "{\"data\":[]}"));

    ProviderOutput some = TestCalls.submit(xai, imageRequest("grok-imagine").count(2).build()).output().orElseThrow();
    assertEquals(1, some.assets().size());
    assertEquals(1, some.usage().count());
    assertTrue(some.warnings().contains("1 image(s) withheld by xAI's moderation"), some.warnings().toString());

    TestCalls.failure(ContentModeratedException.class, xai, imageRequest("grok-imagine").build());
    TestCalls.failure(NoOutputException.class, xai, imageRequest("grok-imagine").build());
  }

  @Test
  void ticksUseAllSixtyFourBitsAndAnythingBeyondIsNotACost() {
    Offer offer = xai.catalog().offer(XaiProvider.NAME, "grok-imagine").orElseThrow();
    server.enqueue(json(200, "{\"data\":[{\"url\":\"https://imgen.x.ai/a.jpg\"}],\"usage\":{\"cost_in_usd_ticks\":9223372036854775807}}"));
    server.enqueue(json(200, "{\"data\":[{\"url\":\"https://imgen.x.ai/b.jpg\"}],\"usage\":{\"cost_in_usd_ticks\":9223372036854775808}}"));

    ProviderOutput max = TestCalls.submit(xai, imageRequest("grok-imagine").build()).output().orElseThrow();
    ProviderOutput beyond = TestCalls.submit(xai, imageRequest("grok-imagine").build()).output().orElseThrow();

    // 2^63 - 1 ticks, exactly: $922,337,203.6854775807.
    assertEquals(Money.usd("922337203.6854775807"), max.usage().reportedCost().get());
    assertEquals("image/jpeg", max.assets().get(0).mediaType());
    assertEquals("https://imgen.x.ai/a.jpg", max.assets().get(0).url().get());
    // Not an int64: no reported cost, so one image is priced by the catalog at $0.02.
    assertTrue(beyond.usage().reportedCost().isEmpty());
    Charge computed = offer.price().get().actual(beyond.usage());
    assertEquals(CostBasis.COMPUTED, computed.basis());
    assertEquals(Money.usd("0.02"), computed.amount().get());
  }

  @Test
  void aDeferredRequestIsAJobPolledUntilItsImagesAreDone() throws Exception {
    XaiProvider deferred = XaiProvider.builder().deferredImages(true).build(Fixtures.context(server));
    server.enqueue(json(200, Fixtures.started("e5b1b4d4-7b6a-4a0e-9c0d-7f3c7d8a1b2c")));

    JobRef job = TestCalls.submit(deferred, imageRequest("grok-imagine").build()).job().orElseThrow();

    Map<String, Object> sent = json(server.takeRequest());
    assertEquals(true, sent.get("deferred"));
    assertEquals("url", sent.get("response_format"));
    assertEquals("e5b1b4d4-7b6a-4a0e-9c0d-7f3c7d8a1b2c", job.id());
    assertEquals(server.url("/v1/images/e5b1b4d4-7b6a-4a0e-9c0d-7f3c7d8a1b2c").toString(), job.pollUrl().get());
    assertEquals("grok-imagine-image", job.attributes().get("endpoint"));

    server.enqueue(new MockResponse.Builder().code(202).build());
    server.enqueue(json(200, "{\"request_id\":\"" + job.id() + "\",\"status\":\"pending\"}"));
    // The spec's own example of a finished deferred image: its usage has no ticks.
    server.enqueue(json(200, "{\"request_id\":\"" + job.id() + "\",\"status\":\"done\",\"data\":[{\"url\":\"https://imgen.x.ai/c.jpg\"}],"
        + "\"usage\":{\"total_tokens\":0,\"image_cost\":2000000}}"));
    PollResult empty = TestCalls.await(deferred.poll(job));
    PollResult pending = TestCalls.await(deferred.poll(job));
    PollResult done = TestCalls.await(deferred.poll(job));

    assertEquals(PollResult.State.RUNNING, empty.state());
    assertEquals(PollResult.State.RUNNING, pending.state());
    assertEquals("pending", pending.progress().get().state().get());
    ProviderOutput out = done.output().orElseThrow();
    assertEquals("https://imgen.x.ai/c.jpg", out.assets().get(0).url().get());
    assertTrue(out.usage().reportedCost().isEmpty(), "image_cost is not read as a cost: its unit is not documented");
    RecordedRequest poll = server.takeRequest();
    assertEquals("GET", poll.getMethod());
    assertEquals("/v1/images/" + job.id(), poll.getUrl().encodedPath());
  }

  @Test
  void aDeferredImageEndsFailedOrExpiredByItsStatus() {
    JobRef job = JobRef.of(XaiProvider.NAME, "img-1", null, null, Map.of("kind", "image", "endpoint", "grok-imagine-image"));
    String[][] cases = {{"invalid_argument", "InvalidRequestException"}, {"failed_precondition", "InvalidRequestException"},
        {"permission_denied", "ContentModeratedException"}, {"service_unavailable", "ProviderFailureException"},
        {"internal_error", "ProviderFailureException"}};
    for (String[] c : cases) {
      server.enqueue(json(200, "{\"request_id\":\"img-1\",\"status\":\"failed\",\"error\":{\"code\":\"" + c[0]
          + "\",\"message\":\"could not generate\"}}"));
      PollResult failed = TestCalls.await(xai.poll(job));
      assertEquals(PollResult.State.FAILED, failed.state(), c[0]);
      assertEquals(c[1], failed.error().get().getClass().getSimpleName(), c[0]);
      assertTrue(failed.error().get().getMessage().contains(c[0] + ": could not generate"), failed.error().get().getMessage());
    }
    server.enqueue(json(200, "{\"request_id\":\"img-1\",\"status\":\"expired\"}"));
    assertInstanceOf(GenerationTimeoutException.class, TestCalls.await(xai.poll(job)).error().get());
    // Done with nothing in it: the images were made, so the attempt is billed and never bought again.
    server.enqueue(json(200, "{\"request_id\":\"img-1\",\"status\":\"done\",\"data\":[]}"));
    PollResult empty = TestCalls.await(xai.poll(job));
    assertInstanceOf(NoOutputException.class, empty.error().get());
    assertTrue(empty.ran());
    // Unknown or expired: 404.
    server.enqueue(json(404, "{\"code\":\"not-found\",\"error\":\"Unknown request id\"}"));
    ProviderFailureException gone = assertInstanceOf(ProviderFailureException.class, TestCalls.failure(xai.poll(job)));
    assertFalse(gone.retryable());
  }
}
