package dev.unigen.provider.replicate;

import static dev.unigen.provider.replicate.Fixtures.ID;
import static dev.unigen.provider.replicate.Fixtures.KEY;
import static dev.unigen.provider.replicate.Fixtures.pending;
import static dev.unigen.provider.replicate.Fixtures.succeeded;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestCalls.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** What goes over the wire for each model: path, headers and every input field, mapped explicitly per model. */
class ReplicateRequestTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final ReplicateProvider provider = Fixtures.provider(server);

  private static Map<String, Object> input(RecordedRequest r) {
    return Json.object(TestRequests.json(r), "input");
  }

  /** Submits {@code r}, answered by a still-starting prediction, and returns what was sent. */
  private RecordedRequest sent(Request r, String model) throws Exception {
    server.enqueue(json(201, pending(ID, model, "starting", "{}")));
    submit(provider, r);
    return server.takeRequest();
  }

  @Test
  void anOfficialModelIsCreatedByNameWithPreferWait() throws Exception {
    server.enqueue(json(201, succeeded(ID, "black-forest-labs/flux-schnell",
        "{\"prompt\":\"a red bicycle\",\"aspect_ratio\":\"16:9\",\"num_outputs\":2,\"seed\":42,\"output_format\":\"png\"}",
        "[\"https://replicate.delivery/xezq/a/out-0.png\",\"https://replicate.delivery/xezq/b/out-1.png\"]", "0.9")));
    Submission s = submit(provider, Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("a red bicycle")
        .aspectRatio("16:9").count(2).seed(42).outputFormat("png").build());
    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/v1/models/black-forest-labs/flux-schnell/predictions", r.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
    assertEquals("wait=60", r.getHeaders().get("Prefer"));
    assertNull(r.getHeaders().get("Cancel-After"));
    assertTrue(r.getHeaders().get("Content-Type").startsWith("application/json"));
    Map<String, Object> body = TestRequests.json(r);
    assertFalse(body.containsKey("version"), "an official model is addressed by the path");
    assertFalse(body.containsKey("webhook"));
    assertEquals(Map.of("prompt", "a red bicycle", "aspect_ratio", "16:9", "num_outputs", new BigDecimal("2"),
        "seed", new BigDecimal("42"), "output_format", "png"), Json.object(body, "input"));
    ProviderOutput out = s.output().get();
    assertEquals(2, out.assets().size());
    assertEquals("image/png", out.assets().get(0).mediaType());
    assertEquals(1344, out.assets().get(0).width().getAsInt()); // 16:9 at 1 MP in cog-flux
    assertEquals(768, out.assets().get(0).height().getAsInt());
    assertEquals(42L, out.assets().get(1).seed().getAsLong());
    assertEquals(2, out.usage().count());
    assertEquals(0, new BigDecimal("0.9").compareTo(out.usage().computeSeconds().get()));
    assertEquals(ID, out.providerRequestId().get());
  }

  @Test
  void aSizeBecomesTheAspectRatioAndMegapixelsThatMakeIt() throws Exception {
    RecordedRequest r = sent(Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").size(672, 384).build(),
        "black-forest-labs/flux-schnell");
    assertEquals("16:9", input(r).get("aspect_ratio"));
    assertEquals("0.25", input(r).get("megapixels"));
    assertEquals(new BigDecimal("1"), input(r).get("num_outputs"));
  }

  @Test
  void fluxDevImageToImageSendsTheImageAndPromptStrength() throws Exception {
    RecordedRequest r = sent(Request.builder(Task.IMAGE_TO_IMAGE).model("flux-dev").prompt("watercolour")
        .image(Media.url("https://example.com/in.jpg")).strength(new BigDecimal("0.6")).steps(30)
        .guidance(new BigDecimal("3.5")).build(), "black-forest-labs/flux-dev");
    assertEquals("/v1/models/black-forest-labs/flux-dev/predictions", r.getUrl().encodedPath());
    Map<String, Object> in = input(r);
    assertEquals("https://example.com/in.jpg", in.get("image"));
    assertEquals(new BigDecimal("0.6"), in.get("prompt_strength"));
    assertEquals(new BigDecimal("30"), in.get("num_inference_steps"));
    assertEquals(new BigDecimal("3.5"), in.get("guidance"));
  }

  @Test
  void fluxProTakesACustomSize() throws Exception {
    RecordedRequest r = sent(Request.builder(Task.TEXT_TO_IMAGE).model("flux-pro").prompt("x").size(1440, 800)
        .guidance(new BigDecimal("2.5")).build(), "black-forest-labs/flux-pro");
    assertEquals("/v1/models/black-forest-labs/flux-pro/predictions", r.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "x", "aspect_ratio", "custom", "width", new BigDecimal("1440"),
        "height", new BigDecimal("800"), "guidance", new BigDecimal("2.5")), input(r));
  }

  @Test
  void fieldsAModelLacksAreDroppedWithAWarning() throws Exception {
    server.enqueue(json(201, succeeded(ID, "black-forest-labs/flux-1.1-pro", "{\"prompt\":\"x\"}",
        "\"https://replicate.delivery/xezq/a/output.webp\"", null)));
    Submission s = submit(provider, Request.builder(Task.TEXT_TO_IMAGE).model("flux-pro-1.1").prompt("x")
        .negativePrompt("blur").steps(40).guidance(BigDecimal.ONE).build());
    Map<String, Object> in = input(server.takeRequest());
    assertEquals(Map.of("prompt", "x"), in);
    List<String> w = s.output().get().warnings();
    assertTrue(w.contains("replicate: black-forest-labs/flux-1.1-pro has no negative prompt input; it was not sent"), w.toString());
    assertTrue(w.contains("replicate: black-forest-labs/flux-1.1-pro has no steps input; it was not sent"), w.toString());
    assertTrue(w.contains("replicate: black-forest-labs/flux-1.1-pro has no guidance input; it was not sent"), w.toString());
    // A single output string is one asset.
    assertEquals(1, s.output().get().assets().size());
    assertEquals("image/webp", s.output().get().assets().get(0).mediaType());
  }

  @Test
  void theControlNetModelIsRunByVersion() throws Exception {
    Request req = Request.builder(Task.TEXT_TO_IMAGE).model("sd-1.5-controlnet-openpose").prompt("a dancer on stage")
        .controlNet(ControlNet.of(ControlNet.Kind.OPENPOSE, Media.url("https://example.com/person.jpg")))
        .count(4).steps(20).guidance(new BigDecimal("9")).negativePrompt("lowres").seed(7).build();
    RecordedRequest r = sent(req, "jagilley/controlnet-pose");
    assertEquals("/v1/predictions", r.getUrl().encodedPath());
    assertEquals("wait=60", r.getHeaders().get("Prefer"));
    Map<String, Object> body = TestRequests.json(r);
    assertEquals("0304f7f774ba7341ef754231f794b1ba3d129e3c46af3022241325ae0c50fb99", body.get("version"));
    assertEquals(Map.of("image", "https://example.com/person.jpg", "prompt", "a dancer on stage", "num_samples", "4",
        "ddim_steps", new BigDecimal("20"), "scale", new BigDecimal("9"), "n_prompt", "lowres", "seed", new BigDecimal("7")),
        Json.object(body, "input"));
  }

  @Test
  void theControlNetModelMakesOneOrFourImagesOnly() {
    Request req = Request.builder(Task.TEXT_TO_IMAGE).model("sd-1.5-controlnet-openpose").prompt("x")
        .controlNet(ControlNet.of(ControlNet.Kind.OPENPOSE, Media.url("https://example.com/p.jpg"))).count(3).build();
    ProviderFailureException e = TestCalls.failure(ProviderFailureException.class, provider, req);
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("makes 1 or 4 images, not 3"), e.getMessage());
    assertEquals(0, server.getRequestCount(), "refused before any call");
  }

  @Test
  void theControlNetsPoseMapIsNotAResult() throws Exception {
    server.enqueue(json(201, succeeded(ID, "jagilley/controlnet-pose", "{\"prompt\":\"x\",\"num_samples\":\"1\"}",
        "[\"https://replicate.delivery/pbxt/map/output_0.png\",\"https://replicate.delivery/pbxt/img/output_1.png\"]", "3.804")));
    ProviderOutput out = submit(provider, Request.builder(Task.TEXT_TO_IMAGE).model("sd-1.5-controlnet-openpose").prompt("x")
        .controlNet(ControlNet.of(ControlNet.Kind.OPENPOSE, Media.url("https://example.com/p.jpg"))).build()).output().get();
    assertEquals(1, out.assets().size());
    assertEquals("https://replicate.delivery/pbxt/img/output_1.png", out.assets().get(0).url().get());
    assertEquals(1, out.usage().count());
    assertEquals(0, new BigDecimal("3.804").compareTo(out.usage().computeSeconds().get()));
  }

  @Test
  void sd35TakesAnAspectRatioSoASizeIsSentAsTheNearestWithAWarning() throws Exception {
    server.enqueue(json(201, pending(ID, "stability-ai/stable-diffusion-3.5-large", "starting", "{}")));
    Submission s = submit(provider, Request.builder(Task.IMAGE_TO_IMAGE).model("sd-3.5-large").prompt("x").size(1344, 768)
        .image(Media.url("https://example.com/in.png")).strength(new BigDecimal("0.7")).guidance(new BigDecimal("4.5")).build());
    RecordedRequest r = server.takeRequest();
    assertEquals("/v1/models/stability-ai/stable-diffusion-3.5-large/predictions", r.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "x", "aspect_ratio", "16:9", "image", "https://example.com/in.png",
        "prompt_strength", new BigDecimal("0.7"), "cfg", new BigDecimal("4.5")), input(r));
    String warnings = s.job().get().attributes().get(ReplicateProvider.ATTR_WARNINGS);
    assertTrue(warnings.contains("1344x768 was sent as 16:9 and the model chooses the pixels"), warnings);
  }

  @Test
  void ideogramInpaintsWithImageAndMaskAndAResolution() throws Exception {
    RecordedRequest r = sent(Request.builder(Task.INPAINT).model("ideogram-v3").prompt("a hat").size(1024, 1024)
        .image(Media.url("https://example.com/a.png")).mask(Media.url("https://example.com/m.png")).seed(9).build(),
        "ideogram-ai/ideogram-v3-balanced");
    assertEquals("/v1/models/ideogram-ai/ideogram-v3-balanced/predictions", r.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a hat", "resolution", "1024x1024", "image", "https://example.com/a.png",
        "mask", "https://example.com/m.png", "seed", new BigDecimal("9")), input(r));
  }

  @Test
  void ideogramSeedsAbove31BitsNeverReachTheWire() {
    TestCalls.failure(dev.unigen.InvalidRequestException.class, provider,
        Request.builder(Task.TEXT_TO_IMAGE).model("ideogram-v3").prompt("x").seed(1L << 40).build());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void recraftGetsASizeForAnAspectRatioAndOptionsPassThrough() throws Exception {
    RecordedRequest r = sent(Request.builder(Task.TEXT_TO_IMAGE).model("recraft-v3").prompt("a logo").aspectRatio("16:9")
        .providerOptions("replicate", Map.of("style", "digital_illustration")).build(), "recraft-ai/recraft-v3");
    assertEquals(Map.of("prompt", "a logo", "size", "1820x1024", "style", "digital_illustration"), input(r));
  }

  @Test
  void videoModelsAreNotWaitedFor() throws Exception {
    RecordedRequest r = sent(Request.builder(Task.IMAGE_TO_VIDEO).model("veo-2").prompt("waves")
        .image(Media.url("https://example.com/beach.jpg")).aspectRatio("9:16").duration(Duration.ofSeconds(7)).seed(3).build(),
        "google/veo-2");
    assertEquals("/v1/models/google/veo-2/predictions", r.getUrl().encodedPath());
    assertNull(r.getHeaders().get("Prefer"), "video is accepted as a job and polled");
    assertEquals(Map.of("prompt", "waves", "image", "https://example.com/beach.jpg", "aspect_ratio", "9:16",
        "duration", new BigDecimal("7"), "seed", new BigDecimal("3")), input(r));
  }

  @Test
  void wanPicksTheModelOfTheResolutionAndSendsFrames() throws Exception {
    RecordedRequest t2v = sent(Request.builder(Task.TEXT_TO_VIDEO).model("wan-2.1").prompt("a fox").resolution("720p")
        .aspectRatio("16:9").steps(30).guidance(new BigDecimal("5")).build(), "wavespeedai/wan-2.1-t2v-720p");
    assertEquals("/v1/models/wavespeedai/wan-2.1-t2v-720p/predictions", t2v.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a fox", "aspect_ratio", "16:9", "num_frames", new BigDecimal("81"),
        "sample_steps", new BigDecimal("30"), "sample_guide_scale", new BigDecimal("5")), input(t2v));
    RecordedRequest i2v = sent(Request.builder(Task.IMAGE_TO_VIDEO).model("wan-2.1").prompt("a fox")
        .image(Media.url("https://example.com/fox.png")).build(), "wavespeedai/wan-2.1-i2v-480p");
    assertEquals("/v1/models/wavespeedai/wan-2.1-i2v-480p/predictions", i2v.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a fox", "image", "https://example.com/fox.png", "num_frames", new BigDecimal("81")), input(i2v));
  }

  @Test
  void klingSendsTheModeOfItsOffer() throws Exception {
    Media start = Media.url("https://example.com/start.png");
    RecordedRequest pro = sent(Request.builder(Task.IMAGE_TO_VIDEO).model("kling-2.1-pro").prompt("walks away").image(start)
        .duration(Duration.ofSeconds(10)).negativePrompt("blur").build(), "kwaivgi/kling-v2.1");
    assertEquals("/v1/models/kwaivgi/kling-v2.1/predictions", pro.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "walks away", "start_image", "https://example.com/start.png", "mode", "pro",
        "duration", new BigDecimal("10"), "negative_prompt", "blur"), input(pro));
    RecordedRequest std = sent(Request.builder(Task.IMAGE_TO_VIDEO).model("kling-2.1-standard").prompt("x").image(start).build(),
        "kwaivgi/kling-v2.1");
    assertEquals("standard", input(std).get("mode"));
    RecordedRequest master = sent(Request.builder(Task.TEXT_TO_VIDEO).model("kling-2.1-master").prompt("x").aspectRatio("1:1").build(),
        "kwaivgi/kling-v2.1-master");
    assertEquals("/v1/models/kwaivgi/kling-v2.1-master/predictions", master.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "x", "aspect_ratio", "1:1"), input(master));
  }

  @Test
  void hailuoTakesFirstFrameDurationAndResolutionButNot10SecondsAt1080p() throws Exception {
    RecordedRequest r = sent(Request.builder(Task.IMAGE_TO_VIDEO).model("hailuo").prompt("x")
        .image(Media.url("https://example.com/f.png")).duration(Duration.ofSeconds(10)).resolution("768p").build(),
        "minimax/hailuo-02");
    assertEquals("/v1/models/minimax/hailuo-02/predictions", r.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "x", "first_frame_image", "https://example.com/f.png", "duration", new BigDecimal("10"),
        "resolution", "768p"), input(r));
    ProviderFailureException e = TestCalls.failure(ProviderFailureException.class, provider,
        Request.builder(Task.TEXT_TO_VIDEO).model("hailuo").prompt("x").duration(Duration.ofSeconds(10)).resolution("1080p").build());
    assertTrue(e.getMessage().contains("10 s only at 768p"), e.getMessage());
  }

  @Test
  void aWebhookAndCancelAfterAreSentWhenConfigured() throws Exception {
    ReplicateProvider p = ReplicateProvider.builder().webhookUrl("https://app.example.com/hooks/replicate")
        .cancelAfter(Duration.ofMinutes(10)).build(Fixtures.context(server));
    server.enqueue(json(201, pending(ID, "google/veo-2", "starting", "{}")));
    submit(p, Request.builder(Task.TEXT_TO_VIDEO).model("veo-2").prompt("x").build());
    RecordedRequest r = server.takeRequest();
    assertEquals("10m", r.getHeaders().get("Cancel-After"));
    Map<String, Object> body = TestRequests.json(r);
    assertEquals("https://app.example.com/hooks/replicate", body.get("webhook"));
    assertEquals(List.of("completed"), body.get("webhook_events_filter"));

    // providerOptions win, and are not copied into the input.
    server.enqueue(json(201, pending(ID, "google/veo-2", "starting", "{}")));
    submit(provider, Request.builder(Task.TEXT_TO_VIDEO).model("veo-2").prompt("x").providerOptions("replicate",
        Map.of("webhook", "https://other.example.com/h", "webhook_events_filter", List.of("start", "completed"),
            "cancel_after", "90s")).build());
    RecordedRequest o = server.takeRequest();
    assertEquals("90s", o.getHeaders().get("Cancel-After"));
    assertEquals("https://other.example.com/h", TestRequests.json(o).get("webhook"));
    assertEquals(List.of("start", "completed"), TestRequests.json(o).get("webhook_events_filter"));
    assertEquals(Map.of("prompt", "x"), input(o));
  }

  @Test
  void badWebhookOptionsAreRefusedBeforeAnyCall() {
    TestCalls.failure(InvalidRequestException.class, provider, Request.builder(Task.TEXT_TO_VIDEO).model("veo-2")
        .prompt("x").providerOptions("replicate", Map.of("webhook", "http://insecure.example.com/h")).build());
    TestCalls.failure(InvalidRequestException.class, provider, Request.builder(Task.TEXT_TO_VIDEO).model("veo-2")
        .prompt("x").providerOptions("replicate", Map.of("webhook", "https://a.example.com/h",
            "webhook_events_filter", List.of("finished"))).build());
    assertThrows(IllegalArgumentException.class, () -> ReplicateProvider.builder().webhookUrl("http://x.example.com"));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void smallLocalImagesGoInlineAndLargeOnesAreUploadedFirst() throws Exception {
    byte[] small = new byte[1000];
    small[0] = (byte) 0x89; small[1] = 'P'; small[2] = 'N'; small[3] = 'G';
    RecordedRequest inline = sent(Request.builder(Task.IMAGE_TO_VIDEO).model("veo-2").prompt("x")
        .image(Media.bytes(small, "image/png")).build(), "google/veo-2");
    assertTrue(((String) input(inline).get("image")).startsWith("data:image/png;base64,iVBORw"));

    byte[] large = new byte[MediaInputs.MAX_DATA_URI_BYTES + 1];
    Arrays.fill(large, (byte) 7);
    server.enqueue(json(201, "{\"id\":\"file_abc\",\"content_type\":\"image/jpeg\",\"size\":262145,"
        + "\"checksums\":{\"sha256\":\"0f\"},\"metadata\":{},\"created_at\":\"2026-11-23T10:00:00Z\","
        + "\"expires_at\":\"2026-11-24T10:00:00Z\",\"urls\":{\"get\":\"https://api.replicate.com/v1/files/file_abc\"}}"));
    RecordedRequest prediction = sent(Request.builder(Task.IMAGE_TO_VIDEO).model("veo-2").prompt("x")
        .image(Media.bytes(large, "image/jpeg")).build(), "google/veo-2");
    // sent() took the first recorded request: the upload.
    RecordedRequest upload = prediction;
    assertEquals("/v1/files", upload.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, upload.getHeaders().get("Authorization"));
    assertTrue(upload.getHeaders().get("Content-Type").startsWith("multipart/form-data"));
    String form = upload.getBody().utf8();
    assertTrue(form.contains("name=\"content\"; filename=\"input.jpeg\""), form.substring(0, 300));
    assertTrue(form.contains("name=\"metadata\""));
    RecordedRequest create = server.takeRequest();
    assertEquals("https://api.replicate.com/v1/files/file_abc", input(create).get("image"));
  }

  @Test
  void aModelOutsideTheMappingIsRefused() {
    dev.unigen.catalog.Offer odd = dev.unigen.catalog.Offer.builder("replicate", "sdxl").endpoint("stability-ai/sdxl")
        .tasks(Task.TEXT_TO_IMAGE).provenance(java.time.LocalDate.of(2026, 11, 23), "test").build();
    dev.unigen.spi.ProviderCall call = new dev.unigen.spi.ProviderCall("c", Request.builder(Task.TEXT_TO_IMAGE).model("sdxl")
        .prompt("x").build(), odd, null, Duration.ofSeconds(60));
    ProviderFailureException e = TestCalls.failure(ProviderFailureException.class, () -> provider.submit(call));
    assertTrue(e.getMessage().contains("no input mapping for Replicate model stability-ai/sdxl"), e.getMessage());
  }
}
