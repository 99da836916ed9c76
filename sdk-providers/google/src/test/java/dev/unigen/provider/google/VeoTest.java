package dev.unigen.provider.google;

import static dev.unigen.provider.google.Fixtures.KEY;
import static dev.unigen.provider.google.Fixtures.OPERATION;
import static dev.unigen.provider.google.Fixtures.OPERATION_ID;
import static dev.unigen.provider.google.Fixtures.VEO;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
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
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestContext;
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

/** Veo on the wire: the predictLongRunning body, the operation's states, and the keyed download. */
class VeoTest {
  @StartStop private final MockWebServer server = TestServers.started();
  @StartStop private final MockWebServer storage = TestServers.started();
  private final GoogleProvider p = Fixtures.provider(server);

  private static Request.Builder clip() {
    return Request.builder(Task.TEXT_TO_VIDEO).model("veo-3.1").prompt("waves breaking at dusk").audio(true);
  }

  private JobRef submit(Request r) {
    server.enqueue(json(200, Fixtures.operation(OPERATION)));
    return TestCalls.submit(p, r).job().orElseThrow();
  }

  /** A submitted clip's job, its submit taken off the server, and {@code answers} queued for what follows. */
  private JobRef submitted(Request r, MockResponse... answers) {
    JobRef job = submit(r);
    TestRequests.take(server);
    for (MockResponse answer : answers) server.enqueue(answer);
    return job;
  }

  private Throwable refused(Request r) {
    return TestCalls.failure(GenerationException.class, p, r);
  }

  @Test
  void aClipIsPostedToPredictLongRunningAndJournaledByItsOperation() throws Exception {
    JobRef job = submit(clip().duration(Duration.ofSeconds(8)).resolution("1080P").aspectRatio("9:16")
        .negativePrompt("people").build());

    RecordedRequest r = server.takeRequest();
    assertEquals("/v1beta/models/" + VEO + ":predictLongRunning", r.getUrl().encodedPath());
    assertEquals(KEY, r.getHeaders().get("x-goog-api-key"));
    assertEquals("{\"instances\":[{\"prompt\":\"waves breaking at dusk\"}],\"parameters\":{\"aspectRatio\":\"9:16\","
        + "\"resolution\":\"1080p\",\"durationSeconds\":8,\"negativePrompt\":\"people\"}}", r.getBody().utf8());
    assertEquals(OPERATION_ID, job.id());
    assertEquals(server.url("/v1beta/" + OPERATION).toString(), job.pollUrl().orElseThrow());
    assertEquals(Map.of("endpoint", VEO, "operation", OPERATION, "seconds", "8", "resolution", "1080p"), job.attributes());
  }

  @Test
  void theDefaultsAreTheOffersEightSecondsAndTheApisDefaultResolutionSentExplicitly() throws Exception {
    JobRef job = submit(clip().build());

    Map<String, Object> body = TestRequests.json(server.takeRequest());
    assertEquals(Map.of("resolution", "720p", "durationSeconds", new BigDecimal("8")), body.get("parameters"));
    assertEquals("8", job.attributes().get("seconds"));
  }

  @Test
  void anImageToVideoStartFrameIsSentAsBase64BytesWithItsType() throws Exception {
    byte[] frame = TestMedia.png(1280, 720);
    submit(Request.builder(Task.IMAGE_TO_VIDEO).model("veo-3.1").prompt("the boat sails off").audio(true)
        .image(Media.bytes(frame, "image/png")).duration(Duration.ofSeconds(6)).build());

    Map<String, Object> instance = Json.object(Json.array(TestRequests.json(server.takeRequest()), "instances").get(0));
    assertEquals(Map.of("bytesBase64Encoded", Base64.getEncoder().encodeToString(frame), "mimeType", "image/png"),
        instance.get("image"));
  }

  @Test
  void referenceImagesAreAssetReferencesOfAnEightSecondClip() throws Exception {
    byte[] ref = TestMedia.jpeg(64, 64);
    submit(clip().reference(Media.bytes(ref, "image/jpeg")).duration(Duration.ofSeconds(8)).build());

    Map<String, Object> instance = Json.object(Json.array(TestRequests.json(server.takeRequest()), "instances").get(0));
    assertEquals(List.of(Map.of("image", Map.of("bytesBase64Encoded", Base64.getEncoder().encodeToString(ref),
        "mimeType", "image/jpeg"), "referenceType", "ASSET")), instance.get("referenceImages"));
  }

