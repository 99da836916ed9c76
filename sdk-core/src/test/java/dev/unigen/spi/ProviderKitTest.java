package dev.unigen.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.catalog.Catalog;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.ProviderHttp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider kit: one builder, one way to resolve settings, one bounded and typed HTTP exchange. */
class ProviderKitTest {
  private static final String KEY = "test-key-kit-0123456789";
  private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kit-test");
    t.setDaemon(true);
    return t;
  });

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

  /** A made-up provider builder: everything it knows comes from the base. */
  static final class AcmeBuilder extends ProviderBuilder<AcmeBuilder> {
    AcmeBuilder() {
      super("acme", List.of("ACME_API_KEY", "ACME_TOKEN"), "https://api.acme.example/v1", Duration.ofSeconds(30));
    }

    @Override
    public Provider build(ProviderContext context) {
      throw new AssertionError("not used: the tests read settings()");
    }

    ProviderSettings resolve(ProviderContext context) {
      return settings(context);
    }
  }

  private static ProviderContext context(Map<String, String> env) {
    return ProviderContext.builder().httpClient(new OkHttpClient()).moshi(new Moshi.Builder().build())
        .scheduler(SCHEDULER).environment(env).build();
  }

  @Test
  void aBlankKeyFailsInTheSetterNamingTheVariables() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AcmeBuilder().apiKey("  "));
    assertTrue(e.getMessage().contains("ACME_API_KEY or ACME_TOKEN"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AcmeBuilder().apiKey(""));
  }

  @Test
  void aMissingKeyNamesTheVariablesAndNoValue() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new AcmeBuilder().resolve(context(Map.of("OTHER_KEY", KEY))));
    assertTrue(e.getMessage().contains("ACME_API_KEY or ACME_TOKEN"), e.getMessage());
    assertFalse(e.getMessage().contains(KEY));
  }

  @Test
  void theSecondVariableIsReadAndRedacted() {
    ProviderContext ctx = context(Map.of("ACME_TOKEN", " " + KEY + " "));
    ProviderSettings s = new AcmeBuilder().resolve(ctx);
    assertEquals(KEY, s.apiKey());
    assertEquals("x ***", ctx.redactor().redact("x " + KEY));
    assertFalse(s.toString().contains(KEY));
  }

  @Test
  void theBaseUrlComesFromTheBuilderThenTheVariableThenTheDefault() {
    Map<String, String> env = Map.of("ACME_API_KEY", KEY, "UNIGEN_ACME_BASE_URL", "http://127.0.0.1:9/from-env/");
    assertEquals("https://api.acme.example/v1", new AcmeBuilder().resolve(context(Map.of("ACME_API_KEY", KEY))).baseUrl().toString());
    assertEquals("http://127.0.0.1:9/from-env", new AcmeBuilder().resolve(context(env)).baseUrl().toString());
    ProviderSettings s = new AcmeBuilder().baseUrl("http://127.0.0.1:9/proxy/v1/").resolve(context(env));
    assertEquals("http://127.0.0.1:9/proxy/v1/images?x=1", s.url("/images?x=1").toString());
    assertThrows(IllegalArgumentException.class, () -> new AcmeBuilder().baseUrl("ftp://example.com"));
  }

  @Test
  void badNamesAndTimeoutsFailInTheSetter() {
    assertThrows(IllegalArgumentException.class, () -> new AcmeBuilder().name("Acme"));
    assertThrows(IllegalArgumentException.class, () -> new AcmeBuilder().timeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new AcmeBuilder().maxAnswerBytes(0));
  }

  @Test
  void theTimeoutIsTheReadAndWriteTimeoutAndTheClientNeverResends() {
    ProviderSettings s = new AcmeBuilder().apiKey(KEY).timeout(Duration.ofSeconds(7)).resolve(context(Map.of()));
    assertEquals(7_000, s.httpClient().readTimeoutMillis());
    assertEquals(7_000, s.httpClient().writeTimeoutMillis());
    assertFalse(s.httpClient().retryOnConnectionFailure());
    assertTrue(s.httpClient().networkInterceptors().contains(HttpCalls.NETWORK_MARKER));
  }

  @Test
  void aSecondInstanceMovesTheCatalogToItsName() {
    Catalog bundled = Catalog.parse("{\"format\":1,\"provider\":\"acme\",\"offers\":[{\"model\":\"m\",\"endpoint\":\"e\","
        + "\"tasks\":[\"text-to-image\"],\"asOf\":\"2026-11-01\",\"source\":\"https://acme.example/pricing\"}]}", "test");
    ProviderSettings s = new AcmeBuilder().name("acme-b").apiKey(KEY).resolve(context(Map.of()));
    assertEquals(java.util.Set.of("acme-b"), s.catalog(bundled).providers());
    assertEquals(java.util.Set.of("acme"), new AcmeBuilder().apiKey(KEY).resolve(context(Map.of())).catalog(bundled).providers());
  }

  private ProviderHttp http(long maxAnswerBytes) {
    ProviderSettings s = new AcmeBuilder().apiKey(KEY).baseUrl(server.url("/v1").toString()).maxAnswerBytes(maxAnswerBytes)
        .resolve(context(Map.of()));
    return ProviderHttp.builder(s).bearerAuth().errors(answer -> answer.text().contains("nsfw")
        ? Optional.of(new ContentModeratedException("acme", "flagged")) : Optional.empty()).build();
  }

  private static Request post(ProviderHttp http) {
    return http.request("/images").post(RequestBody.create("{}", MediaType.get("application/json"))).build();
  }

  private static Throwable failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void aJsonBodyIsWrittenExactlyAndAValueWithNoJsonFormIsARefusalBeforeTheWire() throws Exception {
    ProviderHttp http = http(1024);
    RequestBody body = http.json(Map.of("seed", 4294967295L));
    okio.Buffer written = new okio.Buffer();
    body.writeTo(written);
    assertEquals("{\"seed\":4294967295}", written.readUtf8());
    assertEquals("application/json", body.contentType().type() + "/" + body.contentType().subtype());
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> http.json(Map.of("x", new Object())));
    assertEquals(Optional.of("acme"), e.provider());
    assertTrue(e.getMessage().contains("$.x"), e.getMessage());
  }

  @Test
  void aSubmitSendsTheHeadersAndDecodesTheAnswer() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"id\":\"a1\"}").build());
    ProviderHttp http = http(1024);
    assertEquals("a1", http.submit(post(http), a -> a.object().get("id")).get(10, TimeUnit.SECONDS));
    var r = server.takeRequest();
    assertEquals("/v1/images", r.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
  }

  @Test
  void aConnectionLostAfterASubmitWasSentIsAnUnknownOutcomeSentOnce() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    ProviderHttp http = http(1024);
    assertInstanceOf(OutcomeUnknownException.class, failure(http.submit(post(http), a -> a.text())));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aBrokenOrUnexpected200ToASubmitIsAnUnknownOutcome() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>gateway</html>").build());
    server.enqueue(new MockResponse.Builder().code(200).body("{\"images\":[").build());
    ProviderHttp http = http(1024);
    OutcomeUnknownException html = assertInstanceOf(OutcomeUnknownException.class,
        failure(http.submit(post(http), a -> a.object().get("id"))));
    assertTrue(html.getMessage().contains("billed"), html.getMessage());
    assertInstanceOf(OutcomeUnknownException.class, failure(http.submit(post(http), a -> a.object().get("id"))));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void theSameFailuresOnAReadAreRetryable() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>gateway</html>").build());
    ProviderHttp http = http(1024);
    ProviderFailureException e = assertInstanceOf(ProviderFailureException.class,
        failure(http.read(http.request("/jobs/1").build(), a -> a.object().get("status"))));
    assertTrue(e.retryable());
  }

  @Test
  void anAnswerOverTheBoundIsRefusedFromItsDeclaredLength() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"pad\":\"" + "x".repeat(4096) + "\"}").build());
    server.enqueue(new MockResponse.Builder().code(200).chunkedBody("{\"pad\":\"" + "x".repeat(4096) + "\"}", 512).build());
    ProviderHttp http = http(1024);
    OutcomeUnknownException declared = assertInstanceOf(OutcomeUnknownException.class,
        failure(http.submit(post(http), a -> a.text())));
    assertTrue(declared.getMessage().contains("4106 bytes is over the bound of 1024"), declared.getMessage());
    OutcomeUnknownException chunked = assertInstanceOf(OutcomeUnknownException.class,
        failure(http.submit(post(http), a -> a.text())));
    assertTrue(chunked.getMessage().contains("over the bound of 1024"), chunked.getMessage());
  }

  @Test
  void errorStatusesGoThroughTheProvidersReaderThenTheCommonMapping() throws Exception {
    server.enqueue(new MockResponse.Builder().code(400).body("{\"error\":\"nsfw content\"}").build());
    server.enqueue(new MockResponse.Builder().code(401).body("{\"error\":{\"message\":\"bad key " + KEY + "\"}}").build());
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").body("{}").build());
    ProviderHttp http = http(1024);
    assertInstanceOf(ContentModeratedException.class, failure(http.submit(post(http), a -> a.text())));
    GenerationException auth = assertInstanceOf(AuthenticationException.class, failure(http.submit(post(http), a -> a.text())));
    assertFalse(auth.getMessage().contains(KEY), auth.getMessage());
    RateLimitedException limited = assertInstanceOf(RateLimitedException.class, failure(http.submit(post(http), a -> a.text())));
    assertEquals(Optional.of(Duration.ofSeconds(7)), limited.retryAfter());
  }
}
