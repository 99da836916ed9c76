package dev.unigen.provider.openai;

import static dev.unigen.provider.openai.Fixtures.imagesResponse;
import static dev.unigen.provider.openai.Fixtures.usage;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.call;
import static dev.unigen.testkit.TestCalls.failure;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestMedia.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Offer;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.testkit.StartStop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Configuration beyond the provider contract: the default base URL, organization and project, and the models OpenAI has shut down. */
class OpenAiProviderTest {
  @StartStop private final MockWebServer server = new MockWebServer();

  private static Request gptImage2() {
    return Request.builder(Task.TEXT_TO_IMAGE).model("gpt-image-2").prompt("x").build();
  }

  @Test
  void theDefaultBaseUrlIsOpenAis() {
    assertEquals("OpenAiProvider(openai https://api.openai.com/v1)",
        OpenAiProvider.builder().build(Fixtures.contextWith(Map.of("OPENAI_API_KEY", Fixtures.KEY))).toString());
  }

  @Test
  void theOrganizationAndProjectGoInTheOfficialClientsHeaders() throws Exception {
    OpenAiProvider fromEnv = OpenAiProvider.builder()
        .build(Fixtures.context(server, Map.of("OPENAI_ORG_ID", "org-env", "OPENAI_PROJECT_ID", "proj-env")));
    OpenAiProvider given = OpenAiProvider.builder().organization("org-a").project("proj-b")
        .build(Fixtures.context(server, Map.of("OPENAI_ORG_ID", "org-env")));
    OpenAiProvider neither = OpenAiProvider.builder().build(Fixtures.context(server));
    for (OpenAiProvider p : List.of(fromEnv, given, neither)) {
      server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "low", usage(1, 0, 196))));
      await(p.submit(call(p, gptImage2())));
    }
    RecordedRequest env = server.takeRequest();
    assertEquals("Bearer " + Fixtures.KEY, env.getHeaders().get("Authorization"));
    assertEquals("application/json", env.getHeaders().get("Accept"));
    assertEquals("org-env", env.getHeaders().get("OpenAI-Organization"));
    assertEquals("proj-env", env.getHeaders().get("OpenAI-Project"));
    RecordedRequest builder = server.takeRequest();
    assertEquals("org-a", builder.getHeaders().get("OpenAI-Organization"));
    assertEquals("proj-b", builder.getHeaders().get("OpenAI-Project"));
    RecordedRequest none = server.takeRequest();
    assertNull(none.getHeaders().get("OpenAI-Organization"));
    assertNull(none.getHeaders().get("OpenAI-Project"));
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
  void theModelsShutDownOn20261201AreRefusedFromThatDay() throws Exception {
    Map<String, String> env = Map.of("OPENAI_API_KEY", Fixtures.KEY, "UNIGEN_OPENAI_BASE_URL", server.url("/v1").toString());
    ProviderContext before = context(env, "2026-11-30T23:59:59Z");
    ProviderContext after = context(env, "2026-12-01T00:00:00Z");
    // No longer in the shipped catalog: a user override that still lists gpt-image-1-mini
    Offer miniOffer = Offer.builder("openai", "gpt-image-1-mini").endpoint("gpt-image-1-mini").tasks(Task.TEXT_TO_IMAGE)
        .provenance(LocalDate.of(2026, 11, 23), "test").build();
    Request mini = Request.builder(Task.TEXT_TO_IMAGE).model("gpt-image-1-mini").prompt("x").build();

    OpenAiProvider live = OpenAiProvider.builder().build(before);
    server.enqueue(json(200, imagesResponse(List.of(png(1024, 1024)), "png", "1024x1024", "low", usage(1, 0, 272))));
    await(live.submit(call(miniOffer, mini)));
    assertEquals(1, server.getRequestCount());

    OpenAiProvider gone = OpenAiProvider.builder().build(after);
    Throwable e = failure(gone.submit(call(miniOffer, mini)));
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
