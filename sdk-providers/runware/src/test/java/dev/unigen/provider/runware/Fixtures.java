package dev.unigen.provider.runware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.squareup.moshi.Moshi;
import dev.unigen.GenerationException;
import dev.unigen.catalog.Offer;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.Json;
import dev.unigen.request.Request;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/** Shared set-up: a context pointing the provider at a MockWebServer, payloads shaped like Runware's docs. */
final class Fixtures {
  static final String KEY = "test-key-runware-0123456789abcdef";
  /** A UUID v4, used as the call id so the task UUID is known. */
  static final String TASK = "3f6a1c2e-8b4d-4e7a-9c1f-2a5b6d7e8f90";

  private Fixtures() {}

  static ProviderContext context(MockWebServer server) {
    return context(Map.of("RUNWARE_API_KEY", KEY, "UNIGEN_RUNWARE_BASE_URL", server.url("/v1").toString()));
  }

  static ProviderContext context(Map<String, String> env) {
    return ProviderContext.builder()
        .httpClient(HttpCalls.withMarker(new OkHttpClient()))
        .moshi(new Moshi.Builder().build())
        .scheduler(Executors.newScheduledThreadPool(1))
        .environment(new HashMap<>(env))
        .build();
  }

  static RunwareProvider provider(MockWebServer server) {
    return RunwareProvider.builder().build(context(server));
  }

  static ProviderCall call(RunwareProvider p, Request r) {
    return call(p, r, TASK);
  }

  static ProviderCall call(RunwareProvider p, Request r, String id) {
    Offer offer = p.catalog().offer(p.name(), r.model().orElseThrow()).orElseThrow();
    return new ProviderCall(id, r, offer, null, Duration.ofSeconds(30));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  /** The single task of a recorded Runware request (the body is always a one-element array). */
  static Map<String, Object> task(RecordedRequest r) {
    List<Object> array = Json.array(Json.parse(r.getBody().utf8()));
    assertEquals(1, array.size(), "one task per request");
    return Json.object(array.get(0));
  }

  static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    if (r == null) throw new AssertionError("no request reached the server");
    return r;
  }

  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : new CompletionException(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The typed error a future failed with. */
  static <E extends GenerationException> E failure(Class<E> type, CompletableFuture<?> f) {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      while (c instanceof CompletionException && c.getCause() != null) c = c.getCause();
      return assertInstanceOf(type, c);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected " + type.getSimpleName() + " but the call succeeded");
  }

  static String str(Map<String, Object> o, String key) {
    return Json.string(o, key).orElseThrow(() -> new AssertionError("no string " + key + " in " + o.keySet()));
  }

  static Map<String, Object> obj(Map<String, Object> o, String key) {
    return Json.object(o, key);
  }
}
