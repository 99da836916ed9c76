package dev.unigen.provider.fal;

import static dev.unigen.testkit.TestCalls.json;

import dev.unigen.request.Request;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** fal on a local server, with the clock at {@link #NOW}, and payloads shaped like fal's documented ones. */
final class Fixtures {
  static final String KEY = "test-key-fal-0123456789abcdef";
  static final String REQUEST_ID = "80e732af-660e-45cd-bd63-580e4f2a94cc";
  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private Fixtures() {}

  /** The key in {@code FAL_KEY} and the base URL variable on {@code server}. */
  static Map<String, String> env(MockWebServer server) {
    return Map.of("FAL_KEY", KEY, "UNIGEN_FAL_BASE_URL", server.url("/").toString());
  }

  static ProviderContext context(MockWebServer server) {
    return context(env(server));
  }

  static ProviderContext context(Map<String, String> env) {
    return TestContext.builder().environment(env).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  static FalProvider provider(MockWebServer server) {
    return FalProvider.builder().build(context(server));
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

  static JobRef submit(FalProvider p, Request r) throws Exception {
    Submission s = TestCalls.await(p.submit(TestCalls.call(p, r)));
    return s.job().orElseThrow();
  }

  /** Submits, answers COMPLETED and the result, and returns the poll's result. */
  static PollResult run(MockWebServer server, FalProvider p, Request r, String ownerApp, MockResponse result) throws Exception {
    server.enqueue(queued(server, ownerApp));
    server.enqueue(completed());
    server.enqueue(result);
    JobRef job = submit(p, r);
    return TestCalls.await(p.poll(job));
  }
}
