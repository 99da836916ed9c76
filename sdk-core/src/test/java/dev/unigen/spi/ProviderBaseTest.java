package dev.unigen.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.catalog.Catalog;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.HttpErrors;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.ProviderErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The parts of the provider kit that modules extend or call instead of writing their own. */
class ProviderBaseTest {
  private static final String KEY = "test-key-base-0123456789";
  private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "base-test");
    t.setDaemon(true);
    return t;
  });
  private static final Catalog OFFERS = Catalog.parse("{\"format\":1,\"provider\":\"acme\",\"offers\":[{\"model\":\"m\","
      + "\"endpoint\":\"e\",\"tasks\":[\"text-to-image\"],\"asOf\":\"2026-11-01\",\"source\":\"https://acme.example/pricing\"}]}",
      "test");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  private static ProviderContext context(Map<String, String> env) {
    return ProviderContext.builder().httpClient(new OkHttpClient()).moshi(new Moshi.Builder().build())
        .scheduler(SCHEDULER).clock(CLOCK).environment(env).build();
  }

  /** A made-up provider on the base class: {@code send} does what the test hands it. */
  static final class Acme extends AbstractProvider {
    private final java.util.function.Function<ProviderCall, CompletableFuture<Submission>> send;

    Acme(ProviderSettings settings, java.util.function.Function<ProviderCall, CompletableFuture<Submission>> send) {
      super(settings, OFFERS);
      this.send = send;
    }

    Acme(ProviderSettings settings) {
      super(settings);
      this.send = call -> CompletableFuture.failedFuture(new AssertionError("not sent"));
    }

    @Override
    protected CompletableFuture<Submission> send(ProviderCall call) {
      return send.apply(call);
    }
  }

  static final class AcmeBuilder extends ProviderBuilder<AcmeBuilder> {
    AcmeBuilder() {
      super("acme", List.of("ACME_API_KEY"), "https://api.acme.example/v1", Duration.ofSeconds(30));
    }

    @Override
    public Provider build(ProviderContext context) {
      return new Acme(settings(context), call -> CompletableFuture.failedFuture(new AssertionError("not sent")));
    }

    ProviderSettings resolve(ProviderContext context) {
      return settings(context);
    }
  }

  static final class AcmeFactory extends StandardProviderFactory {
    AcmeFactory() {
      super(AcmeBuilder::new);
    }
  }

  static final class AcmeErrors extends ProviderErrors {
    AcmeErrors(ProviderSettings settings) {
      super(settings);
    }
  }

  private static ProviderSettings settings(String name) {
    return new AcmeBuilder().name(name).resolve(context(Map.of("ACME_API_KEY", KEY)));
  }

  private static ProviderCall call(Provider p) {
    Request r = Request.builder(Task.TEXT_TO_IMAGE).model("m").prompt("x").build();
    return new ProviderCall("call-1", r, p.catalog().offer(p.name(), "m").orElseThrow(), null, Duration.ofSeconds(30));
  }

  private static Throwable failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void theBaseAnswersNameCatalogAndToStringAndMovesTheOffersOfASecondInstance() {
    Acme first = new Acme(settings("acme"), c -> null);
    Acme second = new Acme(settings("acme-b"), c -> null);

    assertEquals("acme", first.name());
    assertSame(OFFERS, first.catalog());
    assertEquals("acme-b", second.name());
    assertEquals(Set.of("acme-b"), second.catalog().providers());
    assertEquals("Acme(acme-b https://api.acme.example/v1)", second.toString());
    assertFalse(second.toString().contains(KEY));
  }

  @Test
  void aRefreshedCatalogIsServedUnderTheInstancesName() {
    Catalog refreshed = Catalog.parse("{\"format\":1,\"provider\":\"acme\",\"offers\":[{\"model\":\"m2\","
        + "\"endpoint\":\"e2\",\"tasks\":[\"text\"],\"asOf\":\"2026-11-23\",\"source\":\"GET /v1/models\"}]}", "test");
    Acme second = new Acme(settings("acme-b"), c -> null);

    second.catalog(refreshed);

    assertEquals(Set.of("acme-b"), second.catalog().providers());
    assertTrue(second.catalog().offer("acme-b", "m2").isPresent());
    assertTrue(second.catalog().offer("acme-b", "m").isEmpty(), "the refreshed offers replace the others");
  }

  @Test
  void withoutACatalogBesideItsClassTheBundledConstructorFails() {
    assertThrows(IllegalStateException.class, () -> new Acme(settings("acme")));
  }

  @Test
  void aRefusalThrownWhileASubmitIsPreparedCompletesTheFuture() throws Exception {
    InvalidRequestException refused = new InvalidRequestException("acme", "no such size");
    Acme p = new Acme(settings("acme"), call -> {
      throw refused;
    });

    CompletableFuture<Submission> f = p.submit(call(p));

    assertSame(refused, failure(f));
    assertThrows(NullPointerException.class, () -> p.submit(null));
  }

  @Test
  void aSubmitSendsTheCallOnce() throws Exception {
    Submission done = Submission.completed(ProviderOutput.builder()
        .usage(dev.unigen.pricing.Usage.builder().requests(1).build()).build());
    int[] sent = {0};
    Acme p = new Acme(settings("acme"), call -> {
      sent[0]++;
      return CompletableFuture.completedFuture(done);
    });

    assertSame(done, p.submit(call(p)).get(5, TimeUnit.SECONDS));
    assertEquals(1, sent[0]);
  }

  @Test
  void theStandardFactoryHandsOutItsBuilder() {
    AcmeFactory f = new AcmeFactory();
    ProviderBuilder<?> b = f.builder();
    assertInstanceOf(AcmeBuilder.class, b);
    assertEquals(f.name(), b.defaultName());
    assertEquals(f.keyVariables(), b.keyVariables());
  }

  @Test
  void anInstanceSecretIsGivenOrReadFromItsOwnVariableAndRedacted() {
    ProviderContext ctx = context(Map.of("ACME_API_KEY", KEY, "UNIGEN_ACME_B_WEBHOOK_SECRET", " test-key-hook-b "));
    ProviderSettings b = new AcmeBuilder().name("acme-b").resolve(ctx);
    ProviderSettings a = new AcmeBuilder().resolve(ctx);

    assertEquals("UNIGEN_ACME_B_WEBHOOK_SECRET", ProviderContext.variable("acme-b", "WEBHOOK_SECRET"));
    assertEquals("UNIGEN_FAL_PLATFORM_BASE_URL", ProviderContext.variable("fal.platform", "BASE_URL"));
    assertEquals(Optional.of("test-key-hook-b"), b.secret(null, "WEBHOOK_SECRET"));
    assertEquals(Optional.empty(), a.secret(null, "WEBHOOK_SECRET"));
    assertEquals(Optional.of("test-key-given"), a.secret(" test-key-given", "WEBHOOK_SECRET"));
    assertEquals("*** and ***", ctx.redactor().redact("test-key-hook-b and test-key-given"));
  }

  @Test
  void aProvidersErrorReadingRedactsAndFallsBackOnTheCommonTable() {
    ProviderSettings s = settings("acme");
    AcmeErrors errors = new AcmeErrors(s);
    Headers wait = Headers.of("Retry-After", "7");

    assertEquals("acme", errors.provider());
    Answer badKey = Answer.of(401, Headers.of(), "{\"error\":{\"message\":\"bad key " + KEY + "\"}}");
    assertEquals("401 bad key ***", errors.message(badKey));
    assertEquals(Optional.of(Duration.ofSeconds(7)), errors.retryAfter(wait));
    assertInstanceOf(AuthenticationException.class, errors.common(Answer.of(403, Headers.of(), "{}")));
    RateLimitedException limited = assertInstanceOf(RateLimitedException.class, errors.common(429, "", wait));
    assertEquals(Optional.of(Duration.ofSeconds(7)), limited.retryAfter());
    GenerationException own = errors.forStatus(429, "429 slow down, " + KEY, Duration.ofSeconds(30));
    assertEquals(Optional.of(Duration.ofSeconds(30)), ((RateLimitedException) own).retryAfter());
    assertFalse(own.getMessage().contains(KEY), own.getMessage());
  }

  @Test
  void theCommonTableReadsEveryStatusTheSameWayWithOrWithoutTheBody() {
    Map<Integer, Class<? extends GenerationException>> table = Map.of(400, InvalidRequestException.class,
        401, AuthenticationException.class, 404, ProviderFailureException.class, 429, RateLimitedException.class,
        503, ProviderFailureException.class);
    table.forEach((status, type) -> {
      assertInstanceOf(type, HttpErrors.forStatus("acme", status, "m", null));
      assertInstanceOf(type, HttpErrors.map("acme", status, "{}", Headers.of(), new dev.unigen.spi.http.Redactor(), CLOCK));
    });
    assertTrue(((ProviderFailureException) HttpErrors.forStatus("acme", 503, "m", null)).retryable());
    assertFalse(((ProviderFailureException) HttpErrors.forStatus("acme", 404, "m", null)).retryable());
    assertFalse(HttpErrors.forStatus("acme", 451, "m", null) instanceof ContentModeratedException);
  }

  @Test
  void jsonReadsTextAndLenientObjects() {
    Map<String, Object> o = Json.lenient("{\"id\":\"x\",\"blank\":\"  \",\"n\":1}");
    assertEquals(Optional.of("x"), Json.text(o, "id"));
    assertEquals(Optional.empty(), Json.text(o, "blank"));
    assertEquals(Optional.empty(), Json.text(o, "n"));
    assertEquals(Map.of(), Json.lenient("<html>Bad Gateway</html>"));
    assertEquals(Map.of(), Json.lenient("[1,2]"));
    assertEquals(Map.of(), Json.lenient(" "));
    assertEquals(Map.of(), Json.lenient(null));
  }

  @Test
  void aWebhookHeaderIsFoundWhateverItsCase() {
    Map<String, List<String>> headers = Map.of("X-Webhook-Secret", List.of("s1", "s2"), "empty", List.of());
    assertEquals(Optional.of("s1"), WebhookEvent.header(headers, "x-webhook-secret"));
    assertEquals(Optional.empty(), WebhookEvent.header(headers, "empty"));
    assertEquals(Optional.empty(), WebhookEvent.header(headers, "missing"));
  }
}
