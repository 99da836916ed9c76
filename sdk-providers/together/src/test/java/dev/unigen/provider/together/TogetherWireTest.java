package dev.unigen.provider.together;

import static dev.unigen.provider.together.Fixtures.KEY;
import static dev.unigen.provider.together.Fixtures.b64;
import static dev.unigen.provider.together.Fixtures.b64Response;
import static dev.unigen.provider.together.Fixtures.urlResponse;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.InsufficientCreditException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Lora;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestContext;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** What goes over the wire to /v1/images/generations and how the answer becomes assets and usage. */
class TogetherWireTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final TogetherProvider provider = Fixtures.provider(server);

  private static Request.Builder image(String model, String prompt) {
    return Request.builder(Task.TEXT_TO_IMAGE).model(model).prompt(prompt);
  }

  private Map<String, Object> sentBody() throws InterruptedException {
    return Json.object(Json.parse(server.takeRequest().getBody().utf8()));
  }

  private Charge priced(String model, ProviderOutput out) {
    return provider.catalog().offer("together", model).get().price().get().actual(out.usage());
  }

  @Test
  void textToImageSendsTheDocumentedFieldsAndReadsBase64() throws Exception {
    byte[] png = TestMedia.png(1024, 768);
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-schnell", png)));

    ProviderOutput out = Fixtures.submit(provider, image("flux-schnell", "a red bicycle").size(1024, 768).seed(42)
        .negativePrompt("blurry").guidance(new BigDecimal("3.5")).build()).output().get();

    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/v1/images/generations", r.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
    assertEquals("application/json", r.getHeaders().get("Accept"));
    assertTrue(r.getHeaders().get("Content-Type").startsWith("application/json"), r.getHeaders().get("Content-Type"));
    assertEquals("{\"model\":\"black-forest-labs/FLUX.1-schnell\",\"prompt\":\"a red bicycle\",\"width\":1024,\"height\":768,"
        + "\"steps\":4,\"n\":1,\"seed\":42,\"negative_prompt\":\"blurry\",\"guidance_scale\":3.5,\"response_format\":\"base64\"}",
        r.getBody().utf8());

    assertEquals(1, out.assets().size());
    Asset a = out.assets().get(0);
    assertArrayEquals(png, a.bytes());
    assertEquals("image/png", a.mediaType());
    assertEquals(1024, a.width().getAsInt());
    assertEquals(768, a.height().getAsInt());
    assertEquals(42L, a.seed().getAsLong());
    assertTrue(a.url().isEmpty());
    assertEquals(List.of(Size.of(1024, 768)), out.usage().images());
    assertEquals(4, out.usage().steps().getAsInt());
    assertEquals("oHpD53L-2kFHot-998e0de9fe14d8a1-SEA", out.providerRequestId().get());
    assertEquals(List.of(), out.warnings());
    // 1024 x 768 = 786,432 px = 0.786432 MP x $0.0027 = $0.0021233664, computed (Together reports no cost)
    Charge charge = priced("flux-schnell", out);
    assertEquals(CostBasis.COMPUTED, charge.basis());
    assertEquals(Money.usd("0.0021233664"), charge.amount().get());
  }

  @Test
  void urlAnswersKeepTheLinkAndTakeTheSizeFromTheRequest() throws Exception {
    TogetherProvider urls = TogetherProvider.builder().responseFormat("url").build(TestContext.of(Fixtures.env(server)));
    server.enqueue(json(200, urlResponse("black-forest-labs/FLUX.1.1-pro",
        "https://api.together.ai/shrt/DlPGiYpJzmoyxNN4", "https://api.together.ai/shrt/Q7hN2Xc0pHsWbQeR")));

    ProviderOutput out = Fixtures.submit(urls, image("flux-pro-1.1", "a lighthouse").size(1440, 816).count(2).build())
        .output().get();

    Map<String, Object> body = sentBody();
    assertEquals("url", body.get("response_format"));
    assertEquals(0, new BigDecimal(2).compareTo((BigDecimal) body.get("n")));
    assertFalse(body.containsKey("steps"), "pro models are not step-priced: no default steps sent");
    assertEquals(2, out.assets().size());
    Asset first = out.assets().get(0);
    assertEquals("https://api.together.ai/shrt/DlPGiYpJzmoyxNN4", first.url().get());
    assertFalse(first.hasBytes());
    assertEquals("image/jpeg", first.mediaType(), "Together's default output format");
    assertEquals(1440, first.width().getAsInt());
    assertTrue(first.seed().isEmpty());
    // 1440 x 816 = 1,175,040 px = 1.17504 MP x $0.04 = $0.0470016 per image, x 2 = $0.0940032
    assertEquals(Money.usd("0.0940032"), priced("flux-pro-1.1", out).amount().get());
  }

  @Test
  void theDocsExampleShapeWithoutTypeReadsTheRealSizeFromTheImage() throws Exception {
    byte[] jpeg = TestMedia.jpeg(640, 480);
    server.enqueue(json(200, "{\"id\":\"oHpD53L-2kFHot-998e0de9fe14d8a1-SEA\",\"model\":\"black-forest-labs/FLUX.1-schnell\","
        + "\"data\":[{\"b64_json\":\"" + b64(jpeg) + "\"}]}"));

    ProviderOutput out = Fixtures.submit(provider, image("flux-schnell", "a cat in outer space").build()).output().get();

    Map<String, Object> body = sentBody();
    assertFalse(body.containsKey("width"), "no size asked: Together's default applies");
    Asset a = out.assets().get(0);
    assertEquals("image/jpeg", a.mediaType());
    assertEquals(List.of(Size.of(640, 480)), out.usage().images());
    assertEquals(List.of(), out.warnings());
  }

  @Test
  void aKontextEditSendsImageUrlAndTheDocumentedAspectRatio() throws Exception {
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-kontext-pro", TestMedia.png(1344, 768))));

    ProviderOutput out = Fixtures.submit(provider, Request.builder(Task.IMAGE_TO_IMAGE).model("flux-kontext-pro")
        .prompt("make his shirt yellow").image(Media.url("https://github.com/nutlope.png")).aspectRatio("16:9")
        .strength(new BigDecimal("0.6")).build()).output().get();

    Map<String, Object> body = sentBody();
    assertEquals("black-forest-labs/FLUX.1-kontext-pro", body.get("model"));
    assertEquals("https://github.com/nutlope.png", body.get("image_url"));
    assertEquals("16:9", body.get("aspect_ratio"));
    assertFalse(body.containsKey("width"));
    assertFalse(body.containsKey("height"));
    assertEquals(0, new BigDecimal(28).compareTo((BigDecimal) body.get("steps")));
    assertFalse(body.containsKey("strength"));
    assertEquals(List.of(Size.of(1344, 768)), out.usage().images());
    assertEquals(List.of("Together has no strength parameter; the strength was not sent"), out.warnings());
  }

  @Test
  void localMediaGoesInlineAsADataUri() throws Exception {
    byte[] input = TestMedia.png(32, 32);
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-kontext-dev", TestMedia.png(64, 64))));

    Fixtures.submit(provider, Request.builder(Task.IMAGE_TO_IMAGE).model("flux-kontext-dev").prompt("add a hat")
        .image(Media.bytes(input, "image/png")).build());

    String imageUrl = (String) sentBody().get("image_url");
    assertTrue(imageUrl.startsWith("data:image/png;base64,"), imageUrl.substring(0, 30));
    assertArrayEquals(input, DataUri.parse(imageUrl).bytes());
  }

  @Test
  void modelsThatTakeWidthAndHeightGetTheRatioAsPixels() throws Exception {
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-dev", TestMedia.png(1344, 768))));
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-dev", TestMedia.png(1568, 672))));

    Fixtures.submit(provider, image("flux-dev", "a harbour").aspectRatio("16:9").build());
    Map<String, Object> documented = sentBody();
    assertEquals(0, new BigDecimal(1344).compareTo((BigDecimal) documented.get("width")));
    assertEquals(0, new BigDecimal(768).compareTo((BigDecimal) documented.get("height")));
    assertEquals(0, new BigDecimal(28).compareTo((BigDecimal) documented.get("steps")));
    assertFalse(documented.containsKey("aspect_ratio"));

    Fixtures.submit(provider, image("flux-dev", "a harbour").aspectRatio("21:9").build());
    Map<String, Object> computed = sentBody();
    // about one megapixel in multiples of 16: sqrt(2^20 x 21/9) = 1564.2 -> 1568, sqrt(2^20 x 9/21) = 670.4 -> 672
    assertEquals(0, new BigDecimal(1568).compareTo((BigDecimal) computed.get("width")));
    assertEquals(0, new BigDecimal(672).compareTo((BigDecimal) computed.get("height")));
  }

  @Test
  void stepsAboveTheDefaultAreSentAndWarnedAbout() throws Exception {
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-dev", TestMedia.png(1024, 1024))));

    ProviderOutput out = Fixtures.submit(provider, image("flux-dev", "a fox").size(1024, 1024).steps(40).build())
        .output().get();

    assertEquals(0, new BigDecimal(40).compareTo((BigDecimal) sentBody().get("steps")));
    assertEquals(40, out.usage().steps().getAsInt());
    assertEquals(1, out.warnings().size());
    assertTrue(out.warnings().get(0).contains("40/28"), out.warnings().get(0));
  }

  @Test
  void providerOptionsAreMergedButCannotChangeTheModel() throws Exception {
    server.enqueue(json(200, urlResponse("black-forest-labs/FLUX.1-schnell", "https://api.together.ai/shrt/x1")));

    ProviderOutput out = Fixtures.submit(provider, image("flux-schnell", "a kite").aspectRatio("1:1")
        .providerOptions("together", Map.of("disable_safety_checker", true, "response_format", "url",
            "model", "someone/else", "aspect_ratio", "9:16"))
        .build()).output().get();

    Map<String, Object> body = sentBody();
    assertEquals("black-forest-labs/FLUX.1-schnell", body.get("model"));
    assertEquals(Boolean.TRUE, body.get("disable_safety_checker"));
    assertEquals("url", body.get("response_format"));
    assertEquals("9:16", body.get("aspect_ratio"));
    assertFalse(body.containsKey("width"));
    // the size is not in a URL answer: the documented 9:16 size is what the cost is computed for
    assertEquals(List.of(Size.of(768, 1344)), out.usage().images());
    assertEquals(1, out.warnings().size());
    assertTrue(out.warnings().get(0).contains("768x1344"), out.warnings().get(0));
  }

  @Test
  void lorasAndReferenceImagesUseTheSpecFields() throws Exception {
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-dev", TestMedia.png(512, 512))));

    Fixtures.submit(provider, image("flux-dev", "a portrait").size(512, 512)
        .lora(Lora.of("https://huggingface.co/strangerzonehf/Flux-Midjourney-Mix2-LoRA", new BigDecimal("0.8")))
        .reference(Media.url("https://images.pexels.com/photos/3729464/pexels-photo-3729464.jpeg")).build());

    Map<String, Object> body = sentBody();
    Map<String, Object> lora = Json.object(Json.array(body, "image_loras").get(0));
    assertEquals("https://huggingface.co/strangerzonehf/Flux-Midjourney-Mix2-LoRA", lora.get("path"));
    assertEquals(0, new BigDecimal("0.8").compareTo((BigDecimal) lora.get("scale")));
    assertEquals(List.of("https://images.pexels.com/photos/3729464/pexels-photo-3729464.jpeg"),
        Json.array(body, "reference_images"));
  }

  @Test
  void pngOutputIsAskedForAndNamedFromTheFormat() throws Exception {
    TogetherProvider urls = TogetherProvider.builder().responseFormat("url").build(TestContext.of(Fixtures.env(server)));
    server.enqueue(json(200, urlResponse("black-forest-labs/FLUX.1-schnell", "https://api.together.ai/shrt/noext")));

    ProviderOutput out = Fixtures.submit(urls, image("flux-schnell", "a logo").size(512, 512).outputFormat("PNG").build())
        .output().get();

    assertEquals("png", sentBody().get("output_format"));
    assertEquals("image/png", out.assets().get(0).mediaType());
    assertEquals(List.of(), out.warnings(), "the size was sent, so it is known");
  }

  @Test
  void aSeedInTheAnswerWinsAndKeepsAll63Bits() throws Exception {
    server.enqueue(json(200, "{\"id\":\"x\",\"model\":\"black-forest-labs/FLUX.1-schnell\",\"object\":\"list\",\"data\":["
        + "{\"index\":0,\"b64_json\":\"" + b64(TestMedia.png(256, 256)) + "\",\"type\":\"b64_json\",\"seed\":9223372036854775807},"
        + "{\"index\":1,\"b64_json\":\"" + b64(TestMedia.png(256, 256)) + "\",\"type\":\"b64_json\"}]}"));

    ProviderOutput out = Fixtures.submit(provider, image("flux-schnell", "x").size(256, 256).count(2).seed(7).build())
        .output().get();

    assertEquals(Long.MAX_VALUE, out.assets().get(0).seed().getAsLong(), "2^63 - 1 is read exactly");
    assertTrue(out.assets().get(1).seed().isEmpty(), "with two images the request's seed is not each image's");
    assertEquals(2, out.usage().count());
  }

  @Test
  void fewerImagesThanAskedAreReported() throws Exception {
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-schnell", TestMedia.png(256, 256))));

    ProviderOutput out = Fixtures.submit(provider, image("flux-schnell", "x").size(256, 256).count(3).build())
        .output().get();

    assertEquals(1, out.usage().count());
    assertEquals(List.of("3 images asked, 1 returned"), out.warnings());
  }

  @Test
  void anAnswerWithoutImagesIsNoOutput() throws Exception {
    server.enqueue(json(200, "{\"id\":\"empty-1\",\"model\":\"black-forest-labs/FLUX.1-schnell\",\"object\":\"list\",\"data\":[]}"));
    server.enqueue(json(200, "{\"id\":\"empty-2\",\"data\":[{\"index\":0,\"type\":\"url\"}]}"));

    Throwable none = Fixtures.failure(provider, image("flux-schnell", "x").build());
    assertInstanceOf(NoOutputException.class, none);
    assertTrue(none.getMessage().contains("empty-1"), none.getMessage());
    assertInstanceOf(NoOutputException.class, Fixtures.failure(provider, image("flux-schnell", "x").build()));
  }

  @Test
  void anErrorInsideA200IsTyped() throws Exception {
    server.enqueue(json(200, Fixtures.error("NSFW content detected in the generated image", "invalid_request_error", null)));
    server.enqueue(json(200, Fixtures.error("Insufficient balance for image models", "billing_error", null)));
    server.enqueue(json(200, Fixtures.error("Something went wrong", "server_error", null)));

    assertInstanceOf(ContentModeratedException.class, Fixtures.failure(provider, image("flux-schnell", "x").build()));
    assertInstanceOf(InsufficientCreditException.class, Fixtures.failure(provider, image("flux-schnell", "x").build()));
    assertInstanceOf(NoOutputException.class, Fixtures.failure(provider, image("flux-schnell", "x").build()));
  }

  @Test
  void anImageThatIsNotBase64IsNotRetried() throws Exception {
    server.enqueue(json(200, "{\"id\":\"x\",\"data\":[{\"b64_json\":\"not base64!!\"}]}"));

    ProviderFailureException bad = assertInstanceOf(ProviderFailureException.class,
        Fixtures.failure(provider, image("flux-schnell", "x").build()));
    assertFalse(bad.retryable());
  }

  @Test
  void theDefaultBaseUrlIsTheOfficialClients() {
    TogetherProvider p = TogetherProvider.builder().build(TestContext.of(Map.of(TogetherProvider.KEY_VARIABLE, KEY)));

    assertEquals("TogetherProvider(together https://api.together.xyz/v1)", p.toString());
  }

  @Test
  void aKeyGivenToTheBuilderIsSentAsTheBearerTokenAndRedacted() throws Exception {
    String other = "test-key-together-explicit-42";
    ProviderContext context = TestContext.of(Fixtures.env(server));
    TogetherProvider p = TogetherProvider.builder().apiKey(other).build(context);
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-schnell", TestMedia.png(256, 256))));

    Fixtures.submit(p, image("flux-schnell", "x").size(256, 256).build());

    assertEquals("Bearer " + other, server.takeRequest().getHeaders().get("Authorization"));
    assertEquals("key: ***", context.redactor().redact("key: " + other));
  }

  @Test
  void onlyTheDocumentedResponseFormatsAreTaken() {
    assertThrows(IllegalArgumentException.class, () -> TogetherProvider.builder().responseFormat("b64_json"));
  }

  @Test
  void requestsTogetherHasNoFieldForFailWithoutACall() throws Exception {
    Request inpaint = Request.builder(Task.INPAINT).model("flux-dev").prompt("x")
        .image(Media.url("https://example.com/a.png")).mask(Media.url("https://example.com/m.png")).build();
    Request webp = image("flux-schnell", "x").outputFormat("webp").build();

    ProviderFailureException a = assertInstanceOf(ProviderFailureException.class, Fixtures.failure(provider, inpaint));
    ProviderFailureException b = assertInstanceOf(ProviderFailureException.class, Fixtures.failure(provider, webp));

    assertFalse(a.retryable());
    assertTrue(b.getMessage().contains("jpeg or png"), b.getMessage());
    assertEquals(0, server.getRequestCount());
  }
}
