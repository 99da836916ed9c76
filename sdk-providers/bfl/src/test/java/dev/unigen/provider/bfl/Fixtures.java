package dev.unigen.provider.bfl;

import com.squareup.moshi.Moshi;
import dev.unigen.catalog.Offer;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.Json;
import dev.unigen.request.Request;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/**
 * Shared set-up: a context pointing the provider at a MockWebServer, and payloads shaped like the
 * ones in BFL's API reference (docs.bfl.ai) and recorded exchanges quoted in PROVIDERS.md.
 */
final class Fixtures {
  static final String KEY = "test-key-bfl-0123456789abcdef";
  static final String TASK = "d5ba37dc-ba09-4658-852e-deea7e176439";
  /** A signed delivery URL of the shape BFL returns in result.sample. */
  static final String SAMPLE = "https://delivery-eu1.bfl.ai/results/8f/2d1c0e/sample.jpeg?se=2026-11-23T10%3A10%3A00Z&sp=r&sig=AbCdEf";

  private Fixtures() {}

  static ProviderContext context(MockWebServer server) {
    return context(Map.of("BFL_API_KEY", KEY, "UNIGEN_BFL_BASE_URL", server.url("/").toString()));
  }

  static ProviderContext context(Map<String, String> env) {
    return ProviderContext.builder()
        .httpClient(HttpCalls.withMarker(new OkHttpClient()))
        .moshi(new Moshi.Builder().build())
        .scheduler(Executors.newScheduledThreadPool(1))
        .environment(new HashMap<>(env))
        .build();
  }

  static BflProvider provider(MockWebServer server) {
    return BflProvider.builder().build(context(server));
  }

  static ProviderCall call(BflProvider p, Request r) {
    Offer offer = p.catalog().offer(p.name(), r.model().orElseThrow()).orElseThrow();
    return new ProviderCall("call-1", r, offer, null, Duration.ofSeconds(30));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  /** BFL's AsyncResponse, with the polling URL on a cluster host as BFL returns it. */
  static String submitted(String id, String cost, String inputMp, String outputMp) {
    return "{\"id\":\"" + id + "\",\"polling_url\":\"https://api.eu2.bfl.ai/v1/get_result?id=" + id + "\""
        + (cost != null ? ",\"cost\":" + cost : "")
        + (inputMp != null ? ",\"input_mp\":" + inputMp : "")
        + (outputMp != null ? ",\"output_mp\":" + outputMp : "") + "}";
  }

  static String pending(String id, String progress) {
    return "{\"id\":\"" + id + "\",\"status\":\"Pending\",\"result\":null,\"progress\":" + progress + "}";
  }

  static String ready(String id, String sample, long seed) {
    return "{\"id\":\"" + id + "\",\"status\":\"Ready\",\"result\":{\"sample\":\"" + sample + "\","
        + "\"prompt\":\"a red bicycle in the rain\",\"seed\":" + Long.toUnsignedString(seed) + ","
        + "\"start_time\":1763892600.12,\"end_time\":1763892604.87,\"duration\":4.75},\"progress\":null,\"details\":null}";
  }

  static String status(String id, String status, String details) {
    return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"result\":null,\"progress\":null"
        + (details != null ? ",\"details\":" + details : "") + "}";
  }

  static Map<String, Object> body(RecordedRequest r) {
    return Json.object(Json.parse(r.getBody().utf8()));
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
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) throw (RuntimeException) c;
      throw new CompletionException(c);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("the future did not complete", e);
    }
  }

  /** The exception a future completed with, unwrapped. */
  static Throwable failure(CompletableFuture<?> f) {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
      return t;
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("the future did not complete", e);
    }
    throw new AssertionError("the future succeeded");
  }
}
