package dev.unigen.provider.openai;

import static dev.unigen.provider.openai.Fixtures.imagesResponse;
import static dev.unigen.provider.openai.Fixtures.usage;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static dev.unigen.testkit.TestCalls.failure;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestMedia.png;
import static dev.unigen.testkit.TestRequests.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.InvalidRequestException;
import dev.unigen.assets.Asset;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestMedia;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** {@code POST /images/generations}: what goes over the wire and how the answer is read and priced. */
class OpenAiGenerationsTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final OpenAiProvider provider = OpenAiProvider.builder().build(Fixtures.context(server));

  private static Request.Builder image(String model) {
    return Request.builder(Task.TEXT_TO_IMAGE).model(model).prompt("a red bicycle in the rain");
  }

  private ProviderOutput generate(Request request) {
    Submission s = await(provider.submit(call(provider, request)));
    assertTrue(s.job().isEmpty(), "the Image API answers at once");
    return s.output().orElseThrow();
  }

  private Charge actual(String model, ProviderOutput out) {
    PriceRule rule = provider.catalog().offer("openai", model).orElseThrow().price().orElseThrow();
    return rule.actual(out.usage());
  }

  @Test
  void sendsTheDocumentedJsonAndReadsTwoImages() throws Exception {
    byte[] first = png(1536, 1024);
    byte[] second = png(1536, 1024);
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", "req_123").body(imagesResponse(List.of(first, second), "png", "1536x1024", "medium",
            usage(7, 0, 2744))).build());

    ProviderOutput out = generate(image("gpt-image-2").size(1536, 1024).quality("medium").count(2).outputFormat("png").build());

    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/v1/images/generations", r.getUrl().encodedPath());
    assertEquals("Bearer " + Fixtures.KEY, r.getHeaders().get("Authorization"));
    assertTrue(r.getHeaders().get("Content-Type").startsWith("application/json"));
    assertEquals(null, r.getHeaders().get("OpenAI-Organization"));
    assertEquals(null, r.getHeaders().get("Idempotency-Key"), "OpenAI documents no idempotency key");
    assertEquals("{\"model\":\"gpt-image-2\",\"prompt\":\"a red bicycle in the rain\",\"n\":2,\"size\":\"1536x1024\","
        + "\"quality\":\"medium\",\"output_format\":\"png\"}", r.getBody().utf8());

    assertEquals(2, out.assets().size());
    Asset a = out.assets().get(0);
    assertEquals("image/png", a.mediaType());
    assertEquals(1536, a.width().getAsInt());
    assertEquals(1024, a.height().getAsInt());
    assertTrue(a.hasBytes());
    assertArrayEquals(first, a.bytes());
    assertEquals("req_123", out.providerRequestId().get());

    assertEquals(2, out.usage().count());
    assertEquals(7, out.usage().textInputTokens());
    assertEquals(2744, out.usage().imageOutputTokens());
    assertEquals("medium", out.usage().quality().get());
    // 7 text tokens x $5 / 1M = $0.000035; 2,744 image output tokens x $30 / 1M = $0.08232
    Charge c = actual("gpt-image-2", out);
    assertEquals(CostBasis.COMPUTED, c.basis());
    assertEquals(Money.usd("0.082355"), c.amount().get());
  }

  @Test
  void aJpegAnswerIsAJpegAssetSizedFromItsHeader() throws Exception {
    byte[] jpeg = TestMedia.jpeg(1024, 1536);
    server.enqueue(json(200, imagesResponse(List.of(jpeg), "jpeg", "1024x1536", "low", usage(12, 0, 408))));

    ProviderOutput out = generate(image("gpt-image-2").aspectRatio("2:3").quality("LOW").outputFormat("jpg").build());

    Map<String, Object> body = json(server.takeRequest());
    assertEquals("1024x1536", body.get("size"), "2:3 is the documented portrait size");
    assertEquals("low", body.get("quality"));
    assertEquals("jpeg", body.get("output_format"));
    Asset a = out.assets().get(0);
    assertEquals("image/jpeg", a.mediaType());
    assertEquals(1024, a.width().getAsInt());
    assertEquals(1536, a.height().getAsInt());
    // 12 x $5 / 1M = $0.00006; 408 x $30 / 1M = $0.01224
    assertEquals(Money.usd("0.0123"), actual("gpt-image-2", out).amount().get());
  }

  @Test
  void anOpenSizeIsLeftToTheApiAndTheSizeComesFromTheImage() throws Exception {
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "high", usage(5, 0, 4160))));

    ProviderOutput out = generate(image("gpt-image-2").build());

    Map<String, Object> body = json(server.takeRequest());
    assertEquals(List.of("model", "prompt", "n"), List.copyOf(body.keySet()), "no size, quality or format unless asked");
    assertEquals(BigDecimal.ONE, body.get("n"));
    assertEquals(1024, out.assets().get(0).width().getAsInt());
    // 5 x $5 / 1M = $0.000025; 4,160 x $30 / 1M = $0.1248
    assertEquals(Money.usd("0.124825"), actual("gpt-image-2", out).amount().get());
  }

  @Test
  void cachedAndOutputDetailsAreSplitAcrossTheRateCard() throws Exception {
    String usage = "{\"total_tokens\":4300,\"input_tokens\":140,\"output_tokens\":4160,"
        + "\"input_tokens_details\":{\"text_tokens\":40,\"image_tokens\":100,\"cached_tokens\":70,"
        + "\"cached_tokens_details\":{\"text_tokens\":20,\"image_tokens\":50}},"
        + "\"output_tokens_details\":{\"image_tokens\":4100,\"text_tokens\":60}}";
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "high", usage)));

    ProviderOutput out = generate(image("gpt-image-2").size(1024, 1024).build());

    assertEquals(20, out.usage().textInputTokens());
    assertEquals(20, out.usage().cachedTextInputTokens());
    assertEquals(50, out.usage().imageInputTokens());
    assertEquals(50, out.usage().cachedImageInputTokens());
    assertEquals(4100, out.usage().imageOutputTokens());
    assertEquals(60, out.usage().textOutputTokens());
    // gpt-image-2 per 1M: text 5, cached text 1.25, image 8, cached image 2, image out 30; no text-output rate
    // 20x5 + 20x1.25 + 50x8 + 50x2 + 4100x30 + 60x0 = 100 + 25 + 400 + 100 + 123000 = 123625 -> $0.123625
    assertEquals(Money.usd("0.123625"), actual("gpt-image-2", out).amount().get());
  }

  @Test
  void cachedTokensWithoutASplitArePricedUncachedWithAWarning() throws Exception {
    String usage = "{\"total_tokens\":1856,\"input_tokens\":100,\"output_tokens\":1756,"
        + "\"input_tokens_details\":{\"text_tokens\":100,\"image_tokens\":0,\"cached_tokens\":64}}";
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "medium", usage)));

    ProviderOutput out = generate(image("gpt-image-2").size(1024, 1024).quality("medium").build());

    assertEquals(100, out.usage().textInputTokens());
    assertEquals(0, out.usage().cachedTextInputTokens());
    assertTrue(out.warnings().stream().anyMatch(w -> w.contains("64 cached input tokens")), out.warnings().toString());
    // 100 x $5 / 1M = $0.0005; 1,756 x $30 / 1M = $0.05268
    assertEquals(Money.usd("0.05318"), actual("gpt-image-2", out).amount().get());
  }

  @Test
  void withoutUsageTheOutputTokensComeFromTheDocumentedCounts() throws Exception {
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "high", null)));

    ProviderOutput out = generate(image("gpt-image-2").size(1024, 1024).quality("high").build());

    // gpt-image-2 calculator: 1024x1024 high = 7,024 tokens x $30 / 1M = $0.21072
    assertEquals(7024, out.usage().imageOutputTokens());
    assertEquals(Money.usd("0.21072"), actual("gpt-image-2", out).amount().get());
    assertTrue(out.warnings().stream().anyMatch(w -> w.contains("no usage")), out.warnings().toString());
  }

  @Test
  void providerOptionsPassThroughAndCanAskForAutoSize() throws Exception {
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "webp", null, "low", usage(7, 0, 196))));

    generate(image("gpt-image-2").outputFormat("webp").providerOptions("openai", Map.of("size", "auto", "moderation", "low",
        "background", "opaque", "output_compression", new BigDecimal("80"))).build());

    Map<String, Object> body = json(server.takeRequest());
    assertEquals("auto", body.get("size"));
    assertEquals("low", body.get("moderation"));
    assertEquals("opaque", body.get("background"));
    assertEquals(new BigDecimal("80"), body.get("output_compression"));
    assertEquals("webp", body.get("output_format"));
  }

  @Test
  void fieldsTheApiLacksAreWarnedAbout() throws Exception {
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "low", usage(7, 0, 196))));

    ProviderOutput out = generate(image("gpt-image-2").seed(42).negativePrompt("blur").build());

    assertFalse(json(server.takeRequest()).containsKey("seed"));
    assertTrue(out.warnings().stream().anyMatch(w -> w.startsWith("seed ignored")), out.warnings().toString());
    assertTrue(out.warnings().stream().anyMatch(w -> w.startsWith("negative prompt ignored")), out.warnings().toString());
  }

  @Test
  void invalidValuesFailBeforeAnythingIsSent() {
    Map<Request, String> cases = Map.of(
        image("gpt-image-2").size(4000, 1024).build(), "longest edge",
        image("gpt-image-2").size(3840, 1024).build(), "3 times",
        image("gpt-image-2").size(512, 512).build(), "total pixels",
        image("gpt-image-2").size(1000, 1000).build(), "multiples of 16",
        image("gpt-image-2").quality("hd").build(), "quality",
        image("gpt-image-2").outputFormat("gif").build(), "output format",
        image("gpt-image-2").count(11).build(), "n must be",
        image("gpt-image-2").aspectRatio("16:9").build(), "aspect ratio",
        image("gpt-image-2").providerOptions("openai", Map.of("stream", true)).build(), "streaming");
    cases.forEach((request, expected) -> {
      Throwable e = failure(provider.submit(call(provider, request)));
      assertInstanceOf(InvalidRequestException.class, e);
      assertTrue(e.getMessage().contains(expected), e.getMessage());
    });
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void gptImage2TakesAnyValidSize() throws Exception {
    server.enqueue(json(200, imagesResponse(List.of(png(1536, 864)), "png", null, "medium", usage(7, 0, 1092))));

    ProviderOutput out = generate(image("gpt-image-2").size(1536, 864).quality("medium").build());

    assertEquals("1536x864", json(server.takeRequest()).get("size"));
    assertEquals(864, out.assets().get(0).height().getAsInt(), "read from the PNG header");
  }

  @Test
  void callsCarryTheOrganizationAndProjectHeaders() throws Exception {
    OpenAiProvider withOrg = OpenAiProvider.builder().build(Fixtures.context(server,
        Map.of("OPENAI_ORG_ID", "org-test", "OPENAI_PROJECT_ID", "proj_test")));
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "low", usage(7, 0, 196))));

    ProviderCall c = call(withOrg, image("gpt-image-2").build());
    await(withOrg.submit(c));

    RecordedRequest r = server.takeRequest();
    assertEquals("org-test", r.getHeaders().get("OpenAI-Organization"));
    assertEquals("proj_test", r.getHeaders().get("OpenAI-Project"));
  }

  @Test
  void aFourKAnswerOverTheKitsDefaultBoundIsReadNotRefused() {
    // a 3840x2160 PNG of 26,000,000 bytes is 34,666,668 base64 characters, over the 32 MiB
    // (33,554,432 bytes) that bounds answers by default elsewhere; OpenAI's bound leaves room for ten
    byte[] big = new byte[26_000_000];
    byte[] header = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R',
        0, 0, 0x0F, 0x00, 0, 0, 0x08, 0x70};
    System.arraycopy(header, 0, big, 0, header.length);
    server.enqueue(json(200, imagesResponse(List.of(big), "png", "3840x2160", "high", usage(7, 0, 13342))));

    ProviderOutput out = generate(image("gpt-image-2").size(3840, 2160).quality("high").build());

    Asset a = out.assets().get(0);
    assertEquals(26_000_000, a.bytes().length);
    assertEquals(3840, a.width().getAsInt());
    assertEquals(2160, a.height().getAsInt());
  }
}
