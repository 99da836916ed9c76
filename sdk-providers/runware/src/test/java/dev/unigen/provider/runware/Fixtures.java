package dev.unigen.provider.runware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.request.Request;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.http.Json;
import dev.unigen.testkit.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Runware on a local server, with calls whose id is a known task UUID, and readers of its one-task bodies. */
final class Fixtures {
  static final String KEY = "test-key-runware-0123456789abcdef";
  /** A UUID v4, used as the call id so the task UUID is known. */
  static final String TASK = "3f6a1c2e-8b4d-4e7a-9c1f-2a5b6d7e8f90";

  /**
   * The shipped flux-schnell offer with a price of this test's own ($0.0013 an image), for tests whose
   * subject needs an estimate (a budget's hold, an unknown outcome counted at its estimate); the
   * shipped offer is unpriced because Runware bills it by compute time.
   */
  static Catalog testPricedSchnell() {
    return Catalog.parse("""
        {"format": 1, "offers": [{"provider": "runware", "model": "flux-schnell", "endpoint": "runware:100@1",
          "tasks": ["text-to-image"],
          "capabilities": {"sizes": {"min": 128, "max": 2048, "multipleOf": 64}, "defaultSize": "1024x1024", "maxCount": 20},
          "price": {"kind": "per-image", "price": "0.0013"},
          "asOf": "2026-12-06", "source": "https://example.com/a-test-price"}]}
        """, "test price");
  }

  private Fixtures() {}

  static ProviderContext context(MockWebServer server) {
    return TestContext.of(Map.of("RUNWARE_API_KEY", KEY, "UNIGEN_RUNWARE_BASE_URL", server.url("/v1").toString()));
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

  /** The single task of a recorded Runware request (the body is always a one-element array). */
  static Map<String, Object> task(RecordedRequest r) {
    List<Object> array = Json.array(Json.parse(r.getBody().utf8()));
    assertEquals(1, array.size(), "one task per request");
    return Json.object(array.get(0));
  }

  static String str(Map<String, Object> o, String key) {
    return Json.string(o, key).orElseThrow(() -> new AssertionError("no string " + key + " in " + o.keySet()));
  }

  static Map<String, Object> obj(Map<String, Object> o, String key) {
    return Json.object(o, key);
  }
}
