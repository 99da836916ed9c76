package dev.unigen.provider.huggingface;

import static dev.unigen.provider.huggingface.Fixtures.await;
import static dev.unigen.provider.huggingface.Fixtures.call;
import static dev.unigen.provider.huggingface.Fixtures.image;
import static dev.unigen.provider.huggingface.Fixtures.prompt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the token and the base URL come from, and how the factory is found. */
class ConfigTest {
  private MockWebServer server;
  private ScheduledExecutorService scheduler;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    scheduler = Fixtures.scheduler();
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    server.close();
  }

  private String authorizationSentBy(HuggingFaceProvider p) throws Throwable {
    server.enqueue(image(Fixtures.png(8, 8), "image/png"));
    await(p.submit(call("hf-inference:black-forest-labs/FLUX.1-schnell", prompt("x").build())));
    return server.takeRequest().getHeaders().get("Authorization");
  }

  @Test
  void theTokenIsReadFromHfTokenAndTheBaseUrlFromUnigenHuggingfaceBaseUrl() throws Throwable {
    HuggingFaceProvider p = HuggingFaceProvider.builder().build(Fixtures.context(server, scheduler));
    assertEquals("Bearer " + Fixtures.KEY, authorizationSentBy(p));
  }

  @Test
  void theOlderHuggingFaceHubTokenIsReadWhenHfTokenIsUnset() throws Throwable {
    Map<String, String> env = new HashMap<>();
    env.put("HUGGING_FACE_HUB_TOKEN", "test-key-legacy-42424242\n");
    env.put("UNIGEN_HUGGINGFACE_BASE_URL", server.url("/").toString());
    HuggingFaceProvider p = HuggingFaceProvider.builder().build(Fixtures.context(env, scheduler));
    assertEquals("Bearer test-key-legacy-42424242", authorizationSentBy(p), "the token is trimmed like huggingface_hub does");
  }

  @Test
  void aMissingTokenNamesTheVariablesNotAValue() {
    ProviderContext ctx = Fixtures.context(Map.of("UNIGEN_HUGGINGFACE_BASE_URL", server.url("/").toString()), scheduler);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> HuggingFaceProvider.builder().build(ctx));
    assertTrue(e.getMessage().contains("HF_TOKEN") && e.getMessage().contains("HUGGING_FACE_HUB_TOKEN"), e.getMessage());
  }

  @Test
  void anExplicitKeyAndBaseUrlWinAndTheKeyIsRedacted() throws Throwable {
    MockWebServer other = new MockWebServer();
    other.start();
    try {
      ProviderContext ctx = Fixtures.context(server, scheduler);
      HuggingFaceProvider p = HuggingFaceProvider.builder().apiKey("test-key-explicit-77777777")
          .baseUrl(other.url("/proxy/").toString()).build(ctx);
      other.enqueue(image(Fixtures.png(8, 8), "image/png"));
      await(p.submit(call("hf-inference:black-forest-labs/FLUX.1-schnell", prompt("x").build())));
      mockwebserver3.RecordedRequest r = other.takeRequest();
      assertEquals("Bearer test-key-explicit-77777777", r.getHeaders().get("Authorization"));
      assertEquals("/proxy/hf-inference/models/black-forest-labs/FLUX.1-schnell", r.getUrl().encodedPath());
      assertEquals(0, server.getRequestCount());
      assertEquals("key ***", ctx.redactor().redact("key test-key-explicit-77777777"));
    } finally {
      other.close();
    }
  }

  @Test
  void theDefaultBaseUrlIsTheRouter() {
    assertEquals("https://router.huggingface.co", HuggingFaceProvider.DEFAULT_BASE_URL);
    HuggingFaceProvider p = HuggingFaceProvider.builder()
        .build(Fixtures.context(Map.of("HF_TOKEN", Fixtures.KEY), scheduler));
    assertEquals("HuggingFaceProvider(https://router.huggingface.co/)", p.toString());
    assertFalse(p.toString().contains(Fixtures.KEY));
  }

  @Test
  void theFactoryIsFoundByServiceLoader() {
    List<ProviderFactory> found = StreamSupport.stream(ServiceLoader.load(ProviderFactory.class).spliterator(), false)
        .filter(f -> f.name().equals("huggingface")).collect(Collectors.toList());
    assertEquals(1, found.size());
    ProviderFactory f = found.get(0);
    assertEquals(List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"), f.keyVariables());
    assertFalse(f.isSandbox());
    assertEquals("huggingface", f.create(Fixtures.context(server, scheduler)).name());
  }
}
