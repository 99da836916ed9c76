package dev.unigen.provider.bfl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Keys, base URLs, regions, the factory, and the credits endpoint. */
class BflConfigTest {
  @Test
  void theFactoryIsFoundAndReadsBflApiKey() {
    List<ProviderFactory> found = StreamSupport.stream(ServiceLoader.load(ProviderFactory.class).spliterator(), false)
        .filter(f -> f.name().equals("bfl")).collect(Collectors.toList());
    assertEquals(1, found.size());
    assertEquals(List.of("BFL_API_KEY"), found.get(0).keyVariables());
    assertFalse(found.get(0).isSandbox());
    BflProvider p = (BflProvider) found.get(0).create(Fixtures.context(Map.of("BFL_API_KEY", Fixtures.KEY)));
    assertEquals("https://api.bfl.ai/", p.baseUrl().toString());
  }

  @Test
  void aMissingKeyNamesTheVariable() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> BflProvider.builder().build(Fixtures.context(Map.of())));
    assertTrue(e.getMessage().contains("BFL_API_KEY"), e.getMessage());
  }

  @Test
  void regionsPickTheirHostAndTheBaseUrlVariableOrBuilderWins() {
    ProviderContext keyOnly = Fixtures.context(Map.of("BFL_API_KEY", Fixtures.KEY));
    assertEquals("https://api.eu.bfl.ai/",
        BflProvider.builder().region(BflProvider.Region.EU).build(keyOnly).baseUrl().toString());
    assertEquals("https://api.us.bfl.ai/",
        BflProvider.builder().region(BflProvider.Region.US).build(keyOnly).baseUrl().toString());
    ProviderContext overridden = Fixtures.context(Map.of("BFL_API_KEY", Fixtures.KEY,
        "UNIGEN_BFL_BASE_URL", "http://127.0.0.1:9/"));
    assertEquals("http://127.0.0.1:9/",
        BflProvider.builder().region(BflProvider.Region.EU).build(overridden).baseUrl().toString());
    assertEquals("https://proxy.example.com/bfl",
        BflProvider.builder().baseUrl("https://proxy.example.com/bfl/").build(overridden).baseUrl().toString());
  }

  @Test
  void anExplicitKeyIsRedactedAndASecondInstanceMovesItsOffers() {
    ProviderContext ctx = Fixtures.context(Map.of());
    BflProvider p = BflProvider.builder().name("bfl-eu").apiKey("test-key-explicit-998877").build(ctx);
    assertFalse(ctx.redactor().redact("key test-key-explicit-998877 leaked").contains("998877"));
    assertEquals("bfl-eu", p.name());
    assertTrue(p.catalog().offers().stream().allMatch(o -> o.provider().equals("bfl-eu")));
    assertTrue(p.toString().contains("bfl-eu"));
    assertFalse(p.toString().contains("998877"));
  }

  @Test
  void creditsReadsTheBalance() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      BflProvider p = Fixtures.provider(server);
      server.enqueue(Fixtures.json(200, "{\"credits\":1234.5}"));
      assertEquals(new BigDecimal("1234.5"), Fixtures.join(p.credits()));
      RecordedRequest r = Fixtures.take(server);
      assertEquals("GET", r.getMethod());
      assertEquals("/v1/credits", r.getUrl().encodedPath());
      assertEquals(Fixtures.KEY, r.getHeaders().get("x-key"));

      server.enqueue(Fixtures.json(401, "{\"detail\":\"Not authenticated\"}"));
      assertInstanceOf(AuthenticationException.class, Fixtures.failure(p.credits()));
    }
  }

  @Test
  void badBuilderValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BflProvider.builder().apiKey(" "));
    assertThrows(IllegalArgumentException.class, () -> BflProvider.builder().webhook("not a url", "s"));
    assertThrows(IllegalArgumentException.class, () -> BflProvider.builder().webhook("https://a.example/h", " "));
    assertThrows(IllegalArgumentException.class, () -> BflProvider.builder().timeout(java.time.Duration.ZERO));
  }
}
