package dev.unigen.provider.runway;

import static dev.unigen.provider.runway.Fixtures.KEY;
import static dev.unigen.provider.runway.Fixtures.TASK;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.http.DataUri;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestContext;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Runway's create calls on the wire: paths, headers, each model's fields, the ratio chosen, refusals and error bodies. */
class RunwaySubmitTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final RunwayProvider runway = Fixtures.provider(server);

  private JobRef submit(Request r) {
    server.enqueue(json(200, Fixtures.created(TASK)));
    return TestCalls.submit(runway, r).job().orElseThrow();
  }

  private Map<String, Object> sent(String path) {
    RecordedRequest r = TestRequests.take(server);
    assertEquals("POST", r.getMethod());
    assertEquals("/v1/" + path, r.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
    assertEquals("2024-11-06", r.getHeaders().get("X-Runway-Version"));
    return TestRequests.json(r);
  }

  private Throwable refused(Request r) {
    return TestCalls.failure(runway.submit(TestCalls.call(runway, r)));
  }

  @Test
  void textToVideoPostsPromptTextRatioDurationAndSeed() {
    JobRef job = submit(Request.builder(Task.TEXT_TO_VIDEO).model("gen-4.5").prompt("a golden retriever in wildflowers")
        .duration(Duration.ofSeconds(5)).aspectRatio("9:16").seed(4294967295L).build());

    Map<String, Object> body = sent("text_to_video");
    assertEquals("gen4.5", body.get("model"));
    assertEquals("a golden retriever in wildflowers", body.get("promptText"));
    assertEquals("720:1280", body.get("ratio"));
    assertEquals(new BigDecimal("5"), body.get("duration"));
    assertEquals(new BigDecimal("4294967295"), body.get("seed"), "the full unsigned 32-bit range is sent exactly");
    assertEquals(TASK, job.id());
    String task = server.url("/v1/tasks/" + TASK).toString();
    assertEquals(task, job.pollUrl().orElseThrow());
    assertEquals(task, job.cancelUrl().orElseThrow());
    assertEquals(Map.of("endpoint", "gen4.5", "kind", "video", "seconds", "5", "size", "720x1280"), job.attributes());
  }

  @Test
  void imageToVideoSendsTheImageInlineOrByUrlAtEveryRatioOfTheModel() {
    byte[] png = TestMedia.png(64, 48);
    submit(Request.builder(Task.IMAGE_TO_VIDEO).model("gen-4-turbo").image(Media.bytes(png, "image/png"))
        .aspectRatio("4:3").duration(Duration.ofSeconds(10)).build());
    Map<String, Object> inline = sent("image_to_video");
    assertEquals("gen4_turbo", inline.get("model"));
    assertEquals("1104:832", inline.get("ratio"));
    DataUri uri = DataUri.parse((String) inline.get("promptImage"));
    assertEquals("image/png", uri.mediaType());
    assertEquals(png.length, uri.bytes().length);
    assertFalse(inline.containsKey("promptText"), "the prompt is optional from an image");

    submit(Request.builder(Task.IMAGE_TO_VIDEO).model("gen-4.5").prompt("a slow dolly-in")
        .image(Media.url("https://cdn.example/cover.jpg")).aspectRatio("21:9").build());
    Map<String, Object> byUrl = sent("image_to_video");
    assertEquals("https://cdn.example/cover.jpg", byUrl.get("promptImage"));
    assertEquals("1584:672", byUrl.get("ratio"));
    assertEquals(new BigDecimal("5"), byUrl.get("duration"), "the default length");
  }

  @Test
  void veoTakesAudioAndANegativePromptButNoSeed() {
    JobRef job = submit(Request.builder(Task.TEXT_TO_VIDEO).model("veo-3.1").prompt("rain on a tin roof").audio(true)
        .resolution("1080p").duration(Duration.ofSeconds(6)).negativePrompt("people").seed(3).build());
    Map<String, Object> body = sent("text_to_video");
    assertEquals("veo3.1", body.get("model"));
    assertEquals(Boolean.TRUE, body.get("audio"));
    assertEquals("1920:1080", body.get("ratio"));
    assertEquals("people", body.get("negativePrompt"));
    assertFalse(body.containsKey("seed"));
    assertEquals("true", job.attributes().get("audio"));
    assertEquals("veo3.1 takes no seed; the seed was not sent", job.attributes().get("warnings"));

    submit(Request.builder(Task.TEXT_TO_VIDEO).model("veo-3.1-fast").prompt("x").duration(Duration.ofSeconds(4)).build());
    assertEquals(Boolean.FALSE, sent("text_to_video").get("audio"), "audio is off unless asked: it doubles Veo's price");
  }

  @Test
  void textToImageChoosesTheRatioByShapeAndResolutionAndSendsReferences() {
    submit(Request.builder(Task.TEXT_TO_IMAGE).model("gen-4-image").prompt("a Japanese garden").build());
    assertEquals("1920:1080", sent("text_to_image").get("ratio"), "the offer's default size");

    submit(Request.builder(Task.TEXT_TO_IMAGE).model("gen-4-image").prompt("x").aspectRatio("1:1").resolution("720p").build());
    assertEquals("720:720", sent("text_to_image").get("ratio"));

    JobRef job = submit(Request.builder(Task.MULTI_REFERENCE).model("gen-4-image-turbo").prompt("@cat in @room")
        .size(1168, 880).reference(Media.url("https://cdn.example/cat.png")).reference(Media.url("https://cdn.example/room.png"))
        .build());
    Map<String, Object> body = sent("text_to_image");
    assertEquals("gen4_image_turbo", body.get("model"));
    assertEquals("1168:880", body.get("ratio"));
    assertEquals(List.of(Map.of("uri", "https://cdn.example/cat.png"), Map.of("uri", "https://cdn.example/room.png")),
        body.get("referenceImages"));
    assertEquals("1168x880", job.attributes().get("size"));
  }

  @Test
  void videoToVideoSendsTheVideoUri() {
    JobRef job = submit(Request.builder(Task.VIDEO_TO_VIDEO).model("aleph-2").prompt("make it winter")
        .video(Media.url("https://cdn.example/source.mp4").withDuration(Duration.ofMillis(7500))).build());
    Map<String, Object> body = sent("video_to_video");
    assertEquals("aleph2", body.get("model"));
    assertEquals("https://cdn.example/source.mp4", body.get("videoUri"));
    assertEquals("make it winter", body.get("promptText"));
    assertEquals("7.5", job.attributes().get("seconds"));
  }

  @Test
  void rawOptionsAreSentAsTheyAre() {
    submit(Request.builder(Task.TEXT_TO_VIDEO).model("gen-4.5").prompt("x")
        .providerOptions("runway", Map.of("contentModeration", Map.of("publicFigureThreshold", "low"))).build());
    assertEquals(Map.of("publicFigureThreshold", "low"), sent("text_to_video").get("contentModeration"));
  }

  @Test
  void whatAModelCannotTakeIsRefusedBeforeTheWire() {
    Request textAtSquare = Request.builder(Task.TEXT_TO_VIDEO).model("gen-4.5").prompt("x").aspectRatio("1:1").build();
    Request halfSecond = Request.builder(Task.TEXT_TO_VIDEO).model("gen-4.5").prompt("x").duration(Duration.ofMillis(4500)).build();
    Request noPrompt = Request.builder(Task.TEXT_TO_IMAGE).model("gen-4-image").build();
    Request turboWithoutReference = Request.builder(Task.MULTI_REFERENCE).model("gen-4-image-turbo").prompt("x").build();
    byte[] big = new byte[4 * 1024 * 1024];
    big[0] = (byte) 0x89;
    Request tooBigInline = Request.builder(Task.IMAGE_TO_VIDEO).model("gen-4-turbo").image(Media.bytes(big, "image/png")).build();
    for (Request r : List.of(halfSecond, noPrompt, turboWithoutReference)) {
      Throwable e = refused(r);
      assertInstanceOf(InvalidRequestException.class, e, r.toString());
      assertFalse(e.getMessage().isBlank());
    }
    for (Request r : List.of(textAtSquare, tooBigInline)) {
      // What Runway cannot take although another provider may: failover moves on.
      assertFalse(assertInstanceOf(ProviderFailureException.class, refused(r), r.toString()).retryable());
    }
    assertTrue(refused(tooBigInline).getMessage().contains("Media.url"));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void errorBodiesAndStatusesMapToTypedErrors() {
    Request r = Request.builder(Task.TEXT_TO_VIDEO).model("gen-4.5").prompt("x").build();
    server.enqueue(json(400, "{\"error\":\"Invalid asset aspect ratio\",\"issues\":[{\"path\":[\"promptImage\"],"
        + "\"message\":\"Invalid asset aspect ratio\"}]}"));
    Throwable bad = refused(r);
    assertInstanceOf(InvalidRequestException.class, bad);
    assertTrue(bad.getMessage().contains("Invalid asset aspect ratio"), bad.getMessage());

    server.enqueue(json(400, Fixtures.error("You do not have enough credits to run this task.")));
    assertInstanceOf(InsufficientCreditException.class, refused(r));
    server.enqueue(json(401, Fixtures.error("Invalid API key")));
    assertInstanceOf(AuthenticationException.class, refused(r));
    server.enqueue(new MockResponse.Builder(json(429, Fixtures.error("You have reached your daily generation limit")))
        .setHeader("Retry-After", "30").build());
    RateLimitedException limited = assertInstanceOf(RateLimitedException.class, refused(r));
    assertEquals(Duration.ofSeconds(30), limited.retryAfter().orElseThrow());
    for (int status : new int[] {502, 503, 504}) {
      server.enqueue(json(status, Fixtures.error("Runway is shedding load")));
      assertTrue(assertInstanceOf(ProviderFailureException.class, refused(r)).retryable(), "status " + status);
    }
    server.enqueue(json(405, Fixtures.error("Method not allowed")));
    assertFalse(assertInstanceOf(ProviderFailureException.class, refused(r)).retryable());
  }

  @Test
  void aLaterApiVersionCanBeSentAndAMalformedOneIsRefused() {
    RunwayProvider later = RunwayProvider.builder().apiVersion("2026-09-01").build(TestContext.of(Fixtures.env(server)));
    server.enqueue(json(200, Fixtures.created(TASK)));
    TestCalls.submit(later, Request.builder(Task.TEXT_TO_VIDEO).model("gen-4.5").prompt("x").build());
    assertEquals("2026-09-01", TestRequests.take(server).getHeaders().get("X-Runway-Version"));
    assertThrows(IllegalArgumentException.class, () -> RunwayProvider.builder().apiVersion("latest"));
  }
}
