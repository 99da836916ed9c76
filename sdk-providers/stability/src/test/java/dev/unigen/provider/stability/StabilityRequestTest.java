package dev.unigen.provider.stability;

import static dev.unigen.provider.stability.Fixtures.KEY;
import static dev.unigen.provider.stability.Fixtures.imageResponse;
import static dev.unigen.testkit.TestCalls.submit;
import static dev.unigen.testkit.TestMedia.png;
import static dev.unigen.testkit.TestRequests.fields;
import static dev.unigen.testkit.TestRequests.named;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.provider.stability.wire.FormRequest;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes over the wire for each endpoint: path, headers and multipart parts, as the v2beta reference names them. */
class StabilityRequestTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final StabilityProvider provider = Fixtures.provider(server);
  private final byte[] input = png(64, 48);

  private RecordedRequest send(Request request) throws Exception {
    server.enqueue(imageResponse(png(32, 32), "image/png", "SUCCESS", "42"));
    submit(provider, request);
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  private ProviderOutput sendForOutput(Request request) {
    server.enqueue(imageResponse(png(32, 32), "image/png", "SUCCESS", "42"));
    return submit(provider, request).output().orElseThrow();
  }

  private static void assertCommonHeaders(RecordedRequest r, String accept) {
    assertEquals("POST", r.getMethod());
    assertEquals("Bearer " + KEY, r.getHeaders().get("authorization"));
    assertEquals(accept, r.getHeaders().get("accept"));
    assertEquals("unigen", r.getHeaders().get("stability-client-id"));
    assertTrue(r.getHeaders().get("Content-Type").startsWith("multipart/form-data; boundary="), r.getHeaders().get("Content-Type"));
    assertNull(r.getHeaders().get("Idempotency-Key"), "Stability documents no idempotency key");
  }

  @Test
  void ultraTextToImage() throws Exception {
    RecordedRequest r = send(Request.builder(Task.TEXT_TO_IMAGE).model("stable-image-ultra")
        .prompt("a lighthouse at dusk").negativePrompt("fog").aspectRatio("16:9").seed(1234).outputFormat("webp").build());
    assertEquals("/v2beta/stable-image/generate/ultra", r.getUrl().encodedPath());
    assertCommonHeaders(r, "image/*");
    assertEquals(Map.of("prompt", "a lighthouse at dusk", "negative_prompt", "fog", "aspect_ratio", "16:9",
        "seed", "1234", "output_format", "webp"), fields(r));
    assertFalse(named(r).containsKey("image"));
  }

  @Test
  void ultraImageToImageSendsTheImageAndStrength() throws Exception {
    RecordedRequest r = send(Request.builder(Task.IMAGE_TO_IMAGE).model("stable-image-ultra").prompt("as a watercolour")
        .image(Media.bytes(input, "image/png")).strength(new BigDecimal("0.35")).build());
    assertEquals("/v2beta/stable-image/generate/ultra", r.getUrl().encodedPath());
    Map<String, TestRequests.Part> parts = named(r);
    assertArrayEquals(input, parts.get("image").bytes());
    assertEquals("image/png", parts.get("image").contentType().orElseThrow());
    assertEquals("image.png", parts.get("image").fileName().orElseThrow());
    assertEquals(Map.of("prompt", "as a watercolour", "strength", "0.35"), fields(r));
  }

  @Test
  void coreMapsASizeToTheNearestAspectRatioAndSaysSo() throws Exception {
    ProviderOutput out = sendForOutput(Request.builder(Task.TEXT_TO_IMAGE).model("stable-image-core")
        .prompt("a fox").size(1344, 768).build());
    RecordedRequest r = server.takeRequest();
    assertEquals("/v2beta/stable-image/generate/core", r.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a fox", "aspect_ratio", "16:9"), fields(r));
    assertTrue(out.warnings().get(0).contains("1344x768 was sent as 16:9"), out.warnings().toString());

    ProviderOutput exact = sendForOutput(Request.builder(Task.TEXT_TO_IMAGE).model("stable-image-core")
        .prompt("a fox").size(1024, 1024).build());
    assertEquals("1:1", fields(server.takeRequest()).get("aspect_ratio"));
    assertEquals(List.of(), exact.warnings());
  }

  @Test
  void sd3SendsTheModelAsAFormFieldAndTheGuidanceAsCfgScale() throws Exception {
    RecordedRequest r = send(Request.builder(Task.TEXT_TO_IMAGE).model("sd-3.5-large").prompt("a fox")
        .negativePrompt("blur").guidance(new BigDecimal("5.5")).aspectRatio("9:16").outputFormat("jpg").build());
    assertEquals("/v2beta/stable-image/generate/sd3", r.getUrl().encodedPath());
    assertNull(r.getUrl().query(), "the model is a form field, not a query parameter");
    assertEquals(Map.of("model", "sd3.5-large", "prompt", "a fox", "negative_prompt", "blur", "aspect_ratio", "9:16",
        "cfg_scale", "5.5", "output_format", "jpeg"), fields(r));
  }

  @Test
  void sd3ImageToImageSetsTheModeAndADefaultStrength() throws Exception {
    ProviderOutput out = sendForOutput(Request.builder(Task.IMAGE_TO_IMAGE).model("sd-3.5-medium").prompt("at night")
        .image(Media.bytes(input, "image/png")).aspectRatio("1:1").build());
    RecordedRequest r = server.takeRequest();
    assertEquals(Map.of("model", "sd3.5-medium", "prompt", "at night", "mode", "image-to-image", "strength", "0.7"), fields(r));
    assertArrayEquals(input, named(r).get("image").bytes());
    assertTrue(out.warnings().stream().anyMatch(w -> w.contains("image-to-image mode")), out.warnings().toString());
  }

  @Test
  void turboGetsNoNegativePromptAndWebpIsNotAnSd3Format() throws Exception {
    ProviderOutput out = sendForOutput(Request.builder(Task.TEXT_TO_IMAGE).model("sd-3.5-large-turbo").prompt("a fox")
        .negativePrompt("blur").outputFormat("webp").steps(30).build());
    RecordedRequest r = server.takeRequest();
    assertEquals(Map.of("model", "sd3.5-large-turbo", "prompt", "a fox"), fields(r));
    assertEquals(3, out.warnings().size(), out.warnings().toString());
  }

  @Test
  void inpaintSendsImageMaskAndPrompt() throws Exception {
    byte[] mask = png(64, 48);
    RecordedRequest r = send(Request.builder(Task.INPAINT).model("stability-inpaint").prompt("a red door")
        .image(Media.bytes(input, "image/png")).mask(Media.bytes(mask, "image/png")).seed(7)
        .providerOptions("stability", Map.of("grow_mask", new BigDecimal("10"))).build());
    assertEquals("/v2beta/stable-image/edit/inpaint", r.getUrl().encodedPath());
    Map<String, TestRequests.Part> parts = named(r);
    assertEquals(List.of("prompt", "seed", "grow_mask", "image", "mask"), List.copyOf(parts.keySet()));
    assertArrayEquals(input, parts.get("image").bytes());
    assertArrayEquals(mask, parts.get("mask").bytes());
    assertEquals(Map.of("prompt", "a red door", "seed", "7", "grow_mask", "10"), fields(r));
  }

  @Test
  void inpaintWithoutAMaskLeavesItToTheAlphaChannel() throws Exception {
    RecordedRequest r = send(Request.builder(Task.INPAINT).model("stability-inpaint").prompt("a red door")
        .image(Media.bytes(input, "image/png")).build());
    assertFalse(named(r).containsKey("mask"));
  }

  @Test
  void removeBackgroundSendsOnlyTheImage(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("shoe.png");
    Files.write(file, input);
    RecordedRequest r = send(Request.builder(Task.REMOVE_BACKGROUND).model("stability-remove-background")
        .image(Media.file(file)).outputFormat("webp").build());
    assertEquals("/v2beta/stable-image/edit/remove-background", r.getUrl().encodedPath());
    assertEquals(Map.of("output_format", "webp"), fields(r));
    assertEquals("shoe.png", named(r).get("image").fileName().orElseThrow());
    assertArrayEquals(input, named(r).get("image").bytes());
  }

  @Test
  void removeBackgroundDoesNotSendJpeg() throws Exception {
    ProviderOutput out = sendForOutput(Request.builder(Task.REMOVE_BACKGROUND).model("stability-remove-background")
        .image(Media.bytes(input, "image/png")).outputFormat("jpeg").build());
    assertEquals(Map.of(), fields(server.takeRequest()));
    assertTrue(out.warnings().get(0).contains("makes png, webp"), out.warnings().toString());
  }

  @Test
  void sketchSendsTheScribbleGuideAndItsWeight() throws Exception {
    RecordedRequest r = send(Request.builder(Task.TEXT_TO_IMAGE).model("stability-control-sketch").prompt("a castle")
        .controlNet(ControlNet.of(ControlNet.Kind.SCRIBBLE, Media.bytes(input, "image/png"), new BigDecimal("0.6"))).build());
    assertEquals("/v2beta/stable-image/control/sketch", r.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a castle", "control_strength", "0.6"), fields(r));
    assertArrayEquals(input, named(r).get("image").bytes());
  }

  @Test
  void structureSendsTheDepthGuide() throws Exception {
    RecordedRequest r = send(Request.builder(Task.TEXT_TO_IMAGE).model("stability-control-structure").prompt("a statue")
        .controlNet(ControlNet.of(ControlNet.Kind.DEPTH, Media.bytes(input, "image/png"))).negativePrompt("text").build());
    assertEquals("/v2beta/stable-image/control/structure", r.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a statue", "negative_prompt", "text", "control_strength", "1"), fields(r));
  }

  @Test
  void styleSendsTheReferenceAsTheImageAndFidelityFromTheOptions() throws Exception {
    RecordedRequest r = send(Request.builder(Task.MULTI_REFERENCE).model("stability-control-style").prompt("a cat")
        .reference(Media.bytes(input, "image/png")).aspectRatio("3:2")
        .providerOptions("stability", Map.of("fidelity", new BigDecimal("0.8"))).build());
    assertEquals("/v2beta/stable-image/control/style", r.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a cat", "aspect_ratio", "3:2", "fidelity", "0.8"), fields(r));
    assertArrayEquals(input, named(r).get("image").bytes());
  }

  @Test
  void fastUpscaleSendsTheImage() throws Exception {
    RecordedRequest r = send(Request.builder(Task.UPSCALE).model("stability-upscale-fast")
        .image(Media.bytes(input, "image/png")).upscaleFactor(4).build());
    assertEquals("/v2beta/stable-image/upscale/fast", r.getUrl().encodedPath());
    assertCommonHeaders(r, "image/*");
    assertEquals(Map.of(), fields(r));
    assertEquals(List.of("image"), List.copyOf(named(r).keySet()));
  }

  @Test
  void conservativeUpscaleSendsPromptAndCreativity() throws Exception {
    RecordedRequest r = send(Request.builder(Task.UPSCALE).model("stability-upscale-conservative").prompt("a sharp photo")
        .image(Media.bytes(input, "image/png")).providerOptions("stability", Map.of("creativity", new BigDecimal("0.35"))).build());
    assertEquals("/v2beta/stable-image/upscale/conservative", r.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a sharp photo", "creativity", "0.35"), fields(r));
  }

  @Test
  void theLargestSeedTheReferenceAllowsIsSent() throws Exception {
    // the reference: seed is a number from 0 to 4294967294, which the catalog declares
    sendForOutput(Request.builder(Task.TEXT_TO_IMAGE).model("stable-image-core").prompt("x").seed(4_294_967_294L).build());
    assertEquals("4294967294", fields(server.takeRequest()).get("seed"));
  }

  @Test
  void theDefaultBaseUrlIsStabilitys() {
    StabilityProvider p = StabilityProvider.builder().build(Fixtures.context(Map.of("STABILITY_API_KEY", KEY), Clock.systemUTC()));
    assertEquals("StabilityProvider(stability https://api.stability.ai/)", p.toString());
  }

  @Test
  void aUrlInputIsDownloadedWithoutTheKeyThenUploaded() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(input)).build());
    server.enqueue(imageResponse(png(256, 192), "image/png", "SUCCESS", "9"));
    String url = server.url("/inputs/photo.png").toString();
    submit(provider, Request.builder(Task.UPSCALE).model("stability-upscale-fast").image(Media.url(url)).build());
    RecordedRequest download = server.takeRequest();
    assertEquals("GET", download.getMethod());
    assertEquals("/inputs/photo.png", download.getUrl().encodedPath());
    assertNull(download.getHeaders().get("authorization"), "the key never goes to an input's host");
    RecordedRequest upload = server.takeRequest();
    assertEquals("/v2beta/stable-image/upscale/fast", upload.getUrl().encodedPath());
    assertArrayEquals(input, named(upload).get("image").bytes());
    assertEquals("image/png", named(upload).get("image").contentType().orElseThrow());
  }

  @Test
  void aMissingUrlInputIsAnInvalidRequest() {
    server.enqueue(new MockResponse.Builder().code(404).body("gone").build());
    String url = server.url("/inputs/missing.png").toString();
    InvalidRequestException e = TestCalls.failure(InvalidRequestException.class, provider,
        Request.builder(Task.UPSCALE).model("stability-upscale-fast").image(Media.url(url)).build());
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aRequestOverTenMebibytesIsNotSent() {
    byte[] big = new byte[10 * 1024 * 1024 + 1];
    big[0] = (byte) 0x89;
    InvalidRequestException e = TestCalls.failure(InvalidRequestException.class, provider,
        Request.builder(Task.UPSCALE).model("stability-upscale-fast").image(Media.bytes(big, "image/png")).build());
    assertTrue(e.getMessage().contains("10 MiB"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void anOfferThatCannotServeTheRequestSendsNothing() {
    ProviderFailureException noGuide = TestCalls.failure(ProviderFailureException.class, provider,
        Request.builder(Task.TEXT_TO_IMAGE).model("stability-control-sketch").prompt("a castle").build());
    assertTrue(noGuide.getMessage().contains("needs an input image"), noGuide.getMessage());
    assertFalse(noGuide.retryable());
    ProviderFailureException noPrompt = TestCalls.failure(ProviderFailureException.class, provider,
        Request.builder(Task.UPSCALE).model("stability-upscale-creative").image(Media.bytes(input, "image/png")).build());
    assertTrue(noPrompt.getMessage().contains("needs a prompt"), noPrompt.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void anEmptyFormStillGoesAsMultipart() throws Exception {
    FormRequest form = FormRequest.builder("/v2beta/stable-image/edit/remove-background", "image/*").build();
    Buffer b = new Buffer();
    form.body().writeTo(b);
    String body = b.readUtf8();
    assertTrue(body.contains("name=\"none\""), body);
  }

  @Test
  void theEndpointMustBeAPath() {
    StabilityProvider p = provider;
    Request request = Request.builder(Task.TEXT_TO_IMAGE).model("stable-image-core").prompt("x").build();
    dev.unigen.catalog.Offer bad = dev.unigen.catalog.Offer.builder("stability", "stable-image-core")
        .endpoint("stable-image-core").tasks(Task.TEXT_TO_IMAGE).provenance(java.time.LocalDate.of(2026, 11, 23), "test").build();
    ProviderFailureException e = TestCalls.failure(ProviderFailureException.class, () -> p.submit(
        new dev.unigen.spi.ProviderCall("id", request, bad, null, java.time.Duration.ofSeconds(5))));
    assertTrue(e.getMessage().contains("is a path"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }
}