  @Test
  void whatVeoDoesNotMakeIsRefusedBeforeTheWireSoFailoverMayMoveOn() {
    List<Request> refused = List.of(
        clip().duration(Duration.ofSeconds(4)).resolution("1080p").build(),
        clip().duration(Duration.ofSeconds(6)).resolution("4k").build(),
        clip().duration(Duration.ofSeconds(4)).reference(Media.bytes(TestMedia.png(8, 8), "image/png")).build(),
        Request.builder(Task.IMAGE_TO_VIDEO).model("veo-3.1").prompt("x").audio(true)
            .image(Media.url("https://example.com/frame.png")).build());
    for (Request r : refused) {
      Throwable e = refused(r);
      assertFalse(assertInstanceOf(ProviderFailureException.class, e, r.toString()).retryable());
    }
    Throwable noPrompt = refused(Request.builder(Task.TEXT_TO_VIDEO).model("veo-3.1").build());
    assertInstanceOf(InvalidRequestException.class, noPrompt);
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void seedAndSilenceAreNotSentButNamedInWarnings() throws Exception {
    JobRef job = submit(Request.builder(Task.TEXT_TO_VIDEO).model("veo-3.1").prompt("x").seed(42).build());

    String sent = server.takeRequest().getBody().utf8();
    assertFalse(sent.contains("seed") || sent.contains("generateAudio"), sent);
    assertTrue(job.attributes().get("warnings").contains("no seed"), job.attributes().toString());
    assertTrue(job.attributes().get("warnings").contains("always generates audio"), job.attributes().toString());
  }

  @Test
  void anAnswerWithoutAnOperationIsAnUnknownOutcome() {
    server.enqueue(json(200, "{}"));
    TestCalls.failure(OutcomeUnknownException.class, p, clip().build());
    server.enqueue(json(200, Fixtures.operation("operations/../../files/x")));
    TestCalls.failure(OutcomeUnknownException.class, p, clip().build());
  }

  @Test
  void aRunningOperationIsPendingWithThePollInterval() throws Exception {
    JobRef job = submitted(clip().build(), json(200, Fixtures.running(OPERATION)));

    PollResult r = TestCalls.await(p.poll(job));

    assertFalse(r.isDone());
    assertEquals(PollResult.State.RUNNING, r.state());
    RecordedRequest get = server.takeRequest();
    assertEquals("GET", get.getMethod());
    assertEquals("/v1beta/" + OPERATION, get.getUrl().encodedPath());
    assertEquals(KEY, get.getHeaders().get("x-goog-api-key"));
  }

  @Test
  void aDoneOperationsVideoIsDownloadedWithTheKeyAndPricedPerSecond() throws Exception {
    JobRef job = submitted(clip().duration(Duration.ofSeconds(8)).resolution("4k").build(),
        json(200, Fixtures.done(OPERATION, Fixtures.videoUri(server, "vzfhd8sgq3ek"))),
        Fixtures.mp4());

    PollResult r = TestCalls.await(p.poll(job));

    assertEquals(PollResult.State.SUCCEEDED, r.state(), String.valueOf(r));
    server.takeRequest();
    RecordedRequest download = server.takeRequest();
    assertEquals("/v1beta/files/vzfhd8sgq3ek:download", download.getUrl().encodedPath());
    assertEquals("media", download.getUrl().queryParameter("alt"));
    assertEquals(KEY, download.getHeaders().get("x-goog-api-key"));
    ProviderOutput out = r.output().orElseThrow();
    Asset video = out.assets().get(0);
    assertEquals("video/mp4", video.mediaType());
    assertArrayEquals(TestMedia.mp4(), video.bytes(), "kept as bytes, before Google's two days are over");
    assertEquals(0, new BigDecimal("8").compareTo(video.durationSeconds().orElseThrow()));
    assertEquals(OPERATION, out.providerRequestId().orElseThrow());
    // By hand: 8 s at 4k x $0.60 = $4.80, audio included.
    assertEquals(Money.usd("4.80"), Fixtures.price(p, "veo-3.1").actual(out.usage()).amount().orElseThrow());
  }

  @Test
  void aRedirectedDownloadIsFollowedWithoutTheKey() throws Exception {
    JobRef job = submitted(clip().build(),
        json(200, Fixtures.done(OPERATION, Fixtures.videoUri(server, "vzfhd8sgq3ek"))));
    String signed = storage.url("/download/storage/v1/b/gen-videos/o/vzfhd8sgq3ek").toString() + "?alt=media&token=sig";
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", signed).build());
    storage.enqueue(Fixtures.mp4());

    PollResult r = TestCalls.await(p.poll(job));

    assertEquals(PollResult.State.SUCCEEDED, r.state(), String.valueOf(r));
    RecordedRequest hop = storage.takeRequest();
    assertNull(hop.getHeaders().get("x-goog-api-key"), "a redirect target never gets the key");
    assertEquals("/download/storage/v1/b/gen-videos/o/vzfhd8sgq3ek", hop.getUrl().encodedPath());
    assertArrayEquals(TestMedia.mp4(), r.output().orElseThrow().assets().get(0).bytes());
    // By hand: 8 s at 720p x $0.40 = $3.20.
    assertEquals(Money.usd("3.20"),
        Fixtures.price(p, "veo-3.1").actual(r.output().orElseThrow().usage()).amount().orElseThrow());
  }

  @Test
  void aVideoUriOnAnotherHostIsNeverSentTheKey() throws Exception {
    JobRef job = submitted(clip().build(),
        json(200, Fixtures.done(OPERATION, storage.url("/v1beta/files/x:download?alt=media").toString())));

    PollResult r = TestCalls.await(p.poll(job));

    assertTrue(r.isUnreadable(), "the video was made: billed, never bought again");
    assertFalse(assertInstanceOf(ProviderFailureException.class, r.error().orElseThrow()).retryable());
    assertEquals(0, storage.getRequestCount(), "nothing was sent to the other host");
  }

  @Test
  void aVideoGoneFromTheFilesApiIsUnreadableWithGooglesError() throws Exception {
    JobRef job = submitted(clip().build(),
        json(200, Fixtures.done(OPERATION, Fixtures.videoUri(server, "vzfhd8sgq3ek"))),
        json(404, Fixtures.error(404, "NOT_FOUND", "File vzfhd8sgq3ek was not found.", null)));

    PollResult r = TestCalls.await(p.poll(job));

    assertTrue(r.isUnreadable());
    ProviderFailureException f = assertInstanceOf(ProviderFailureException.class, r.error().orElseThrow());
    assertFalse(f.retryable());
    assertTrue(f.getMessage().contains("was not found"), f.getMessage());
  }

  @Test
  void aVideoOverTheBoundIsUnreadable() throws Exception {
    GoogleProvider small = GoogleProvider.builder().maxVideoBytes(16).pollInterval(Duration.ZERO).build(TestContext.of(Fixtures.env(server)));
    server.enqueue(json(200, Fixtures.operation(OPERATION)));
    JobRef job = TestCalls.submit(small, clip().build()).job().orElseThrow();
    server.enqueue(json(200, Fixtures.done(OPERATION, Fixtures.videoUri(server, "vzfhd8sgq3ek"))));
    server.enqueue(Fixtures.mp4());

    PollResult r = TestCalls.await(small.poll(job));

    assertTrue(r.isUnreadable());
    String why = r.error().orElseThrow().getMessage();
    assertTrue(why.contains("bound"), why);
  }

  @Test
  void aDoneOperationWithoutAVideoIsAModerationError() throws Exception {
    JobRef job = submitted(clip().build(), json(200, Fixtures.filtered(OPERATION)));

    PollResult r = TestCalls.await(p.poll(job));

    assertEquals(PollResult.State.FAILED, r.state());
    ContentModeratedException e = assertInstanceOf(ContentModeratedException.class, r.error().orElseThrow());
    assertTrue(e.getMessage().contains("You will not be charged"), e.getMessage());
    server.enqueue(json(200, "{\"name\":\"" + OPERATION + "\",\"done\":true}"));
    assertInstanceOf(ContentModeratedException.class, TestCalls.await(p.poll(job)).error().orElseThrow());
  }

  @Test
  void aFailedOperationEndsTheJobWithItsStatus() throws Exception {
    JobRef job = submitted(clip().build(),
        json(200, Fixtures.failed(OPERATION, 3, "The prompt is too long.")),
        json(200, Fixtures.failed(OPERATION, 13, "Internal error encountered.")),
        json(200, Fixtures.failed(OPERATION, 3,
            "The prompt could not be submitted. This prompt contains words that violate the usage guidelines.")),
        json(200, Fixtures.failed(OPERATION, 16, "Request had invalid authentication credentials.")));

    assertInstanceOf(InvalidRequestException.class, TestCalls.await(p.poll(job)).error().orElseThrow());
    ProviderFailureException internal = assertInstanceOf(ProviderFailureException.class,
        TestCalls.await(p.poll(job)).error().orElseThrow());
    assertFalse(internal.retryable(), "the operation has ended; polling again changes nothing");
    assertInstanceOf(ContentModeratedException.class, TestCalls.await(p.poll(job)).error().orElseThrow());
    assertInstanceOf(AuthenticationException.class, TestCalls.await(p.poll(job)).error().orElseThrow());
  }

  @Test
  void aJournaledOperationNameThatIsNotOneIsNeverRequested() {
    JobRef forged = JobRef.of("google", "x", null, null, Map.of("operation", "models/veo/operations/../../../files/y"));

    assertThrowsIllegalArgument(() -> p.poll(forged));
    assertEquals(0, server.getRequestCount());
  }

  private static void assertThrowsIllegalArgument(Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException expected) {
      return;
    }
    throw new AssertionError("no IllegalArgumentException");
  }
}
