package dev.unigen.provider.runware;

import static dev.unigen.provider.runware.Fixtures.TASK;
import static dev.unigen.provider.runware.Fixtures.call;
import static dev.unigen.provider.runware.Fixtures.join;
import static dev.unigen.provider.runware.Fixtures.json;
import static dev.unigen.provider.runware.Fixtures.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.util.Map;
import java.util.ServiceLoader;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key, the base URL and the factory. */
class RunwareConfigTest {
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

  private static String ok() {
    return "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + TASK + "\",\"imageUUID\":\"a\","
        + "\"imageURL\":\"https://im.runware.ai/image/ws/2/ii/a.jpg\",\"cost\":0.0013}]}";
  }

  private static Request image() {
    return Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build();
  }

  @Test
  void aMissingKeyNamesTheVariable() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RunwareProvider.builder().build(Fixtures.context(Map.of())));
    assertTrue(e.getMessage().contains("RUNWARE_API_KEY"), e.getMessage());
  }

  @Test
  void theBaseUrlComesFromTheEnvironmentAndTheKeyFromItsVariable() throws Exception {
    RunwareProvider p = RunwareProvider.builder().build(Fixtures.context(Map.of(
        "RUNWARE_API_KEY", Fixtures.KEY, "UNIGEN_RUNWARE_BASE_URL", server.url("/proxy/v1/").toString())));
    server.enqueue(json(200, ok()));
    join(p.submit(call(p, image())));
    RecordedRequest r = take(server);
    assertEquals("/proxy/v1", r.getUrl().encodedPath(), "a trailing slash is dropped");
    assertEquals("Bearer " + Fixtures.KEY, r.getHeaders().get("Authorization"));
    assertEquals("application/json", r.getHeaders().get("Accept"));
  }

  @Test
  void anExplicitKeyAndBaseUrlWinAndTheKeyIsRedacted() throws Exception {
    ProviderContext ctx = Fixtures.context(Map.of("RUNWARE_API_KEY", "test-key-from-the-environment"));
    String key = "test-key-explicit-9876543210";
    RunwareProvider p = RunwareProvider.builder().apiKey(key).baseUrl(server.url("/v1").toString()).build(ctx);
    server.enqueue(json(200, ok()));
    join(p.submit(call(p, image())));
    assertEquals("Bearer " + key, take(server).getHeaders().get("Authorization"));
    assertEquals("see ***", ctx.redactor().redact("see " + key));
    assertFalse(p.toString().contains(key));
  }

  @Test
  void theDefaultBaseUrlIsRunwaresRestEndpoint() {
    RunwareProvider p = RunwareProvider.builder().build(Fixtures.context(Map.of("RUNWARE_API_KEY", Fixtures.KEY)));
    assertEquals("RunwareProvider(runware, https://api.runware.ai/v1)", p.toString());
  }

  @Test
  void theFactoryIsFoundByServiceLoader() {
    ProviderFactory found = null;
    for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
      if (f.name().equals("runware")) found = f;
    }
    assertTrue(found instanceof RunwareProviderFactory);
    assertEquals(java.util.List.of("RUNWARE_API_KEY"), found.keyVariables());
    assertFalse(found.isSandbox());
    assertEquals("runware", found.create(Fixtures.context(Map.of("RUNWARE_API_KEY", Fixtures.KEY))).name());
  }
}
