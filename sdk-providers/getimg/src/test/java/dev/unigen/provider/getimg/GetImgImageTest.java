package dev.unigen.provider.getimg;

import static dev.unigen.provider.getimg.Fixtures.DELETES_AT;
import static dev.unigen.provider.getimg.Fixtures.IMAGE_ID;
import static dev.unigen.provider.getimg.Fixtures.IMAGE_URL;
import static dev.unigen.provider.getimg.Fixtures.KEY;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.InvalidRequestException;
import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.money.Money;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Synchronous images: the body sent, the output read, the reported cost, the deletion time, and what is refused. */
class GetImgImageTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final GetImgProvider provider = Fixtures.provider(server);

  private ProviderOutput generate(Request r) {
    Submission s = TestCalls.submit(provider, r);
    assertTrue(s.job().isEmpty(), "an image is answered at once");
    return s.output().orElseThrow();
  }

  private <E extends Throwable> E refused(Class<E> type, Request r) {
    return TestCalls.failure(type, provider, r);
  }

  private static Request.Builder seedream(Task task) {
    return Request.builder(task).model("seedream-5-lite");
  }

  @Test
  void aTextToImageIsOnePostAnsweredWithTheImageAndTheCostGetImgReported() throws Exception {
    server.enqueue(json(200, Fixtures.image("0.03", DELETES_AT)));

    ProviderOutput out = generate(Request.builder(Task.TEXT_TO_IMAGE).model("seedream-5-lite")
        .prompt("a watercolor mountain village at dawn").aspectRatio("16:9").resolution("2K").outputFormat("png").build());

    RecordedRequest post = TestRequests.take(server);
    assertEquals("POST", post.getMethod());
    assertEquals("/v2/images/generations", post.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, post.getHeaders().get("Authorization"));
    assertNull(post.getHeaders().get("Idempotency-Key"), "API v2 documents no idempotency key");
    assertEquals(Map.of("model", "seedream-5-lite", "prompt", "a watercolor mountain village at dawn",
        "aspect_ratio", "16:9", "resolution", "2K", "output_format", "png"), TestRequests.json(post));
    Asset image = out.assets().get(0);
    assertEquals(IMAGE_URL, image.url().orElseThrow());
    assertEquals("image/png", image.mediaType());
    assertEquals(2560, image.width().getAsInt());
    assertEquals(1440, image.height().getAsInt());
    assertEquals(List.of(Size.of(2560, 1440)), out.usage().images());
    assertEquals(Money.usd("0.03"), out.usage().reportedCost().orElseThrow());
    assertEquals(IMAGE_ID, out.providerRequestId().orElseThrow());
    assertTrue(out.warnings().contains("GetImg deletes output " + IMAGE_ID + " at " + DELETES_AT + "; save it before then"),
        out.warnings().toString());
  }

  @Test
  void aSizeIsSentAsItsAspectRatioWithAWarning() throws Exception {
    server.enqueue(json(200, Fixtures.image("0.03", DELETES_AT)));

    ProviderOutput out = generate(Request.builder(Task.TEXT_TO_IMAGE).model("seedream-5-lite").prompt("x")
        .size(1920, 1080).build());

    assertEquals("16:9", TestRequests.json(TestRequests.take(server)).get("aspect_ratio"));
    assertTrue(out.warnings().stream().anyMatch(w -> w.contains("1920x1080 was sent as 16:9")), out.warnings().toString());
  }

  @Test
  void anInputImageIsSentAsAPublicUrl() throws Exception {
    server.enqueue(json(200, Fixtures.image("0.035", DELETES_AT)));

    generate(Request.builder(Task.IMAGE_TO_IMAGE).model("seedream-5-lite").prompt("make it winter")
        .image(Media.url("https://example.com/village.jpg")).build());

    assertEquals(List.of(Map.of("url", "https://example.com/village.jpg")), TestRequests.json(TestRequests.take(server)).get("images"));
  }

  @Test
  void whatApiV2HasNoFieldForIsRefusedBeforeAnyCallAndTheRestIsNamedInWarnings() throws Exception {
    byte[] png = TestMedia.png(64, 64);
    ProviderFailureException local = refused(ProviderFailureException.class,
        seedream(Task.IMAGE_TO_IMAGE).prompt("x").image(Media.bytes(png, "image/png")).build());
    ProviderFailureException gif = refused(ProviderFailureException.class,
        seedream(Task.TEXT_TO_IMAGE).prompt("x").outputFormat("gif").build());
    InvalidRequestException noPrompt = refused(InvalidRequestException.class,
        seedream(Task.IMAGE_TO_IMAGE).image(Media.url("https://example.com/a.png")).build());
    assertTrue(local.getMessage().contains("public URLs"), local.getMessage());
    assertTrue(gif.getMessage().contains("not gif"), gif.getMessage());
    assertTrue(noPrompt.getMessage().contains("needs a prompt"), noPrompt.getMessage());
    assertEquals(0, server.getRequestCount());

    server.enqueue(json(200, Fixtures.image("0.03", DELETES_AT)));
    ProviderOutput out = generate(Request.builder(Task.TEXT_TO_IMAGE).model("seedream-5-lite").prompt("x").seed(42)
        .negativePrompt("blur").build());
    Map<String, Object> sent = TestRequests.json(TestRequests.take(server));
    assertFalse(sent.containsKey("seed"));
    assertFalse(sent.containsKey("negative_prompt"));
    assertTrue(out.warnings().contains("GetImg's API v2 takes no seed; not sent"), out.warnings().toString());
    assertTrue(out.warnings().contains("GetImg's API v2 takes no negative prompt; not sent"), out.warnings().toString());
  }

  @Test
  void rawProviderOptionsAreSentButNeverTheModel() throws Exception {
    server.enqueue(json(200, Fixtures.image("0.03", DELETES_AT)));

    generate(Request.builder(Task.TEXT_TO_IMAGE).model("seedream-5-lite").prompt("x")
        .providerOptions("getimg", Map.of("resolution", "4K", "model", "other-model")).build());

    Map<String, Object> sent = TestRequests.json(TestRequests.take(server));
    assertEquals("4K", sent.get("resolution"));
    assertEquals("seedream-5-lite", sent.get("model"));
  }

  @Test
  void anOutputAlreadyDeletedIsNoOutput() {
    server.enqueue(json(200, Fixtures.image("0.03", "2026-12-06T09:59:59Z")));

    NoOutputException e = refused(NoOutputException.class, seedream(Task.TEXT_TO_IMAGE).prompt("x").build());

    assertTrue(e.getMessage().contains("deleted by GetImg at 2026-12-06T09:59:59Z"), e.getMessage());
  }

  @Test
  void aCompletedAnswerWithoutDataIsNoOutputAndOneWithoutUsageSaysSo() {
    server.enqueue(json(200, Fixtures.imageWithoutData()));
    server.enqueue(json(200, "{\"id\":\"" + IMAGE_ID + "\",\"status\":\"completed\",\"model\":\"seedream-5-lite\","
        + "\"data\":[{\"url\":\"" + IMAGE_URL + "\",\"mime_type\":\"image/jpeg\",\"deletes_at\":\"" + DELETES_AT + "\"}]}"));

    refused(NoOutputException.class, seedream(Task.TEXT_TO_IMAGE).prompt("x").build());
    ProviderOutput unbilled = generate(Request.builder(Task.TEXT_TO_IMAGE).model("seedream-5-lite").prompt("x").build());

    assertTrue(unbilled.usage().reportedCost().isEmpty());
    assertTrue(unbilled.warnings().contains("GetImg reported no usage.total_cost for generation " + IMAGE_ID));
  }

  @Test
  void aCutShortAnswerIsAnUnknownOutcomeSentOnce() {
    String whole = Fixtures.image("0.03", DELETES_AT);
    server.enqueue(json(200, whole.substring(0, whole.length() / 2)));

    refused(OutcomeUnknownException.class, seedream(Task.TEXT_TO_IMAGE).prompt("x").build());

    assertEquals(1, server.getRequestCount());
  }
}
