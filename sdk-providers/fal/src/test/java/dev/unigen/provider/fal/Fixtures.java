package dev.unigen.provider.fal;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.squareup.moshi.Moshi;
import dev.unigen.GenerationException;
import dev.unigen.catalog.Offer;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.Json;
import dev.unigen.request.Request;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.Submission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/** Shared set-up: a provider pointed at a MockWebServer, and payloads shaped like fal's documented ones. */
final class Fixtures {
  static final String KEY = "test-key-fal-0123456789abcdef";
  static final String REQUEST_ID = "80e732af-660e-45cd-bd63-580e4f2a94cc";
  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private Fixtures() {}

  static ProviderContext context(MockWebServer server) {
    return context(Map.of("FAL_KEY", KEY, "UNIGEN_FAL_BASE_URL", server.url("/").toString()));
  }

  static ProviderContext context(Map<String, String> env) {
    return ProviderContext.builder()
        .httpClient(HttpCalls.withMarker(new OkHttpClient()))
        .moshi(new Moshi.Builder().build())
        .scheduler(Executors.newScheduledThreadPool(1))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .environment(new HashMap<>(env))
        .build();
  }

  static FalProvider provider(MockWebServer server) {
    return FalProvider.builder().build(context(server));
  }

  static ProviderCall call(FalProvider p, Request r) {
    Offer offer = p.catalog().offer(p.name(), r.model().orElseThrow()).orElseThrow();
    return new ProviderCall("call-1", r, offer, null, Duration.ofSeconds(30));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  /** The submit answer of fal's queue docs, for {@code ownerApp} (status URLs keep only owner and app). */
  static MockResponse queued(MockWebServer server, String ownerApp) {
    String base = server.url("/").toString() + ownerApp + "/requests/" + REQUEST_ID;
    return json(200, "{\"request_id\":\"" + REQUEST_ID + "\",\"response_url\":\"" + base + "\",\"status_url\":\"" + base
        + "/status\",\"cancel_url\":\"" + base + "/cancel\"}");
  }

  static MockResponse completed() {
    return json(200, "{\"status\":\"COMPLETED\",\"request_id\":\"" + REQUEST_ID + "\",\"logs\":[],\"metrics\":{\"inference_time\":1.2}}");
  }

  static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  static <E extends GenerationException> E failure(Class<E> type, CompletableFuture<?> f) throws Exception {
    try {
      f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return assertInstanceOf(type, e.getCause());
    }
    throw new AssertionError("expected " + type.getSimpleName());
  }

  static JobRef submit(FalProvider p, Request r) throws Exception {
    Submission s = get(p.submit(call(p, r)));
    return s.job().orElseThrow();
  }

  /** Submits, answers COMPLETED and the result, and returns the poll's result. */
  static PollResult run(MockWebServer server, FalProvider p, Request r, String ownerApp, MockResponse result) throws Exception {
    server.enqueue(queued(server, ownerApp));
    server.enqueue(completed());
    server.enqueue(result);
    JobRef job = submit(p, r);
    return get(p.poll(job));
  }

  static Map<String, Object> body(RecordedRequest r) {
    return Json.object(Json.parse(r.getBody().utf8()));
  }
}
