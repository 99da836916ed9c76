package dev.unigen.provider.together;

import static dev.unigen.provider.together.Fixtures.KEY;
import static dev.unigen.provider.together.Fixtures.b64Response;
import static dev.unigen.provider.together.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key variable, the base URL override, the builder's settings and the ServiceLoader factory. */
class TogetherConfigTest {
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Request schnell() {
    return Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").size(256, 256).build();
  }

  @Test
  void aMissingKeyNamesTheVariable() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TogetherProvider.builder().build(Fixtures.context(Map.of())));
    assertTrue(e.getMessage().contains("TOGETHER_API_KEY"), e.getMessage());
  }

  @Test
  void theDefaultBaseUrlIsTheOfficialClients() {
    TogetherProvider p = TogetherProvider.builder().build(Fixtures.context(Map.of(TogetherProvider.KEY_VARIABLE, KEY)));
    assertEquals("TogetherProvider(together https://api.together.xyz/v1)", p.toString());
    assertFalse(p.toString().contains(KEY));
  }

  @Test
  void theKeyAndBaseUrlComeFromTheEnvironment() throws Exception {
    TogetherProvider p = TogetherProvider.builder().build(Fixtures.context(Fixtures.env(server)));
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-schnell", Fixtures.png(256, 256))));

    Fixtures.submit(p, schnell());

    RecordedRequest r = server.takeRequest();
    assertEquals("/v1/images/generations", r.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
  }

  @Test
  void anExplicitKeyAndBaseUrlWinAndTheKeyIsRedacted() throws Exception {
    String other = "test-key-together-explicit-42";
    ProviderContext ctx = Fixtures.context(Map.of(TogetherProvider.KEY_VARIABLE, KEY,
        "UNIGEN_TOGETHER_BASE_URL", "http://127.0.0.1:9/unused"));
    TogetherProvider p = TogetherProvider.builder().apiKey(other).baseUrl(server.url("/proxy/v1/").toString()).build(ctx);
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-schnell", Fixtures.png(256, 256))));

    Fixtures.submit(p, schnell());

    RecordedRequest r = server.takeRequest();
    assertEquals("/proxy/v1/images/generations", r.getUrl().encodedPath());
    assertEquals("Bearer " + other, r.getHeaders().get("Authorization"));
    assertEquals("key: ***", ctx.redactor().redact("key: " + other));
  }

  @Test
  void badSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> TogetherProvider.builder().responseFormat("b64_json"));
    assertThrows(IllegalArgumentException.class, () -> TogetherProvider.builder().timeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> TogetherProvider.builder().name("Together"));
    assertThrows(IllegalArgumentException.class,
        () -> TogetherProvider.builder().apiKey(KEY).baseUrl("ftp://example.com").build(Fixtures.context(Map.of())));
  }

  @Test
  void aSecondInstanceCarriesItsOwnName() {
    TogetherProvider p = TogetherProvider.builder().name("together-b").apiKey(KEY).build(Fixtures.context(Map.of()));
    assertEquals("together-b", p.name());
    assertEquals(Set.of("together-b"), p.catalog().providers());
    assertEquals(7, p.catalog().offers().size());
  }

  @Test
  void theFactoryIsFoundByServiceLoader() throws Exception {
    List<ProviderFactory> found = new ArrayList<>();
    for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
      if (f.name().equals("together")) found.add(f);
    }
    assertEquals(1, found.size());
    ProviderFactory f = found.get(0);
    assertEquals(List.of("TOGETHER_API_KEY"), f.keyVariables());
    assertFalse(f.isSandbox());
    Provider p = f.create(Fixtures.context(Fixtures.env(server)));
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-schnell", Fixtures.png(256, 256))));
    Fixtures.submit((TogetherProvider) p, schnell());
    assertEquals("/v1/images/generations", server.takeRequest().getUrl().encodedPath());
  }

  @Test
  void theGeneratorPicksTogetherUpFromTheEnvironment() {
    server.enqueue(json(200, b64Response("black-forest-labs/FLUX.1-schnell", Fixtures.png(256, 256))));
    try (Generator gen = Generator.builder().environment(Fixtures.env(server)).providersFromEnvironment().build()) {
      assertEquals(Set.of("together"), gen.providers());
      Generation g = gen.image("flux-schnell").prompt("a red bicycle").size(256, 256).generate();
      assertEquals("together", g.provider());
      assertEquals("black-forest-labs/FLUX.1-schnell", g.endpoint());
    }
  }
}
