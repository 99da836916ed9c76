package dev.unigen.provider.wavespeed;

import static dev.unigen.provider.wavespeed.Fixtures.KEY;
import static dev.unigen.provider.wavespeed.Fixtures.TASK;
import static dev.unigen.provider.wavespeed.Fixtures.created;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestRequests.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.InvalidRequestException;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** What goes over the wire for each model family: path, auth, and the input fields WaveSpeed documents. */
class WaveSpeedSubmitTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private WaveSpeedProvider provider = Fixtures.provider(server);

  private RecordedRequest submit(Request request, String model) throws Exception {
    server.enqueue(json(200, created(model)));
    Submission s = await(provider.submit(call(provider, request)));
    assertTrue(s.job().isPresent());
    return server.takeRequest();
  }

  private static BigDecimal n(long v) {
    return BigDecimal.valueOf(v);
  }

  @Test
  void wanTextToVideoSendsSizeAsWidthStarHeight() throws Exception {
    Request r = Request.builder(Task.TEXT_TO_VIDEO).model("wan-2.5").prompt("a red fox in snow")
        .negativePrompt("blurry").resolution("1080p").aspectRatio("9:16").duration(Duration.ofSeconds(10)).seed(42).build();
    RecordedRequest post = submit(r, "alibaba/wan-2.5/text-to-video");

    assertEquals("POST", post.getMethod());
    assertEquals("/api/v3/alibaba/wan-2.5/text-to-video", post.getUrl().encodedPath());
    assertNull(post.getUrl().queryParameter("webhook"));
    assertEquals("Bearer " + KEY, post.getHeaders().get("Authorization"));
    assertTrue(post.getHeaders().get("Content-Type").startsWith("application/json"));
    assertEquals(Map.of("prompt", "a red fox in snow", "negative_prompt", "blurry", "size", "1080*1920",
        "duration", n(10), "seed", n(42)), json(post));
  }

  @Test
  void wanTextToVideoDefaultsTo1280x720AndFiveSeconds() throws Exception {
    RecordedRequest post = submit(Request.builder(Task.TEXT_TO_VIDEO).model("wan-2.6").prompt("x").build(),
        "alibaba/wan-2.6/text-to-video");
    assertEquals("/api/v3/alibaba/wan-2.6/text-to-video", post.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "x", "size", "1280*720", "duration", n(5)), json(post));
  }

  @Test
  void aRequestedSizeIsSentAsItIs() throws Exception {
    RecordedRequest post = submit(Request.builder(Task.TEXT_TO_VIDEO).model("wan-2.5").prompt("x").size(832, 480).build(),
        "alibaba/wan-2.5/text-to-video");
    assertEquals("832*480", json(post).get("size"));
  }

  @Test
  void wanImageToVideoSendsTheImageUrlAndAResolution() throws Exception {
    Request r = Request.builder(Task.IMAGE_TO_VIDEO).model("wan-2.6").prompt("she turns and smiles")
        .image(Media.url("https://example.com/portrait.png")).resolution("1080P").duration(Duration.ofSeconds(15)).build();
    RecordedRequest post = submit(r, "alibaba/wan-2.6/image-to-video");
    assertEquals("/api/v3/alibaba/wan-2.6/image-to-video", post.getUrl().encodedPath());
    assertEquals(Map.of("image", "https://example.com/portrait.png", "prompt", "she turns and smiles",
        "resolution", "1080p", "duration", n(15)), json(post));
  }

  @Test
  void klingSendsSoundAndAnAspectRatioAndWarnsAboutTheSeed() throws Exception {
    Request r = Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.6-pro").prompt("a drummer on a rooftop")
        .aspectRatio("1:1").audio(true).seed(7).duration(Duration.ofSeconds(10)).build();
    server.enqueue(json(200, created("kwaivgi/kling-v2.6-pro/text-to-video")));
    JobRef job = await(provider.submit(call(provider, r))).job().orElseThrow();
    RecordedRequest post = server.takeRequest();
    assertEquals("/api/v3/kwaivgi/kling-v2.6-pro/text-to-video", post.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a drummer on a rooftop", "aspect_ratio", "1:1", "duration", n(10), "sound", true), json(post));
    assertTrue(job.attributes().get("warnings").contains("takes no seed"));
    assertEquals("true", job.attributes().get("audio"));
    assertEquals("10", job.attributes().get("seconds"));
  }

  @Test
  void klingImageToVideoIsSilentUnlessAudioIsAsked() throws Exception {
    Request r = Request.builder(Task.IMAGE_TO_VIDEO).model("kling-2.6-pro").prompt("wind in the trees")
        .image(Media.url("https://example.com/forest.jpg")).build();
    RecordedRequest post = submit(r, "kwaivgi/kling-v2.6-pro/image-to-video");
    assertEquals("/api/v3/kwaivgi/kling-v2.6-pro/image-to-video", post.getUrl().encodedPath());
    assertEquals(Map.of("image", "https://example.com/forest.jpg", "prompt", "wind in the trees", "duration", n(5),
        "sound", false), json(post));
  }

  @Test
  void seedanceTakesTheResolutionFromTheModelId() throws Exception {
    Request r = Request.builder(Task.TEXT_TO_VIDEO).model("seedance-pro").prompt("a paper boat").resolution("480p")
        .aspectRatio("21:9").duration(Duration.ofSeconds(3)).seed(1234).build();
    server.enqueue(json(200, created("bytedance/seedance-v1-pro-t2v-480p")));
    JobRef job = await(provider.submit(call(provider, r))).job().orElseThrow();
    RecordedRequest post = server.takeRequest();
    assertEquals("/api/v3/bytedance/seedance-v1-pro-t2v-480p", post.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a paper boat", "aspect_ratio", "21:9", "duration", n(3), "seed", n(1234)), json(post));
    assertEquals("bytedance/seedance-v1-pro-t2v-1080p", job.attributes().get("endpoint"), "the offer's endpoint");
    assertEquals("bytedance/seedance-v1-pro-t2v-480p", job.attributes().get("model"), "the model id posted to");
    assertEquals("480p", job.attributes().get("resolution"));

    RecordedRequest lite = submit(Request.builder(Task.IMAGE_TO_VIDEO).model("seedance-lite").prompt("x")
        .image(Media.url("https://example.com/a.png")).build(), "bytedance/seedance-v1-lite-i2v-720p");
    assertEquals("/api/v3/bytedance/seedance-v1-lite-i2v-720p", lite.getUrl().encodedPath(), "the default suffix stays");
  }

  @Test
  void animateSendsTheCharacterAndTheDrivingVideo() throws Exception {
    Request r = Request.builder(Task.VIDEO_TO_VIDEO).model("wan-2.2-animate").prompt("a person dancing")
        .image(Media.url("https://example.com/character.png"))
        .video(Media.url("https://example.com/dance.mp4").withDuration(Duration.ofSeconds(12)))
        .resolution("720p").seed(99).providerOptions("wavespeed", Map.of("mode", "replace")).build();
    server.enqueue(json(200, created("wavespeed-ai/wan-2.2/animate")));
    JobRef job = await(provider.submit(call(provider, r))).job().orElseThrow();
    RecordedRequest post = server.takeRequest();
    assertEquals("/api/v3/wavespeed-ai/wan-2.2/animate", post.getUrl().encodedPath());
    assertEquals(Map.of("image", "https://example.com/character.png", "video", "https://example.com/dance.mp4",
        "prompt", "a person dancing", "resolution", "720p", "seed", n(99), "mode", "replace"), json(post));
    assertEquals("12", job.attributes().get("seconds"), "the clip is as long as the driving video");
    assertEquals("12", job.attributes().get("inputSeconds"));
  }

  @Test
  void localMediaAreUploadedFirstAndSentAsTheReturnedUrl() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    server.enqueue(json(200, "{\"code\":200,\"message\":\"success\",\"data\":{\"type\":\"image\","
        + "\"download_url\":\"https://d1q70pf5vjeyhc.cloudfront.net/media/images/start.png\",\"filename\":\"image.png\",\"size\":12}}"));
    server.enqueue(json(200, created("alibaba/wan-2.5/image-to-video")));
    Request r = Request.builder(Task.IMAGE_TO_VIDEO).model("wan-2.5").prompt("x").image(Media.bytes(png, "image/png")).build();
    assertTrue(await(provider.submit(call(provider, r))).job().isPresent());

    RecordedRequest upload = server.takeRequest();
    assertEquals("/api/v3/media/upload/binary", upload.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, upload.getHeaders().get("Authorization"));
    assertTrue(upload.getHeaders().get("Content-Type").startsWith("multipart/form-data"));
    String form = upload.getBody().utf8();
    assertTrue(form.contains("name=\"file\"; filename=\"file.png\""), form);
    RecordedRequest task = server.takeRequest();
    assertEquals("/api/v3/alibaba/wan-2.5/image-to-video", task.getUrl().encodedPath());
    assertEquals("https://d1q70pf5vjeyhc.cloudfront.net/media/images/start.png", json(task).get("image"));
  }

  @Test
  void providerOptionsAreMergedLastAndTheWebhookGoesInTheQuery() throws Exception {
    Request r = Request.builder(Task.TEXT_TO_VIDEO).model("wan-2.6").prompt("x")
        .providerOptions("wavespeed", Map.of("webhook", "https://hooks.example.com/wavespeed", "shot_type", "multi",
            "enable_prompt_expansion", true, "size", "720*1280"))
        .build();
    RecordedRequest post = submit(r, "alibaba/wan-2.6/text-to-video");
    assertEquals("https://hooks.example.com/wavespeed", post.getUrl().queryParameter("webhook"));
    Map<String, Object> body = json(post);
    assertEquals("720*1280", body.get("size"), "an option overrides the mapped field");
    assertEquals("multi", body.get("shot_type"));
    assertEquals(true, body.get("enable_prompt_expansion"));
    assertFalse(body.containsKey("webhook"), "the webhook is a query parameter, not a body field");
  }

  @Test
  void theBuildersWebhookIsRegisteredOnEveryTask() throws Exception {
    provider = WaveSpeedProvider.builder().webhookUrl("https://hooks.example.com/ws?tenant=7")
        .build(Fixtures.context(server));
    RecordedRequest post = submit(Request.builder(Task.TEXT_TO_VIDEO).model("wan-2.6").prompt("x").build(),
        "alibaba/wan-2.6/text-to-video");
    assertEquals("https://hooks.example.com/ws?tenant=7", post.getUrl().queryParameter("webhook"));
  }

  @Test
  void animateWithoutAVideoIsInvalid() {
    // Unigen's own validation stops this earlier; called directly, the provider reports it too.
    Request r = Request.builder(Task.VIDEO_TO_VIDEO).model("wan-2.2-animate").prompt("x")
        .image(Media.url("https://example.com/c.png")).build();
    InvalidRequestException e = TestCalls.failure(InvalidRequestException.class,
        () -> provider.submit(call(provider, r)));
    assertTrue(e.getMessage().contains("driving video"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void theJobRefHoldsEverythingToResumeAndNoKey() throws Exception {
    server.enqueue(json(200, created("alibaba/wan-2.6/text-to-video")));
    JobRef job = await(provider.submit(call(provider, Request.builder(Task.TEXT_TO_VIDEO).model("wan-2.6").prompt("x")
        .resolution("1080p").duration(Duration.ofSeconds(10)).build()))).job().orElseThrow();
    assertEquals("wavespeed", job.provider());
    assertEquals(TASK, job.id());
    assertEquals(server.url("/api/v3/predictions/" + TASK + "/result").toString(), job.pollUrl().get(),
        "urls.get rebuilt on the configured base URL");
    assertTrue(job.cancelUrl().isEmpty(), "WaveSpeed documents no cancel");
    assertEquals("/api/v3/predictions/" + TASK + "/result", job.attributes().get("resultPath"));
    assertEquals(Map.of("endpoint", "alibaba/wan-2.6/text-to-video", "resultPath", "/api/v3/predictions/" + TASK + "/result",
        "output", "video", "seconds", "10", "resolution", "1080p", "audio", "true", "width", "1920", "height", "1080"),
        job.attributes());
    assertTrue(job.attributes().values().stream().noneMatch(v -> v.contains("test-key-")));
  }

  /** A model this module has no mapping for (here one a user added) gets the common fields and its options. */
  @Test
  void anOfferForAnotherModelGetsTheCommonFieldsAndItsOptions() throws Exception {
    dev.unigen.catalog.Offer flux = dev.unigen.catalog.Offer.builder("wavespeed", "flux-dev-ultra-fast")
        .endpoint("wavespeed-ai/flux-dev-ultra-fast")
        .tasks(Task.TEXT_TO_IMAGE).provenance(java.time.LocalDate.of(2026, 11, 23), "test").build();
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-dev-ultra-fast").prompt("a cat in space").seed(5)
        .providerOptions("wavespeed", Map.of("size", "1024*1024")).build();
    server.enqueue(json(200, created("wavespeed-ai/flux-dev-ultra-fast")));
    JobRef job = await(provider.submit(new dev.unigen.spi.ProviderCall("c2", r, flux, null, Duration.ofSeconds(5))))
        .job().orElseThrow();
    RecordedRequest post = server.takeRequest();
    assertEquals("/api/v3/wavespeed-ai/flux-dev-ultra-fast", post.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a cat in space", "seed", n(5), "size", "1024*1024"), json(post));
    assertEquals("image", job.attributes().get("output"));
  }
}
