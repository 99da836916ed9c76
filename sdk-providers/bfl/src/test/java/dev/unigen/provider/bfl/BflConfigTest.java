package dev.unigen.provider.bfl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unigen.AuthenticationException;
import dev.unigen.spi.ProviderContext;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestContext;
import dev.unigen.testkit.TestRequests;
import java.math.BigDecimal;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * What BFL adds to the common builder (regions, the webhook) and the credits endpoint; keys, base
 * URL variables and second instances are pinned by {@link BflContractTest}.
 */
class BflConfigTest {
  @Test
  void regionsPickTheirHostAndTheBaseUrlVariableOrBuilderWins() {
    ProviderContext keyOnly = TestContext.of(Map.of("BFL_API_KEY", Fixtures.KEY));
    assertEquals("https://api.bfl.ai/", BflProvider.builder().build(keyOnly).baseUrl().toString());
    assertEquals("https://api.eu.bfl.ai/",
        BflProvider.builder().region(BflProvider.Region.EU).build(keyOnly).baseUrl().toString());
    assertEquals("https://api.us.bfl.ai/",
        BflProvider.builder().region(BflProvider.Region.US).build(keyOnly).baseUrl().toString());
    ProviderContext overridden = TestContext.of(Map.of("BFL_API_KEY", Fixtures.KEY,
        "UNIGEN_BFL_BASE_URL", "http://127.0.0.1:9/"));
    assertEquals("http://127.0.0.1:9/",
        BflProvider.builder().region(BflProvider.Region.EU).build(overridden).baseUrl().toString());
    assertEquals("https://proxy.example.com/bfl",
        BflProvider.builder().baseUrl("https://proxy.example.com/bfl/").region(BflProvider.Region.US).build(overridden)
            .baseUrl().toString());
  }

  @Test
  void creditsReadsTheBalance() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      BflProvider p = Fixtures.provider(server);
      server.enqueue(TestCalls.json(200, "{\"credits\":1234.5}"));
      assertEquals(new BigDecimal("1234.5"), TestCalls.await(p.credits()));
      RecordedRequest r = TestRequests.take(server);
      assertEquals("GET", r.getMethod());
      assertEquals("/v1/credits", r.getUrl().encodedPath());
      assertEquals(Fixtures.KEY, r.getHeaders().get("x-key"));

      server.enqueue(TestCalls.json(401, "{\"detail\":\"Not authenticated\"}"));
      assertInstanceOf(AuthenticationException.class, TestCalls.failure(p.credits()));
    }
  }

  @Test
  void badWebhookValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BflProvider.builder().webhook("not a url", "s"));
    assertThrows(IllegalArgumentException.class, () -> BflProvider.builder().webhook("https://a.example/h", " "));
    assertThrows(IllegalArgumentException.class,
        () -> BflProvider.builder().webhook("https://a.example/" + "h".repeat(2084), "s"));
  }
}
