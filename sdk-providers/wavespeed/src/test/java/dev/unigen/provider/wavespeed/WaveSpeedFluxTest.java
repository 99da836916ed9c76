package dev.unigen.provider.wavespeed;

import static dev.unigen.provider.wavespeed.Fixtures.TASK;
import static dev.unigen.provider.wavespeed.Fixtures.created;
import static dev.unigen.provider.wavespeed.Fixtures.envelope;
import static dev.unigen.provider.wavespeed.Fixtures.prediction;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestRequests.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.assets.Asset;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.Usage;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** FLUX.1 [dev] and [schnell] text-to-image: the documented body, and the result's image URLs as outputs. */
class WaveSpeedFluxTest {
  private static final String FLUX_DEV = "wavespeed-ai/flux-dev";
  private static final String IMAGE_1 = "https://d1q70pf5vjeyhc.cloudfront.net/predictions/" + TASK + "/1.jpeg";
  private static final String IMAGE_2 = "https://d1q70pf5vjeyhc.cloudfront.net/predictions/" + TASK + "/2.jpeg";

  @StartStop private final MockWebServer server = TestServers.started();
  private final WaveSpeedProvider provider = Fixtures.provider(server);

  private JobRef submit(Request request, String model) {
    server.enqueue(json(200, created(model)));
    return await(provider.submit(call(provider, request))).job().orElseThrow();
  }

  @Test
  void fluxDevSendsSizeAsWidthStarHeightWithTheCountAndSeedAndReadsTheImageUrls() throws Exception {
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-dev").prompt("a lighthouse at dusk")
        .size(1024, 1024).count(2).seed(7).build();
    JobRef job = submit(r, FLUX_DEV);

    RecordedRequest post = server.takeRequest();
    assertEquals("POST", post.getMethod());
    assertEquals("/api/v3/wavespeed-ai/flux-dev", post.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a lighthouse at dusk", "size", "1024*1024", "num_images", BigDecimal.valueOf(2),
        "seed", BigDecimal.valueOf(7)), json(post));

    server.enqueue(json(200, envelope(prediction(TASK, FLUX_DEV, "completed", List.of(IMAGE_1, IMAGE_2), "",
        "\"executionTime\":2140,\"timings\":{\"inference\":1980}"))));
    PollResult done = await(provider.poll(job));
    assertEquals(PollResult.State.SUCCEEDED, done.state());
    List<Asset> assets = done.output().get().assets();
    assertEquals(2, assets.size());
    assertEquals(IMAGE_1, assets.get(0).url().get());
    assertEquals(IMAGE_2, assets.get(1).url().get());
    assertEquals("image/jpeg", assets.get(0).mediaType());
    assertEquals(1024, assets.get(1).width().getAsInt());
    Usage u = done.output().get().usage();
    assertEquals(2, u.count());
    assertEquals(List.of(Size.of(1024, 1024), Size.of(1024, 1024)), u.images());

    // 2 images x $0.012 = $0.024
    Offer offer = Catalog.ofModule(WaveSpeedProvider.class).offer("wavespeed", "flux-dev").get();
    assertEquals(Money.usd("0.024"), offer.price().get().actual(u).amount().get());
  }

  @Test
  void withoutASizeTheDocumentedDefaultIsSentAndOneImageIsAsked() throws Exception {
    submit(Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("a red fox").build(), "wavespeed-ai/flux-schnell");
    RecordedRequest post = server.takeRequest();
    assertEquals("/api/v3/wavespeed-ai/flux-schnell", post.getUrl().encodedPath());
    assertEquals(Map.of("prompt", "a red fox", "size", "1024*1024", "num_images", BigDecimal.ONE), json(post));
  }

  @Test
  void anAspectRatioWithoutASizeIsNotSentAndSaysSo() throws Exception {
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("a red fox").aspectRatio("16:9").build();
    CallMapper.Mapped m = CallMapper.map(call(provider, r), "wavespeed");
    assertEquals("1024*1024", m.input().get("size"));
    assertTrue(m.warnings().stream().anyMatch(w -> w.contains("16:9")), m.warnings().toString());
  }
}
