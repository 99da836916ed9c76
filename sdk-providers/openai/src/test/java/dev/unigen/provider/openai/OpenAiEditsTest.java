package dev.unigen.provider.openai;

import static dev.unigen.provider.openai.Fixtures.imagesResponse;
import static dev.unigen.provider.openai.Fixtures.usage;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static dev.unigen.testkit.TestCalls.failure;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestMedia.png;
import static dev.unigen.testkit.TestRequests.json;
import static dev.unigen.testkit.TestRequests.parts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.InvalidRequestException;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestRequests;
import dev.unigen.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /images/edits}: multipart uploads of several images and a mask, and the JSON form for URLs. */
class OpenAiEditsTest {
  @TempDir Path dir;
  @StartStop private final MockWebServer server = TestServers.started();
  private final OpenAiProvider provider = OpenAiProvider.builder().build(Fixtures.context(server));

  private ProviderOutput edit(Request request) {
    return await(provider.submit(call(provider, request))).output().orElseThrow();
  }

  private Path file(String name, byte[] content) throws Exception {
    return Files.write(dir.resolve(name), content);
  }

  @Test
  void severalImagesAndAMaskAreUploadedAsImageArrayAndMaskParts() throws Exception {
    byte[] lounge = png(1024, 1024);
    byte[] lotion = png(512, 512);
    byte[] soap = TestMedia.jpeg(640, 480);
    byte[] mask = png(1024, 1024);
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "high", usage(50, 388, 4160))));

    ProviderOutput out = edit(Request.builder(Task.INPAINT).model("gpt-image-2")
        .prompt("A sunlit indoor lounge area with a pool containing a flamingo")
        .image(Media.file(file("sunlit_lounge.png", lounge)))
        .reference(Media.bytes(lotion, "image/png"))
        .reference(Media.file(file("soap.jpg", soap)))
        .mask(Media.file(file("mask.png", mask)))
        .size(1024, 1024).quality("high").build());

    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/v1/images/edits", r.getUrl().encodedPath());
    assertEquals("Bearer " + Fixtures.KEY, r.getHeaders().get("Authorization"));
    List<TestRequests.Part> parts = parts(r);
    assertEquals(List.of("model", "prompt", "n", "size", "quality", "image[]", "image[]", "image[]", "mask"),
        parts.stream().map(TestRequests.Part::name).collect(Collectors.toList()));
    assertEquals("gpt-image-2", parts.get(0).text());
    assertEquals("A sunlit indoor lounge area with a pool containing a flamingo", parts.get(1).text());
    assertEquals("1", parts.get(2).text());
    assertEquals("1024x1024", parts.get(3).text());
    assertEquals("high", parts.get(4).text());
    // the image to edit first: the mask applies to it
    assertEquals("sunlit_lounge.png", parts.get(5).fileName().orElseThrow());
    assertEquals("image/png", parts.get(5).contentType().orElseThrow());
    assertArrayEquals(lounge, parts.get(5).bytes());
    assertEquals("image.png", parts.get(6).fileName().orElseThrow(), "bytes get a name from their type");
    assertArrayEquals(lotion, parts.get(6).bytes());
    assertEquals("soap.jpg", parts.get(7).fileName().orElseThrow());
    assertEquals("image/jpeg", parts.get(7).contentType().orElseThrow());
    assertArrayEquals(soap, parts.get(7).bytes());
    assertEquals("mask.png", parts.get(8).fileName().orElseThrow());
    assertArrayEquals(mask, parts.get(8).bytes());

    // the API reference's edit usage: input text and image tokens, output tokens
    assertEquals(50, out.usage().textInputTokens());
    assertEquals(388, out.usage().imageInputTokens());
    // 50 x $5 + 388 x $8 + 4,160 x $30 per 1M = 250 + 3,104 + 124,800 = 128,154 / 1M
    PriceRule rule = provider.catalog().offer("openai", "gpt-image-2").get().price().get();
    assertEquals(Money.usd("0.128154"), rule.actual(out.usage()).amount().get());
  }

  @Test
  void urlsGoAsTheJsonFormWithImageUrlReferences() throws Exception {
    byte[] local = png(600, 600);
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "medium", usage(12, 700, 1756))));

    edit(Request.builder(Task.MULTI_REFERENCE).model("gpt-image-2").prompt("a gift basket with these items")
        .reference(Media.url("https://example.com/bath-bomb.png"))
        .reference(Media.bytes(local, "image/png"))
        .build());

    RecordedRequest r = server.takeRequest();
    assertEquals("/v1/images/edits", r.getUrl().encodedPath());
    assertTrue(r.getHeaders().get("Content-Type").startsWith("application/json"));
    Map<String, Object> body = json(r);
    assertEquals("gpt-image-2", body.get("model"));
    assertEquals("a gift basket with these items", body.get("prompt"));
    List<Object> images = Json.array(body, "images");
    assertEquals(2, images.size());
    assertEquals(Map.of("image_url", "https://example.com/bath-bomb.png"), images.get(0));
    String dataUrl = Json.string(Json.object(images.get(1)), "image_url").get();
    assertTrue(dataUrl.startsWith("data:image/png;base64,"), dataUrl.substring(0, 30));
    assertArrayEquals(local, DataUri.parse(dataUrl).bytes());
    assertTrue(!body.containsKey("mask"));
  }

  @Test
  void aUrlMaskIsSentAsAnImageUrlObject() throws Exception {
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "low", usage(9, 300, 272))));

    edit(Request.builder(Task.INPAINT).model("gpt-image-2").prompt("replace the sky")
        .image(Media.url("https://example.com/source-image.png"))
        .mask(Media.url("https://example.com/mask.png")).build());

    Map<String, Object> body = json(server.takeRequest());
    assertEquals(List.of(Map.of("image_url", "https://example.com/source-image.png")), body.get("images"));
    assertEquals(Map.of("image_url", "https://example.com/mask.png"), body.get("mask"));
  }

  @Test
  void imageToImageSendsOneImageAndWarnsAboutStrength() throws Exception {
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1536)), "png", "1024x1536", "low", usage(9, 300, 158))));

    ProviderOutput out = edit(Request.builder(Task.IMAGE_TO_IMAGE).model("gpt-image-2").prompt("make it watercolor")
        .image(Media.bytes(png(1024, 1536), "image/png")).strength(new java.math.BigDecimal("0.4")).build());

    List<TestRequests.Part> parts = parts(server.takeRequest());
    assertEquals(1, parts.stream().filter(p -> p.name().equals("image[]")).count());
    assertTrue(out.warnings().stream().anyMatch(w -> w.startsWith("strength ignored")), out.warnings().toString());
  }

  @Test
  void moreThanSixteenInputsAreRefused() {
    Request.Builder b = Request.builder(Task.MULTI_REFERENCE).model("gpt-image-2").prompt("collage")
        .image(Media.url("https://example.com/0.png"));
    for (int i = 1; i <= 16; i++) b.reference(Media.url("https://example.com/" + i + ".png"));
    Throwable e = failure(provider.submit(call(provider, b.build())));
    assertInstanceOf(InvalidRequestException.class, e);
    assertTrue(e.getMessage().contains("17 input images"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aMissingFileIsAnInvalidRequest() {
    Throwable e = failure(provider.submit(call(provider, Request.builder(Task.IMAGE_TO_IMAGE).model("gpt-image-2")
        .prompt("x").image(Media.file(dir.resolve("missing.png"))).build())));
    assertInstanceOf(InvalidRequestException.class, e);
    assertEquals(0, server.getRequestCount());
  }
}
