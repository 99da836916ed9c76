package dev.unigen.provider.replicate;

import static dev.unigen.provider.replicate.Fixtures.ID;
import static dev.unigen.provider.replicate.Fixtures.KEY;
import static dev.unigen.provider.replicate.Fixtures.json;
import static dev.unigen.provider.replicate.Fixtures.pending;
import static dev.unigen.provider.replicate.Fixtures.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Generator;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token and base URL from the environment or the builder, the factory's registration, and the builder's options. */
class ReplicateConfigTest {
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

  private RecordedRequest fluxVia(ReplicateProvider p) throws Exception {
    server.enqueue(json(201, pending(ID, "black-forest-labs/flux-schnell", "starting", "{}")));
    submit(p, Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build());
    return server.takeRequest();
  }

  @Test
  void aMissingTokenNamesTheVariable() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ReplicateProvider.builder().build(Fixtures.context(Map.of(), Clock.systemUTC())));
    assertEquals("no replicate API key: set REPLICATE_API_TOKEN, or call apiKey(...)", e.getMessage());
  }

  @Test
  void theDefaultBaseUrlIsReplicatesAndTheVariableOverridesIt() throws Exception {
    ReplicateProvider official = ReplicateProvider.builder().build(Fixtures.context(Map.of("REPLICATE_API_TOKEN", KEY),
        Clock.systemUTC()));
    assertEquals("ReplicateProvider(replicate https://api.replicate.com/v1)", official.toString());
    RecordedRequest r = fluxVia(Fixtures.provider(server)); // UNIGEN_REPLICATE_BASE_URL points at the server
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
  }

  @Test
  void anExplicitKeyAndBaseUrlWinAndTheKeyIsRedacted() throws Exception {
    ProviderContext ctx = Fixtures.context(Map.of(), Clock.systemUTC());
    ReplicateProvider p = ReplicateProvider.builder().apiKey(Fixtures.KEY_B).baseUrl(server.url("/v1/").toString()).build(ctx);
    RecordedRequest r = fluxVia(p);
    assertEquals("/v1/models/black-forest-labs/flux-schnell/predictions", r.getUrl().encodedPath());
    assertEquals("Bearer " + Fixtures.KEY_B, r.getHeaders().get("Authorization"));
    assertEquals("token ***", ctx.redactor().redact("token " + Fixtures.KEY_B));
  }

  @Test
  void theFactoryIsFoundAndReadsTheOfficialVariable() {
    List<ProviderFactory> factories = StreamSupport.stream(ServiceLoader.load(ProviderFactory.class).spliterator(), false)
        .filter(f -> f instanceof ReplicateProviderFactory).collect(Collectors.toList());
    assertEquals(1, factories.size());
    assertEquals("replicate", factories.get(0).name());
    assertEquals(List.of("REPLICATE_API_TOKEN"), factories.get(0).keyVariables());
    assertFalse(factories.get(0).isSandbox());
    try (Generator gen = Generator.builder().environment(Fixtures.env(server)).providersFromEnvironment().build()) {
      assertTrue(gen.providers().contains("replicate"));
      assertTrue(gen.catalog().offer("replicate", "wan-2.1").isPresent());
    }
  }

  @Test
  void aSecondInstanceHasItsOwnNameOffersAndBaseUrlVariable() throws Exception {
    Map<String, String> env = Map.of("REPLICATE_API_TOKEN", KEY);
    ReplicateProvider b = ReplicateProvider.builder().name("replicate-b").baseUrl(server.url("/v1").toString())
        .build(Fixtures.context(env, Clock.systemUTC()));
    assertEquals("replicate-b", b.name());
    assertEquals(Set.of("replicate-b"), b.catalog().providers());
    assertEquals("/v1/models/black-forest-labs/flux-schnell/predictions", fluxVia(b).getUrl().encodedPath());
  }

  @Test
  void preferWaitCanBeShortenedOrTurnedOff() throws Exception {
    ProviderContext ctx = Fixtures.context(server);
    assertEquals("wait=10", fluxVia(ReplicateProvider.builder().preferWait(Duration.ofSeconds(10)).build(ctx))
        .getHeaders().get("Prefer"));
    assertNull(fluxVia(ReplicateProvider.builder().preferWait(Duration.ZERO).build(ctx)).getHeaders().get("Prefer"));
    // Kept 5 s under a short timeout.
    assertEquals("wait=25", fluxVia(ReplicateProvider.builder().timeout(Duration.ofSeconds(30)).build(ctx))
        .getHeaders().get("Prefer"));
  }

  @Test
  void theBuilderRefusesWhatReplicateWouldNot() {
    ReplicateProvider.Builder b = ReplicateProvider.builder();
    assertThrows(IllegalArgumentException.class, () -> b.preferWait(Duration.ofSeconds(61)));
    assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> b.webhookSecret("not-a-secret"));
    assertThrows(IllegalArgumentException.class, () -> b.webhookEvents(List.of("finished")));
    assertThrows(IllegalArgumentException.class, () -> b.cancelAfter(Duration.ofMillis(10)));
    assertEquals("90s", ReplicateProvider.goDuration(Duration.ofSeconds(90)));
    assertEquals("2m", ReplicateProvider.goDuration(Duration.ofMinutes(2)));
  }
}
