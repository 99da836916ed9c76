package dev.unigen.provider.stability;

import static dev.unigen.provider.stability.Fixtures.imageResponse;
import static dev.unigen.provider.stability.Fixtures.jsonImageResponse;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestCalls.submit;
import static dev.unigen.testkit.TestMedia.jpeg;
import static dev.unigen.testkit.TestMedia.png;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.NoOutputException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.assets.Asset;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Both answer shapes (raw image with headers, and JSON with base64), content filtering, and answers without output. */
class StabilityResponseTest {
  @StartStop private final MockWebServer server = TestServers.started();
  private final StabilityProvider provider = Fixtures.provider(server);
  private final Request ultra = Request.builder(Task.TEXT_TO_IMAGE).model("stable-image-ultra").prompt("a lighthouse").build();

  private ProviderOutput answer(MockResponse response, Request request) {
    server.enqueue(response);
    return submit(provider, request).output().orElseThrow();
  }

  @Test
  void aRawImageCarriesItsSeedAndFinishReasonInHeaders() {
    byte[] image = png(1024, 576);
    ProviderOutput out = answer(imageResponse(image, "image/png", "SUCCESS", "343940597"), ultra);
    Asset a = out.assets().get(0);
    assertEquals("image/png", a.mediaType());
    assertArrayEquals(image, a.bytes());
    assertEquals(1024, a.width().getAsInt());
    assertEquals(576, a.height().getAsInt());
    assertEquals(343940597L, a.seed().getAsLong());
    assertFalse(a.nsfw());
    assertEquals(List.of(), out.warnings());
    assertEquals("req-0f1e2d3c", out.providerRequestId().get());
    assertEquals(List.of(Size.of(1024, 576)), out.usage().images());
    assertEquals(1, out.usage().count());
    assertTrue(out.usage().reportedCost().isEmpty(), "Stability reports no cost");
    // 8 credits x $0.01, computed from the one image produced
    Charge charge = provider.catalog().offer("stability", "stable-image-ultra").get().price().get().actual(out.usage());
    assertEquals(CostBasis.COMPUTED, charge.basis());
    assertEquals(Money.usd("0.08"), charge.amount().get());
  }

  @Test
  void theJsonShapeIsReadToo() {
    byte[] image = jpeg(640, 1536);
    ProviderOutput out = answer(jsonImageResponse(image, "image/jpeg", "SUCCESS", "4294967294"), ultra);
    Asset a = out.assets().get(0);
    assertEquals("image/jpeg", a.mediaType());
    assertArrayEquals(image, a.bytes());
    assertEquals(640, a.width().getAsInt());
    assertEquals(1536, a.height().getAsInt());
    assertEquals(4294967294L, a.seed().getAsLong());
    assertEquals(List.of(), out.warnings());
  }

  @Test
  void aFilteredImageIsReturnedFlaggedWithAWarning() {
    ProviderOutput raw = answer(imageResponse(png(64, 64), "image/png", "CONTENT_FILTERED", "12"), ultra);
    assertTrue(raw.assets().get(0).nsfw());
    assertEquals(List.of(StabilityProvider.FILTERED_WARNING), raw.warnings());
    assertEquals(1, raw.usage().count(), "a blurred image is still a successful, billed generation");

    ProviderOutput json = answer(jsonImageResponse(png(64, 64), "image/png", "CONTENT_FILTERED", "12"), ultra);
    assertTrue(json.assets().get(0).nsfw());
    assertEquals(List.of(StabilityProvider.FILTERED_WARNING), json.warnings());
  }

  @Test
  void aSuccessWithoutAnImageIsNoOutput() {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").build());
    NoOutputException empty = TestCalls.failure(NoOutputException.class, provider, ultra);
    assertTrue(empty.getMessage().contains("empty body"), empty.getMessage());

    server.enqueue(json(200, "{\"finish_reason\":\"SUCCESS\",\"seed\":1}"));
    NoOutputException noImage = TestCalls.failure(NoOutputException.class, provider, ultra);
    assertTrue(noImage.getMessage().contains("without an image"), noImage.getMessage());

    // a page that is not the promised image may stand for a billed generation: an unknown outcome
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body("<html>maintenance</html>").build());
    OutcomeUnknownException html = TestCalls.failure(OutcomeUnknownException.class, provider, ultra);
    assertTrue(html.getMessage().contains("not an image"), html.getMessage());

    server.enqueue(json(200, "{\"image\":\"%%%not base64%%%\"}"));
    TestCalls.failure(NoOutputException.class, provider, ultra);
  }

  @Test
  void anImageWithoutHeadersIsSniffed() {
    byte[] image = png(48, 32);
    ProviderOutput out = answer(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/octet-stream")
        .body(new okio.Buffer().write(image)).build(), ultra);
    assertEquals("image/png", out.assets().get(0).mediaType());
    assertTrue(out.assets().get(0).seed().isEmpty());
    assertEquals(List.of(Size.of(48, 32)), out.usage().images());
  }
}
