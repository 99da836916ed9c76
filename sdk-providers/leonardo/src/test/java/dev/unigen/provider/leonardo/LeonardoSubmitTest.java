package dev.unigen.provider.leonardo;

import static dev.unigen.provider.leonardo.Fixtures.GENERATION;
import static dev.unigen.provider.leonardo.Fixtures.KEY;
import static dev.unigen.testkit.TestCalls.failure;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestCalls.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.InvalidRequestException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
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
import okio.ByteString;
import org.junit.jupiter.api.Test;

/** The body, path and headers of each kind of create, and what its answer becomes. */
class LeonardoSubmitTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final LeonardoProvider provider = Fixtures.provider(server);

  @Test
  void phoenixIsAV1CreateWithEveryDefaultSentExplicitly() throws Exception {
    server.enqueue(json(200, Fixtures.v1Created(GENERATION, "0.0147", "DOLLARS")));

    Submission s = submit(provider, Request.builder(Task.TEXT_TO_IMAGE).model("leonardo-phoenix-1.0")
        .prompt("a lighthouse at dusk").size(1472, 832).count(2).seed(9_999_999_998L).build());

    RecordedRequest post = TestRequests.take(server);
    assertEquals("POST", post.getMethod());
    assertEquals("/api/rest/v1/generations", post.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, post.getHeaders().get("Authorization"));
    assertEquals("application/json", post.getHeaders().get("Accept"));
    Map<String, Object> b = TestRequests.json(post);
    assertEquals(Fixtures.PHOENIX, b.get("modelId"));
    assertEquals("a lighthouse at dusk", b.get("prompt"));
    assertEquals(new BigDecimal("1472"), b.get("width"));
    assertEquals(new BigDecimal("832"), b.get("height"));
    assertEquals(new BigDecimal("2"), b.get("num_images"));
    assertEquals(new BigDecimal("3.5"), b.get("contrast"));
    assertEquals(false, b.get("alchemy"), "Fast mode unless the request asks for quality");
    assertEquals(false, b.get("enhancePrompt"));
    assertEquals(false, b.get("public"), "never into the community feed");
    // The largest seed the SDK's schema allows for non-Flux models, written exactly.
    assertTrue(post.getBody().utf8().contains("\"seed\":9999999998"), post.getBody().utf8());

    JobRef job = s.job().orElseThrow();
    assertEquals(GENERATION, job.id());
    assertEquals(server.url("/api/rest/v1/generations/" + GENERATION).toString(), job.pollUrl().orElseThrow());
    assertEquals("0.0147", job.attributes().get("cost"));
    assertEquals("DOLLARS", job.attributes().get("costUnit"));
    assertEquals("1472", job.attributes().get("width"));
    assertEquals("v1", job.attributes().get("api"));
  }

  @Test
  void qualityAndUltraSwitchPhoenixModesAndAnyOtherQualityIsRefused() throws Exception {
    server.enqueue(json(200, Fixtures.v1Created(GENERATION, "0.02", "DOLLARS")));
    server.enqueue(json(200, Fixtures.v1Created(GENERATION, "0.05", "DOLLARS")));
    Request.Builder b = Request.builder(Task.TEXT_TO_IMAGE).model("leonardo-phoenix-1.0").prompt("x");

    submit(provider, b.quality("quality").build());
    submit(provider, b.quality("ultra").build());
    InvalidRequestException e = failure(InvalidRequestException.class, provider, b.quality("best").build());

    assertEquals(true, TestRequests.json(TestRequests.take(server)).get("alchemy"));
    Map<String, Object> ultra = TestRequests.json(TestRequests.take(server));
    assertEquals(true, ultra.get("ultra"));
    assertEquals(false, ultra.get("alchemy"));
    assertTrue(e.getMessage().contains("fast, quality and ultra"), e.getMessage());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void anAspectRatioAloneIsSentAsAWidthAndHeightWithAWarning() throws Exception {
    server.enqueue(json(200, Fixtures.v1Created(GENERATION, "0.02", "DOLLARS")));

    JobRef job = submit(provider, Request.builder(Task.TEXT_TO_IMAGE).model("leonardo-phoenix-1.0").prompt("x")
        .aspectRatio("16:9").build()).job().orElseThrow();

    Map<String, Object> b = TestRequests.json(TestRequests.take(server));
    // 1024 on the long side; 1024 x 9 / 16 = 576, a multiple of 8.
    assertEquals(new BigDecimal("1024"), b.get("width"));
    assertEquals(new BigDecimal("576"), b.get("height"));
    assertTrue(job.attributes().get("warnings").contains("16:9 was sent as 1024x576"),
        job.attributes().toString());
  }

  @Test
  void rawProviderOptionsAreMergedLastButCannotChangeTheModel() throws Exception {
    server.enqueue(json(200, Fixtures.v1Created(GENERATION, "0.02", "DOLLARS")));

    submit(provider, Request.builder(Task.TEXT_TO_IMAGE).model("leonardo-phoenix-1.0").prompt("x")
        .providerOptions("leonardo", Map.of("contrast", 4, "styleUUID", "111dc692-d470-4eec-b791-3475abac4c46",
            "modelId", "6b645e3a-d64f-4341-a6d8-7a3690fbf042")).build());

    Map<String, Object> b = TestRequests.json(TestRequests.take(server));
    assertEquals(new BigDecimal("4"), b.get("contrast"));
    assertEquals("111dc692-d470-4eec-b791-3475abac4c46", b.get("styleUUID"));
    assertEquals(Fixtures.PHOENIX, b.get("modelId"));
  }

  @Test
  void nanoBananaIsAV2CreateWithReferencesAsUrlOrBase64() throws Exception {
    server.enqueue(json(200, Fixtures.v2Created(GENERATION, "0.039", "DOLLARS")));
    byte[] png = TestMedia.png(64, 64);

    JobRef job = submit(provider, Request.builder(Task.MULTI_REFERENCE).model("gemini-nano-banana-2.1")
        .prompt("the koala from image 1 in a purple scarf").size(1024, 1024)
        .reference(Media.url("https://example.com/koala.png"))
        .reference(Media.bytes(png, "image/png")).build()).job().orElseThrow();

    RecordedRequest post = TestRequests.take(server);
    assertEquals("/api/rest/v2/generations", post.getUrl().encodedPath());
    Map<String, Object> b = TestRequests.json(post);
    assertEquals("google/nano-banana-2.1", b.get("model"));
    assertEquals(false, b.get("public"));
    Map<String, Object> p = Json.object(b, "parameters");
    assertEquals("the koala from image 1 in a purple scarf", p.get("prompt"));
    assertEquals(new BigDecimal("1024"), p.get("width"));
    assertEquals(new BigDecimal("1"), p.get("quantity"));
    assertEquals("OFF", p.get("prompt_enhance"));
    List<Object> refs = Json.array(Json.object(p, "guidances"), "image_reference");
    assertEquals(Map.of("type", "URL", "url", "https://example.com/koala.png"), Json.object(refs.get(0)).get("image"));
    Map<String, Object> inline = Json.object(Json.object(refs.get(1)), "image");
    assertEquals("BASE64", inline.get("type"));
    assertEquals(Base64.getEncoder().encodeToString(png), inline.get("data"));
    assertEquals(GENERATION, job.id());
    assertEquals("0.039", job.attributes().get("cost"));
  }

  @Test
  void aSeedForAV2ImageModelIsNotSentAndSaysSo() throws Exception {
    server.enqueue(json(200, Fixtures.v2Created(GENERATION, "0.039", "DOLLARS")));

    JobRef job = submit(provider,
        Request.builder(Task.TEXT_TO_IMAGE).model("gemini-nano-banana-2.1").prompt("x").seed(7).build()).job().orElseThrow();

    assertFalse(Json.object(TestRequests.json(TestRequests.take(server)), "parameters").containsKey("seed"));
    assertTrue(job.attributes().get("warnings").contains("documents no seed"));
  }

  @Test
  void klingTextToVideoSendsWholeSecondsTheSizeAndTheAudioChoice() throws Exception {
    server.enqueue(json(200, Fixtures.v2Created(GENERATION, "0.84", "DOLLARS")));

    JobRef job = submit(provider, Request.builder(Task.TEXT_TO_VIDEO).model("kling-3.0-turbo").prompt("waves on a reef")
        .duration(Duration.ofSeconds(8)).resolution("720p").aspectRatio("9:16").build()).job().orElseThrow();

    Map<String, Object> b = TestRequests.json(TestRequests.take(server));
    assertEquals("kling-3.0-turbo", b.get("model"));
    Map<String, Object> p = Json.object(b, "parameters");
    assertEquals(new BigDecimal("8"), p.get("duration"));
    assertEquals(new BigDecimal("720"), p.get("width"));
    assertEquals(new BigDecimal("1280"), p.get("height"));
    assertEquals(false, p.get("motion_has_audio"), "Leonardo's default is true: silence must be asked for");
    assertFalse(p.containsKey("guidances"));
    assertEquals("video", job.attributes().get("kind"));
    assertEquals("8", job.attributes().get("seconds"));
    assertEquals("720p", job.attributes().get("resolution"));
  }

  @Test
  void aKlingStartFrameIsUploadedWithoutTheKeyThenReferredToById() throws Exception {
    String upload = server.url("/s3/leonardo-init").toString();
    server.enqueue(json(200, Fixtures.initImage("5f0c2a9e-7d1b-4c38-9e2f-0a1b2c3d4e5f", upload)));
    server.enqueue(new MockResponse.Builder().code(204).build());
    server.enqueue(json(200, Fixtures.v2Created(GENERATION, "0.84", "DOLLARS")));
    byte[] png = TestMedia.png(64, 64);

    submit(provider, Request.builder(Task.IMAGE_TO_VIDEO).model("kling-3.0-turbo").prompt("the koala plays with the cat")
        .image(Media.bytes(png, "image/png")).audio(true).duration(Duration.ofSeconds(5)).build());

    RecordedRequest ask = TestRequests.take(server);
    assertEquals("/api/rest/v1/init-image", ask.getUrl().encodedPath());
    assertEquals(Map.of("extension", "png"), TestRequests.json(ask));
    RecordedRequest s3 = TestRequests.take(server);
    assertEquals("/s3/leonardo-init", s3.getUrl().encodedPath());
    assertNull(s3.getHeaders().get("Authorization"), "the key never goes to the presigned URL");
    String form = s3.getBody().utf8();
    assertTrue(form.indexOf("name=\"key\"") < form.indexOf("name=\"file\""), "the fields come before the file");
    assertTrue(form.contains("init/5f0c2a9e-7d1b-4c38-9e2f-0a1b2c3d4e5f.png"), form);
    assertTrue(s3.getBody().indexOf(ByteString.of(png)) >= 0, "the image bytes are posted");
    Map<String, Object> p = Json.object(TestRequests.json(TestRequests.take(server)), "parameters");
    assertEquals(true, p.get("motion_has_audio"));
    assertEquals(List.of(Map.of("image", Map.of("id", "5f0c2a9e-7d1b-4c38-9e2f-0a1b2c3d4e5f", "type", "UPLOADED"))),
        Json.object(p, "guidances").get("start_frame"));
  }

  @Test
  void whatLeonardoHasNoFieldForIsRefusedBeforeAnyCall() {
    byte[] png = TestMedia.png(64, 64);
    Request.Builder kling = Request.builder(Task.TEXT_TO_VIDEO).model("kling-3.0-turbo").prompt("x");
    ProviderFailureException url = failure(ProviderFailureException.class, provider, kling.task(Task.IMAGE_TO_VIDEO)
        .image(Media.url("https://example.com/frame.png")).duration(Duration.ofSeconds(5)).build());
    failure(ProviderFailureException.class, provider,
        Request.builder(Task.TEXT_TO_IMAGE).model("leonardo-phoenix-1.0").prompt("x").outputFormat("png").build());
    failure(InvalidRequestException.class, provider,
        Request.builder(Task.TEXT_TO_VIDEO).model("kling-3.0-turbo").prompt("x").duration(Duration.ofMillis(5500)).build());
    failure(InvalidRequestException.class, provider, Request.builder(Task.MULTI_REFERENCE).model("gemini-nano-banana-2.1")
        .reference(Media.bytes(png, "image/png")).build());

    assertTrue(url.getMessage().contains("uploaded image"), url.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aCreateAnsweredWithoutAGenerationIdIsAnUnknownOutcome() {
    server.enqueue(json(200, "{\"sdGenerationJob\":{\"apiCreditCost\":11}}"));

    failure(OutcomeUnknownException.class, provider,
        Request.builder(Task.TEXT_TO_IMAGE).model("leonardo-phoenix-1.0").prompt("x").build());

    assertEquals(1, server.getRequestCount());
  }

  @Test
  void theKeyTravelsOnlyInTheAuthorizationHeader() throws Exception {
    server.enqueue(json(200, Fixtures.v1Created(GENERATION, "0.02", "DOLLARS")));

    submit(provider, Request.builder(Task.TEXT_TO_IMAGE).model("leonardo-phoenix-1.0").prompt("x").build());

    RecordedRequest r = TestRequests.take(server);
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
    assertFalse(r.getBody().utf8().contains(KEY));
    assertFalse(r.getUrl().toString().contains(KEY));
  }
}
