package dev.unigen.provider.leonardo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import org.junit.jupiter.api.Test;

/** The bundled catalog's rate limits: 100 creates a minute on each of Leonardo's two create endpoints. */
class LeonardoCatalogTest {
  private final Catalog catalog = Catalog.ofModule(LeonardoProvider.class);

  @Test
  void eachCreateEndpointHoldsItsHundredRequestsAMinute() {
    for (Offer o : catalog.offers()) {
      Offer.RateLimit limit = o.rateLimit().orElseThrow();
      // 100 a minute, one every 600 ms
      assertEquals(100 / 60.0, limit.requestsPerSecond().getAsDouble(), 1e-9, o.key());
      assertTrue(limit.concurrent().isEmpty(), o.key());
      // the v2 offers share the v2 endpoint's limit; the one v1 offer holds the v1 endpoint's alone
      assertEquals(!Requests.isV1(o.endpoint()), limit.sharedByProvider(), o.key());
    }
    assertFalse(catalog.offer("leonardo", "leonardo-phoenix-1.0").orElseThrow().rateLimit().orElseThrow().sharedByProvider());
    assertTrue(catalog.offer("leonardo", "kling-3.0-turbo").orElseThrow().rateLimit().orElseThrow().sharedByProvider());
  }
}
