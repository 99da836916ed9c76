package dev.unigen.provider.bfl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ProviderFailureException;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes over the wire for each endpoint family, checked against BFL's API reference. */
class BflSubmitTest {
  /** The first bytes of a PNG, enough for the media type to be sniffed. */
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d};

  @StartStop private final MockWebServer server = TestServers.started();
  private final BflProvider provider = Fixtures.provider(server);

  private JobRef submit(Request r) {
    server.enqueue(TestCalls.json(200, Fixtures.submitted(Fixtures.TASK, "3.0", "0.0", "1.0")));
    Submission s = TestCalls.await(provider.submit(TestCalls.call(provider, r)));
    assertTrue(s.output().isEmpty(), "BFL always answers with a task to poll");
    return s.job().orElseThrow();
  }

  @Test
  void flux2TextToImagePostsTheDocumentedFieldsWithTheKeyHeader() throws Exception {
    JobRef job = submit(Request.builder(Task.TEXT_TO_IMAGE).model("flux-2-pro").prompt("a red bicycle in the rain")
        .size(1024, 768).seed(42).outputFormat("jpg").build());
    RecordedRequest sent = TestRequests.take(server);
    assertEquals("POST", sent.getMethod());
    assertEquals("/v1/flux-2-pro", sent.getUrl().encodedPath());
    assertEquals(Fixtures.KEY, sent.getHeaders().get("x-key"));
    assertEquals("application/json", sent.getHeaders().get("accept"));
    assertTrue(sent.getHeaders().get("Content-Type").startsWith("application/json"));
    Map<String, Object> body = TestRequests.json(sent);
    assertEquals(Map.of("prompt", "a red bicycle in the rain", "width", new BigDecimal("1024"),
        "height", new BigDecimal("768"), "seed", new BigDecimal("42"), "output_format", "jpeg"), body);

    assertEquals("bfl", job.provider());
    assertEquals(Fixtures.TASK, job.id());
    // The cluster host of polling_url is replaced by the configured (test) base URL; path and query stay.
    assertEquals(server.url("/v1/get_result?id=" + Fixtures.TASK).toString(), job.pollUrl().orElseThrow());
    assertTrue(job.cancelUrl().isEmpty(), "BFL has no cancel endpoint");
    assertEquals("flux-2-pro", job.attributes().get("endpoint"));
    assertEquals("1024", job.attributes().get("width"));
    assertEquals("3.0", job.attributes().get("cost"));
    assertEquals("1.0", job.attributes().get("outputMp"));
    assertFalse(job.attributes().toString().contains(Fixtures.KEY), "no key in the journaled job");
  }

  @Test
  void aTextToImageWithoutSizeSendsTheOfferDefaultSoTheEstimateHolds() throws Exception {
    submit(Request.builder(Task.TEXT_TO_IMAGE).model("flux-2-klein-4b").prompt("x").build());
    Map<String, Object> body = TestRequests.json(TestRequests.take(server));
    assertEquals(new BigDecimal("1024"), body.get("width"));
    assertEquals(new BigDecimal("1024"), body.get("height"));
  }

  @Test
  void theSeedIsSentAsTheNumberItIs() throws Exception {
    submit(Request.builder(Task.TEXT_TO_IMAGE).model("flux-2-pro").prompt("x").seed(2147483647L).build());
    assertTrue(TestRequests.take(server).getBody().utf8().contains("\"seed\":2147483647"));
  }

  @Test
  void multiReferenceSendsTheImageFirstThenEachReferenceLocalOnesAsPlainBase64(@TempDir Path dir) throws Exception {
    Path cat = dir.resolve("cat.png");
    Files.write(cat, PNG);
    JobRef job = submit(Request.builder(Task.MULTI_REFERENCE).model("flux-2-pro")
        .prompt("the cat from image 1 in the room from image 2")
        .image(Media.file(cat))
        .reference(Media.url("https://example.com/room.jpg"))
        .reference(Media.bytes("third".getBytes(StandardCharsets.UTF_8), "image/jpeg").withSize(512, 512))
        .build());
    Map<String, Object> body = TestRequests.json(TestRequests.take(server));
    assertEquals(Base64.getEncoder().encodeToString(PNG), body.get("input_image"), "plain base64, no data: prefix");
    assertEquals("https://example.com/room.jpg", body.get("input_image_2"), "URLs are passed on for BFL to fetch");
    assertEquals(Base64.getEncoder().encodeToString("third".getBytes(StandardCharsets.UTF_8)), body.get("input_image_3"));
    assertFalse(body.containsKey("width"), "an edit without a size lets BFL follow the input image");
    assertFalse(body.containsKey("input_image_4"));
    assertEquals("3", job.attributes().get("inputs"));
    assertEquals("512x512", job.attributes().get("inputSizes"));
  }

  @Test
  void flexSendsStepsAndGuidanceWhileProWarnsThatItTakesNone() throws Exception {
    submit(Request.builder(Task.TEXT_TO_IMAGE).model("flux-2-flex").prompt("poster with the word FLUX")
        .size(1024, 1024).steps(28).guidance(new BigDecimal("4.5"))
        .providerOptions("bfl", Map.of("prompt_upsampling", false, "safety_tolerance", 5)).build());
    Map<String, Object> flex = TestRequests.json(TestRequests.take(server));
    assertEquals(new BigDecimal("28"), flex.get("steps"));
    assertEquals(new BigDecimal("4.5"), flex.get("guidance"));
    assertEquals(Boolean.FALSE, flex.get("prompt_upsampling"));
    assertEquals(new BigDecimal("5"), flex.get("safety_tolerance"));

    JobRef pro = submit(Request.builder(Task.TEXT_TO_IMAGE).model("flux-2-pro").prompt("x").steps(28)
        .negativePrompt("blur").build());
    Map<String, Object> body = TestRequests.json(TestRequests.take(server));
    assertFalse(body.containsKey("steps"));
    assertFalse(body.containsKey("negative_prompt"));
    String warnings = pro.attributes().get("warnings");
    assertTrue(warnings.contains("flux-2-pro takes no steps"), warnings);
    assertTrue(warnings.contains("no negative prompt"), warnings);
  }

  @Test
  void kleinTakesFourInputImagesAndRefusesAFifthSoFailoverMovesOn() throws Exception {
    Request.Builder four = Request.builder(Task.MULTI_REFERENCE).model("flux-2-klein-9b").prompt("x");
    for (int i = 1; i <= 4; i++) four.reference(Media.url("https://example.com/" + i + ".png"));
    submit(four.build());
    Map<String, Object> body = TestRequests.json(TestRequests.take(server));
    assertEquals("https://example.com/4.png", body.get("input_image_4"));

    // An image to edit plus four references is five input images: more than klein takes.
    Request five = four.image(Media.url("https://example.com/0.png")).build();
    Throwable e = TestCalls.failure(provider.submit(TestCalls.call(provider, five)));
    ProviderFailureException f = assertInstanceOf(ProviderFailureException.class, e);
    assertFalse(f.retryable());
    assertTrue(f.getMessage().contains("at most 4 input images"), f.getMessage());
    assertEquals(1, server.getRequestCount(), "nothing was sent for the refused call");
  }

  @Test
  void flux11ProSendsItsDefaultSizeOrOneFittedToAnAspectRatio() throws Exception {
    submit(Request.builder(Task.TEXT_TO_IMAGE).model("flux-pro-1.1").prompt("x").build());
    RecordedRequest sent = TestRequests.take(server);
    assertEquals("/v1/flux-pro-1.1", sent.getUrl().encodedPath());
    Map<String, Object> body = TestRequests.json(sent);
    assertEquals(new BigDecimal("1024"), body.get("width"));
    assertEquals(new BigDecimal("768"), body.get("height"));

    submit(Request.builder(Task.TEXT_TO_IMAGE).model("flux-pro-1.1").prompt("x").aspectRatio("16:9").build());
    body = TestRequests.json(TestRequests.take(server));
    // By hand: the default's area 1024×768 = 786,432 px at 16:9 is 1182.4 × 665.1, rounded to multiples of 32.
    assertEquals(new BigDecimal("1184"), body.get("width"));
    assertEquals(new BigDecimal("672"), body.get("height"));
    assertFalse(body.containsKey("aspect_ratio"));
  }

  @Test
  void ultraSendsAnAspectRatioAndRawModeButNoSize() throws Exception {
    JobRef job = submit(Request.builder(Task.TEXT_TO_IMAGE).model("flux-pro-1.1-ultra").prompt("x")
        .size(2048, 1536).providerOptions("bfl", Map.of("raw", true)).build());
    RecordedRequest sent = TestRequests.take(server);
    assertEquals("/v1/flux-pro-1.1-ultra", sent.getUrl().encodedPath());
    Map<String, Object> body = TestRequests.json(sent);
    assertEquals("4:3", body.get("aspect_ratio"));
    assertEquals(Boolean.TRUE, body.get("raw"));
    assertFalse(body.containsKey("width"));
    assertNull(job.attributes().get("width"), "the output size is BFL's choice, so none is recorded");
    assertTrue(job.attributes().get("warnings").contains("was sent as 4:3"));
  }

  @Test
  void kontextPutsTheImageAndReferencesInItsFourSlotsWithAnAspectRatio() throws Exception {
    submit(Request.builder(Task.MULTI_REFERENCE).model("flux-kontext-max").prompt("x").aspectRatio("21:9")
        .image(Media.url("https://example.com/a.png")).reference(Media.url("https://example.com/b.png"))
        .reference(Media.url("https://example.com/c.png")).build());
    RecordedRequest sent = TestRequests.take(server);
    assertEquals("/v1/flux-kontext-max", sent.getUrl().encodedPath());
    Map<String, Object> body = TestRequests.json(sent);
    assertEquals("https://example.com/a.png", body.get("input_image"));
    assertEquals("https://example.com/b.png", body.get("input_image_2"));
    assertEquals("https://example.com/c.png", body.get("input_image_3"));
    assertEquals("21:9", body.get("aspect_ratio"));
  }

  @Test
  void fillDownloadsAUrlImageAndSendsImageAndMaskAsBase64() throws Exception {
    byte[] photo = "jpeg-bytes".getBytes(StandardCharsets.UTF_8);
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/jpeg")
        .body(new okio.Buffer().write(photo)).build());
    server.enqueue(TestCalls.json(200, Fixtures.submitted(Fixtures.TASK, "5.0", null, null)));
    Request r = Request.builder(Task.INPAINT).model("flux-fill-pro").prompt("a neon sign that says FLUX")
        .image(Media.url(server.url("/inputs/photo.jpg").toString()))
        .mask(Media.bytes(PNG, "image/png")).steps(50).guidance(new BigDecimal("60")).build();
    TestCalls.await(provider.submit(TestCalls.call(provider, r)));

    RecordedRequest download = TestRequests.take(server);
    assertEquals("/inputs/photo.jpg", download.getUrl().encodedPath());
    assertNull(download.getHeaders().get("x-key"), "inputs are fetched without the key");
    RecordedRequest sent = TestRequests.take(server);
    assertEquals("/v1/flux-pro-1.0-fill", sent.getUrl().encodedPath());
    Map<String, Object> body = TestRequests.json(sent);
    assertEquals(Base64.getEncoder().encodeToString(photo), body.get("image"));
    assertEquals(Base64.getEncoder().encodeToString(PNG), body.get("mask"));
    assertEquals("a neon sign that says FLUX", body.get("prompt"));
    assertEquals(new BigDecimal("50"), body.get("steps"));
    assertEquals(new BigDecimal("60"), body.get("guidance"));
    assertFalse(body.containsKey("width"));
  }

  @Test
  void aConfiguredWebhookIsRegisteredWithEverySubmit() throws Exception {
    BflProvider hooked = BflProvider.builder().webhook("https://app.example.com/hooks/bfl", "test-key-whsecret-1234")
        .build(Fixtures.context(server));
    server.enqueue(TestCalls.json(200, Fixtures.submitted(Fixtures.TASK, "3.0", null, null)));
    JobRef job = TestCalls.await(hooked.submit(TestCalls.call(hooked,
        Request.builder(Task.TEXT_TO_IMAGE).model("flux-2-pro").prompt("x").build()))).job().orElseThrow();
    Map<String, Object> body = TestRequests.json(TestRequests.take(server));
    assertEquals("https://app.example.com/hooks/bfl", body.get("webhook_url"));
    assertEquals("test-key-whsecret-1234", body.get("webhook_secret"));
    assertFalse(job.attributes().toString().contains("whsecret"), "the secret is not journaled");
  }

  @Test
  void aProviderOptionWithNoJsonFormIsRefusedBeforeSending() {
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-2-pro").prompt("x")
        .providerOptions("bfl", Map.of("odd", new Object())).build();
    Throwable e = TestCalls.failure(provider.submit(TestCalls.call(provider, r)));
    assertInstanceOf(dev.unigen.InvalidRequestException.class, e);
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void theJsonWriterKeepsDecimalsExact() {
    String json = new String(Json.bytes(
        Map.of("guidance", new BigDecimal("2.50"))), StandardCharsets.UTF_8);
    assertEquals("{\"guidance\":2.50}", json);
    assertEquals(new BigDecimal("2.50"), Json.decimal(Json.object(Json.parse(json)), "guidance").orElseThrow());
  }
}
