package dev.unigen.provider.google;

import static dev.unigen.provider.google.Fixtures.FLASH;
import static dev.unigen.provider.google.Fixtures.KEY;
import static dev.unigen.provider.google.Fixtures.PRO;
import static dev.unigen.provider.google.Fixtures.RESPONSE_ID;
import static dev.unigen.provider.google.Fixtures.SIGNATURE;
import static dev.unigen.provider.google.Fixtures.imageRequest;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
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
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Gemini images on the wire: the generateContent body, the answers it reads, and what they cost. */
class GeminiImageTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final GoogleProvider p = Fixtures.provider(server);

  @Test
  void aTextToImageRequestIsPostedToGenerateContentWithTheImageConfig() throws Exception {
    server.enqueue(json(200, Fixtures.thinkingImage(Fixtures.png(2752, 1536), Fixtures.png(64, 36))));

    Fixtures.output(p, imageRequest("gemini-3-pro-image").aspectRatio("16:9").resolution("2k").seed(2147483647L).build());

    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/v1beta/models/" + PRO + ":generateContent", r.getUrl().encodedPath());
    assertEquals(KEY, r.getHeaders().get("x-goog-api-key"));
    assertNull(r.getUrl().queryParameter("key"), "the key goes in the header, never in the URL");
    assertEquals("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a lighthouse at dusk\"}]}],"
        + "\"generationConfig\":{\"responseModalities\":[\"IMAGE\"],\"imageConfig\":{\"aspectRatio\":\"16:9\","
        + "\"imageSize\":\"2K\"},\"seed\":2147483647}}", r.getBody().utf8());
  }

  @Test
  void withoutRatioOrTierNothingIsChosenForTheModelAndTheDefaultTierIsPriced() throws Exception {
    server.enqueue(json(200, Fixtures.image("image/png", Fixtures.png(1024, 1024), 1120)));

    ProviderOutput out = Fixtures.output(p, imageRequest(FLASH).build());

    assertEquals(Map.of("responseModalities", List.of("IMAGE")), TestRequests.json(server.takeRequest()).get("generationConfig"));
    // By hand: no imageSize sent, so the API's 1K: $0.067 for one image.
    Charge c = Fixtures.price(p, FLASH).actual(out.usage());
    assertEquals(CostBasis.COMPUTED, c.basis());
    assertEquals(Money.usd("0.067"), c.amount().orElseThrow());
  }

  @Test
  void thoughtPartsAreSkippedTheFinalImageIsSizedFromItsBytesAndTokensAreKeptAs64BitNumbers() {
    String finalImage = Fixtures.png(2752, 1536);
    server.enqueue(json(200, Fixtures.thinkingImage(finalImage, Fixtures.png(64, 36))));

    ProviderOutput out = Fixtures.output(p, imageRequest(PRO).resolution("2K").build());

    assertEquals(1, out.assets().size(), "the interim thought image is not an output");
    Asset a = out.assets().get(0);
    assertEquals("image/png", a.mediaType());
    assertEquals(2752, a.width().getAsInt());
    assertEquals(1536, a.height().getAsInt());
    assertArrayEquals(Base64.getDecoder().decode(finalImage), a.bytes());
    assertEquals("A lighthouse at dusk.", out.text().orElseThrow(), "the thought text is not the output's text");
    assertEquals(RESPONSE_ID, out.providerRequestId().orElseThrow());
    assertEquals(4294967296L, out.usage().textInputTokens());
    assertEquals(5, out.usage().imageInputTokens());
    assertEquals(1120, out.usage().imageOutputTokens());
    assertEquals(6, out.usage().textOutputTokens());
    // By hand: one 2K image of Gemini 3 Pro Image, $0.134.
    assertEquals(Money.usd("0.134"), Fixtures.price(p, PRO).actual(out.usage()).amount().orElseThrow());
  }

  @Test
  void eachTierIsPricedAtItsOwnRate() {
    // By hand, from the catalog: Flash 512 $0.045 and 4K $0.151; Pro 4K $0.24.
    assertEquals(Money.usd("0.045"), estimate(FLASH, "512"));
    assertEquals(Money.usd("0.151"), estimate(FLASH, "4K"));
    assertEquals(Money.usd("0.24"), estimate(PRO, "4k"));
    assertEquals(Money.usd("0.134"), estimate(PRO, "1K"));
  }

  private Money estimate(String model, String resolution) {
    Offer o = p.catalog().offer(GoogleProvider.NAME, model).orElseThrow();
    return o.price().orElseThrow().estimate(imageRequest(model).resolution(resolution).build(),
        o.capabilities().defaultSize().orElseThrow(), java.time.Duration.ofSeconds(5));
  }

  @Test
  void anEditSendsThePromptThenTheImageInline() throws Exception {
    byte[] input = TestMedia.jpeg(640, 480);
    server.enqueue(json(200, Fixtures.image("image/png", Fixtures.png(1184, 864), 1120)));

    Fixtures.output(p, Request.builder(Task.IMAGE_TO_IMAGE).model(FLASH).prompt("make it winter")
        .image(Media.bytes(input, "image/jpeg")).build());

    Map<String, Object> body = TestRequests.json(server.takeRequest());
    List<Object> parts = Json.array(Json.object(Json.array(body, "contents").get(0)), "parts");
    assertEquals(Map.of("text", "make it winter"), parts.get(0));
    assertEquals(Map.of("inlineData", Map.of("mimeType", "image/jpeg", "data", Base64.getEncoder().encodeToString(input))),
        parts.get(1));
  }

  @Test
  void referenceImagesAreInlineDataPartsInOrder() throws Exception {
    byte[] a = TestMedia.png(32, 32);
    byte[] b = TestMedia.jpeg(48, 32);
    server.enqueue(json(200, Fixtures.image("image/png", Fixtures.png(1024, 1024), 1120)));

    ProviderOutput out = Fixtures.output(p, Request.builder(Task.MULTI_REFERENCE).model(PRO).prompt("the cat on the pillow")
        .reference(Media.bytes(a, "image/png")).reference(Media.dataUri("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(b)))
        .build());

    List<Object> parts = Json.array(Json.object(Json.array(TestRequests.json(server.takeRequest()), "contents").get(0)), "parts");
    assertEquals(3, parts.size());
    assertEquals("image/png", Json.string(Json.object(Json.object(parts.get(1)), "inlineData"), "mimeType").orElseThrow());
    assertEquals(Base64.getEncoder().encodeToString(b), Json.string(Json.object(Json.object(parts.get(2)), "inlineData"), "data").orElseThrow());
    assertEquals(2, out.usage().references());
  }

  @Test
  void aFollowUpContinuesTheConversationSendingTheModelTurnBackWithItsSignature() throws Exception {
    String first = Fixtures.png(1024, 1024);
    server.enqueue(json(200, Fixtures.image("image/png", first, 1120)));
    ProviderOutput out = Fixtures.output(p, imageRequest(FLASH).prompt("a blue car").build());
    server.takeRequest();
    server.enqueue(json(200, Fixtures.image("image/png", Fixtures.png(1024, 1024), 1120)));

    Fixtures.output(p, imageRequest(FLASH).prompt("make it a convertible")
        .providerOptions("google", Map.of("continue", out.providerRequestId().orElseThrow())).build());

    List<Object> contents = Json.array(TestRequests.json(server.takeRequest()), "contents");
    assertEquals(3, contents.size());
    assertEquals(Map.of("role", "user", "parts", List.of(Map.of("text", "a blue car"))), contents.get(0));
    Map<String, Object> model = Json.object(contents.get(1));
    assertEquals("model", model.get("role"));
    Map<String, Object> part = Json.object(Json.array(model, "parts").get(0));
    assertEquals(SIGNATURE, part.get("thoughtSignature"), "the signature goes back as it came");
    assertEquals(first, Json.string(Json.object(part, "inlineData"), "data").orElseThrow());
    assertEquals(Map.of("role", "user", "parts", List.of(Map.of("text", "make it a convertible"))), contents.get(2));
  }

  @Test
  void ownHistoryIsSentBeforeTheNewTurnAndOtherOptionsAreMergedIntoTheBody() throws Exception {
    server.enqueue(json(200, Fixtures.image("image/png", Fixtures.png(1024, 1024), 1120)));
    Map<String, Object> earlier = Map.of("role", "user", "parts", List.of(Map.of("text", "draw in pencil")));

    Fixtures.output(p, imageRequest(FLASH).resolution("1K").providerOptions("google", Map.of("history", List.of(earlier),
        "generationConfig", Map.of("imageConfig", Map.of("aspectRatio", "4:5"))))
        .build());

    Map<String, Object> body = TestRequests.json(server.takeRequest());
    assertEquals(earlier, Json.array(body, "contents").get(0));
    assertEquals(Map.of("aspectRatio", "4:5", "imageSize", "1K"), Json.object(Json.object(body, "generationConfig"), "imageConfig"));
    assertFalse(body.containsKey("history"), "history is Unigen's option, not a field of the API");
  }

  @Test
  void anUnknownConversationIsRefusedBeforeTheWire() {
    Throwable e = Fixtures.failure(p, imageRequest(FLASH).providerOptions("google", Map.of("continue", "no-such-response")).build());

    assertInstanceOf(InvalidRequestException.class, e);
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aSizeIsSentAsItsRatioWithAWarning() throws Exception {
    server.enqueue(json(200, Fixtures.image("image/png", Fixtures.png(1376, 768), 1120)));

    ProviderOutput out = Fixtures.output(p, imageRequest(FLASH).size(1920, 1080).build());

    assertEquals(Map.of("aspectRatio", "16:9"), Json.object(Json.object(TestRequests.json(server.takeRequest()), "generationConfig"), "imageConfig"));
    assertTrue(out.warnings().stream().anyMatch(w -> w.contains("16:9")), out.warnings().toString());
    assertEquals(1376, out.assets().get(0).width().getAsInt(), "the size made, not the size asked");
  }

  @Test
  void aSizeOfARatioTheModelDoesNotMakeIsRefusedBeforeTheWire() {
    Throwable e = Fixtures.failure(p, imageRequest(PRO).size(1000, 700).build());

    assertInstanceOf(InvalidRequestException.class, e);
    assertTrue(e.getMessage().contains("10:7"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void anImageGivenAsAUrlOrAMaskIsRefusedBeforeTheWire() {
    Throwable url = Fixtures.failure(p, Request.builder(Task.IMAGE_TO_IMAGE).model(FLASH).prompt("x")
        .image(Media.url("https://example.com/a.png")).build());
    Throwable mask = Fixtures.failure(p, Request.builder(Task.IMAGE_TO_IMAGE).model(FLASH).prompt("x")
        .image(Media.bytes(TestMedia.png(8, 8), "image/png")).mask(Media.bytes(TestMedia.mask(8, 8), "image/png")).build());

    assertFalse(assertInstanceOf(ProviderFailureException.class, url).retryable());
    assertFalse(assertInstanceOf(ProviderFailureException.class, mask).retryable());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void noImageWithNoImageOrImageSafetyIsAModerationErrorNotASuccess() {
    for (String reason : List.of("NO_IMAGE", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "PROHIBITED_CONTENT")) {
      server.enqueue(json(200, Fixtures.noImage(reason)));

      Throwable e = Fixtures.failure(p, imageRequest(FLASH).build());

      assertInstanceOf(ContentModeratedException.class, e, reason);
      assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
  }

  @Test
  void aBlockedPromptIsAModerationError() {
    server.enqueue(json(200, Fixtures.blocked("PROHIBITED_CONTENT")));

    Throwable e = Fixtures.failure(p, imageRequest(FLASH).build());

    assertInstanceOf(ContentModeratedException.class, e);
    assertTrue(e.getMessage().contains("PROHIBITED_CONTENT"), e.getMessage());
  }

  @Test
  void anAnswerInWordsOnlyIsNoOutput() {
    server.enqueue(json(200, Fixtures.textOnly("I can describe a lighthouse, but here is no image.")));

    Throwable e = Fixtures.failure(p, imageRequest(FLASH).build());

    assertInstanceOf(NoOutputException.class, e);
    assertFalse(e instanceof ContentModeratedException);
  }

  @Test
  void unsupportedParametersAreNamedInWarningsAndNotSent() throws Exception {
    server.enqueue(json(200, Fixtures.image("image/png", Fixtures.png(1024, 1024), 1120)));

    ProviderOutput out = Fixtures.output(p, imageRequest(FLASH).negativePrompt("fog").steps(30).guidance(new BigDecimal("7.5")).build());

    String sent = server.takeRequest().getBody().utf8();
    assertFalse(sent.contains("fog") || sent.contains("30") || sent.contains("7.5"), sent);
    assertEquals(3, out.warnings().size(), out.warnings().toString());
  }
}
