package dev.unigen.provider.wavespeed;

import static dev.unigen.provider.wavespeed.Fixtures.KEY;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestRequests.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.InsufficientCreditException;
import dev.unigen.money.Money;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The default base URL and the pricing API; keys, base URL variables and the factory are pinned by {@link WaveSpeedContractTest}. */
class WaveSpeedSetupTest {
  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void theDefaultBaseUrlIsWaveSpeeds() {
    WaveSpeedProvider p = WaveSpeedProvider.builder().build(Fixtures.context(Map.of("WAVESPEED_API_KEY", KEY), Clock.systemUTC()));
    assertTrue(p.toString().contains("https://api.wavespeed.ai/"), p.toString());
  }

  @Test
  void thePricingApiQuotesACall() throws Exception {
    WaveSpeedProvider p = Fixtures.provider(server);
    server.enqueue(json(200, "{\"code\":200,\"message\":\"success\",\"data\":{\"model_id\":\"alibaba/wan-2.5/image-to-video\","
        + "\"unit_price\":0.5,\"currency\":\"USD\"}}"));
    Request r = Request.builder(Task.IMAGE_TO_VIDEO).model("wan-2.5").prompt("x").resolution("1080p")
        .image(Media.bytes(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png")).duration(Duration.ofSeconds(10))
        .providerOptions("wavespeed", Map.of("webhook", "https://hooks.example.com/x")).build();
    Money price = await(p.price(call(p, r)));
    assertEquals(0, new BigDecimal("0.5").compareTo(price.amount()));
    assertEquals("USD", price.currency().getCurrencyCode());
    RecordedRequest post = server.takeRequest();
    assertEquals("POST", post.getMethod());
    assertEquals("/api/v3/model/pricing", post.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, post.getHeaders().get("Authorization"));
    Map<String, Object> body = json(post);
    assertEquals("alibaba/wan-2.5/image-to-video", body.get("model_id"));
    assertEquals(Map.of("prompt", "x", "resolution", "1080p", "duration", BigDecimal.TEN), Json.object(body, "inputs"),
        "the inputs a submit would send; the local image is not uploaded for a quote");
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void thePricingApiErrorsAreTyped() {
    WaveSpeedProvider p = Fixtures.provider(server);
    server.enqueue(json(402, "{\"code\":402,\"message\":\"insufficient balance\"}"));
    TestCalls.failure(InsufficientCreditException.class, () -> p.price(call(p,
        Request.builder(Task.TEXT_TO_VIDEO).model("wan-2.6").prompt("x").build())));
  }
}
