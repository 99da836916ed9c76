package dev.unigen.provider.stability;

import static dev.unigen.provider.stability.Fixtures.KEY;
import static dev.unigen.provider.stability.Fixtures.imageResponse;
import static dev.unigen.provider.stability.Fixtures.png;
import static dev.unigen.provider.stability.Fixtures.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key and base URL from the environment or the builder, and the ServiceLoader factory. */
class StabilitySetupTest {
  private MockWebServer server;
  private final Request core = Request.builder(Task.TEXT_TO_IMAGE).model("stable-image-core").prompt("x").build();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RecordedRequest sendWith(StabilityProvider p) throws Exception {
    server.enqueue(imageResponse(png(16, 16), "image/png", "SUCCESS", "1"));
    submit(p, core);
    return server.takeRequest();
  }

  @Test
  void theFactoryIsFoundByServiceLoader() {
    List<ProviderFactory> found = StreamSupport.stream(ServiceLoader.load(ProviderFactory.class).spliterator(), false)
        .filter(f -> f.name().equals("stability")).collect(Collectors.toList());
    assertEquals(1, found.size());
    assertEquals(List.of("STABILITY_API_KEY", "SAI_API_KEY", "STABILITY_KEY"), found.get(0).keyVariables());
    assertFalse(found.get(0).isSandbox());
    ProviderContext ctx = Fixtures.context(server);
    assertEquals("stability", found.get(0).create(ctx).name());
  }

  @Test
  void theKeyAndBaseUrlComeFromTheEnvironment() throws Exception {
    RecordedRequest r = sendWith(StabilityProvider.builder().build(Fixtures.context(server)));
    assertEquals("Bearer " + KEY, r.getHeaders().get("authorization"));
    assertEquals("/v2beta/stable-image/generate/core", r.getUrl().encodedPath());
  }

  @Test
  void theComfyUiVariableIsReadWhenTheRestOneIsMissing() throws Exception {
    String other = "test-key-sai-00000000000000";
    ProviderContext ctx = Fixtures.context(Map.of("SAI_API_KEY", other, "UNIGEN_STABILITY_BASE_URL", server.url("/").toString()),
        Clock.systemUTC());
    RecordedRequest r = sendWith(StabilityProvider.builder().build(ctx));
    assertEquals("Bearer " + other, r.getHeaders().get("authorization"));
    assertEquals("***", ctx.redactor().redact(other), "a key read from the environment is redacted");
  }

  @Test
  void anExplicitKeyAndBaseUrlWinAndTheKeyIsRedacted() throws Exception {
    String explicit = "test-key-explicit-1111111111";
    ProviderContext ctx = Fixtures.context(Map.of("STABILITY_API_KEY", KEY, "UNIGEN_STABILITY_BASE_URL", "https://api.stability.ai"),
        Clock.systemUTC());
    StabilityProvider p = StabilityProvider.builder().apiKey(explicit).baseUrl(server.url("/").toString()).build(ctx);
    RecordedRequest r = sendWith(p);
    assertEquals("Bearer " + explicit, r.getHeaders().get("authorization"));
    assertEquals("***", ctx.redactor().redact(explicit));
    assertFalse(p.toString().contains("test-key-"), p.toString());
  }

  @Test
  void aMissingKeyNamesTheVariableNotAValue() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StabilityProvider.builder().build(Fixtures.context(Map.of("OTHER", "test-key-unrelated-123456"), Clock.systemUTC())));
    assertTrue(e.getMessage().contains("STABILITY_API_KEY"), e.getMessage());
    assertFalse(e.getMessage().contains("test-key-"), e.getMessage());
  }

  @Test
  void theDefaultBaseUrlIsStabilitys() {
    StabilityProvider p = StabilityProvider.builder().build(Fixtures.context(Map.of("STABILITY_API_KEY", KEY), Clock.systemUTC()));
    assertEquals("StabilityProvider(stability https://api.stability.ai/)", p.toString());
  }

  @Test
  void aSecondInstanceCarriesItsOwnNameAndBaseUrl() throws Exception {
    ProviderContext ctx = Fixtures.context(Map.of("STABILITY_API_KEY", KEY), Clock.systemUTC());
    StabilityProvider b = StabilityProvider.builder().name("stability-b").baseUrl(server.url("/").toString()).build(ctx);
    assertEquals("stability-b", b.name());
    assertEquals(java.util.Set.of("stability-b"), b.catalog().providers());
    assertEquals(13, b.catalog().size());
    RecordedRequest r = sendWith(b);
    assertEquals("/v2beta/stable-image/generate/core", r.getUrl().encodedPath());
  }
}
