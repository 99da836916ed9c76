package dev.unigen.provider.openai;

import static dev.unigen.provider.openai.Fixtures.await;
import static dev.unigen.provider.openai.Fixtures.call;
import static dev.unigen.provider.openai.Fixtures.failure;
import static dev.unigen.provider.openai.Fixtures.imagesResponse;
import static dev.unigen.provider.openai.Fixtures.json;
import static dev.unigen.provider.openai.Fixtures.png;
import static dev.unigen.provider.openai.Fixtures.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Offer;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.Executors;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Configuration: key, base URL, factory, names, and the models OpenAI has shut down. */
class OpenAiProviderTest {
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

  private static Request gptImage2() {
    return Request.builder(Task.TEXT_TO_IMAGE).model("gpt-image-2").prompt("x").build();
  }

  @Test
  void aMissingKeyNamesTheVariableNotAValue() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> OpenAiProvider.builder().build(Fixtures.contextWith(Map.of("OPENAI_ORG_ID", "org-x"))));
    assertTrue(e.getMessage().contains("OPENAI_API_KEY"), e.getMessage());
  }

  @Test
  void theBaseUrlComesFromTheEnvironmentOrTheBuilder() throws Exception {
    OpenAiProvider fromEnv = OpenAiProvider.builder().build(Fixtures.context(server));
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "low", usage(1, 0, 196))));
    await(fromEnv.submit(call(fromEnv, gptImage2())));
    assertEquals("/v1/images/generations", server.takeRequest().getUrl().encodedPath());
    assertEquals("OpenAiProvider(openai https://api.openai.com/v1)",
        OpenAiProvider.builder().build(Fixtures.contextWith(Map.of("OPENAI_API_KEY", Fixtures.KEY))).toString());
    assertEquals("OpenAiProvider(openai https://proxy.example/v1)", OpenAiProvider.builder()
        .baseUrl("https://proxy.example/v1/").build(Fixtures.context(server)).toString());
  }

  @Test
  void anExplicitKeyIsSentAndRedacted() throws Exception {
    ProviderContext ctx = Fixtures.contextWith(Map.of("UNIGEN_OPENAI_BASE_URL", server.url("/v1").toString()));
    String key = "test-key-explicit-abcdef012345";
    OpenAiProvider p = OpenAiProvider.builder().apiKey(key).organization("org-a").project("proj-b").build(ctx);
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "low", usage(1, 0, 196))));
    await(p.submit(call(p, gptImage2())));
    var r = server.takeRequest();
    assertEquals("Bearer " + key, r.getHeaders().get("Authorization"));
    assertEquals("org-a", r.getHeaders().get("OpenAI-Organization"));
    assertEquals("proj-b", r.getHeaders().get("OpenAI-Project"));
    assertEquals("see ***", ctx.redactor().redact("see " + key));
  }

  @Test
  void theFactoryIsFoundAndReadsTheOfficialVariable() {
    ProviderFactory f = ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(x -> x.name().equals("openai")).findFirst().orElseThrow();
    assertEquals(List.of("OPENAI_API_KEY"), f.keyVariables());
    assertFalse(f.isSandbox());
    assertEquals("openai", f.create(Fixtures.context(server)).name());
  }

  @Test
  void aSecondInstanceTakesItsOwnNameCatalogAndBaseUrl() {
    OpenAiProvider backup = OpenAiProvider.builder().name("openai-backup").apiKey("test-key-backup-0123456789")
        .baseUrl("http://localhost:1/v1").build(Fixtures.contextWith(Map.of()));
    assertEquals("openai-backup", backup.name());
    assertEquals("OpenAiProvider(openai-backup http://localhost:1/v1)", backup.toString());
    assertEquals(3, backup.catalog().size());
    assertTrue(backup.catalog().offers().stream().allMatch(o -> o.provider().equals("openai-backup")));
  }

  @Test
  void shutDownModelsAreRefusedWithoutARequest() {
    OpenAiProvider p = OpenAiProvider.builder().build(Fixtures.context(server));
    // a user override still listing dall-e-3 (to plan with a seed's price) must not reach the API
    Offer dallE3 = Offer.builder("openai", "dall-e-3").endpoint("dall-e-3").tasks(Task.TEXT_TO_IMAGE)
        .provenance(LocalDate.of(2026, 11, 23), "test").build();
    ProviderCall c = new ProviderCall(UUID.randomUUID().toString(), Request.builder(Task.TEXT_TO_IMAGE).model("dall-e-3")
        .prompt("x").build(), dallE3, null, Duration.ofMinutes(1));
    Throwable e = failure(p.submit(c));
    ProviderFailureException f = assertInstanceOf(ProviderFailureException.class, e);
    assertFalse(f.retryable(), "failover moves on; retrying cannot help");
    assertTrue(e.getMessage().contains("2026-05-12"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void theDeprecatedModelsStopOnTheirShutdownDate() throws Exception {
    Map<String, String> env = Map.of("OPENAI_API_KEY", Fixtures.KEY, "UNIGEN_OPENAI_BASE_URL", server.url("/v1").toString());
    ProviderContext before = context(env, "2026-11-30T23:59:59Z");
    ProviderContext after = context(env, "2026-12-01T00:00:00Z");
    Request mini = Request.builder(Task.TEXT_TO_IMAGE).model("gpt-image-1-mini").prompt("x").build();

    OpenAiProvider live = OpenAiProvider.builder().build(before);
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "low", usage(1, 0, 272))));
    await(live.submit(call(live, mini)));
    assertEquals(1, server.getRequestCount());

    OpenAiProvider gone = OpenAiProvider.builder().build(after);
    Throwable e = failure(gone.submit(call(gone, mini)));
    assertTrue(assertInstanceOf(ProviderFailureException.class, e).getMessage().contains("2026-12-01"), e.getMessage());
    assertEquals(1, server.getRequestCount());
    // gpt-image-2 has no shutdown date
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "low", usage(1, 0, 196))));
    await(gone.submit(call(gone, gptImage2())));
  }

  @Test
  void tasksOutsideTheImageApiAreInvalid() {
    OpenAiProvider p = OpenAiProvider.builder().build(Fixtures.context(server));
    Offer fake = Offer.builder("openai", "gpt-image-2").endpoint("gpt-image-2").tasks(Task.UPSCALE)
        .provenance(LocalDate.of(2026, 11, 23), "test").build();
    Request upscale = Request.builder(Task.UPSCALE).model("gpt-image-2").build();
    Throwable e = failure(p.submit(new ProviderCall("id", upscale, fake, null, Duration.ofMinutes(1))));
    assertInstanceOf(InvalidRequestException.class, e);
    assertEquals(0, server.getRequestCount());
  }

  private static ProviderContext context(Map<String, String> env, String instant) {
    return ProviderContext.builder().httpClient(HttpCalls.withMarker(new OkHttpClient())).moshi(new Moshi.Builder().build())
        .scheduler(Executors.newScheduledThreadPool(1)).environment(env)
        .clock(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC)).build();
  }
}
