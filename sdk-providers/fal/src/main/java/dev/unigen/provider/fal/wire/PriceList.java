package dev.unigen.provider.fal.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An answer of fal's pricing API, {@code GET /v1/models/pricing?endpoint_id=...}:
 * {@code {prices: [{endpoint_id, unit_price, unit, currency}], next_cursor, has_more}}. Prices
 * stay exact decimals. Immutable.
 */
public record PriceList(List<Price> prices, boolean hasMore, Optional<String> nextCursor) {
  /**
   * One endpoint's price: so much {@code currency} (an ISO code) per {@code unit} (the billing
   * unit as fal names it, such as {@code image}) for {@code endpointId} (such as
   * {@code fal-ai/flux/dev}).
   */
  public record Price(String endpointId, BigDecimal unitPrice, String unit, String currency) {}

  /** The prices read, whether fal has more results than this page, and the cursor of the next one. */
  public PriceList {
    prices = List.copyOf(prices);
  }

  /**
   * Reads an answer; entries without an endpoint or a non-negative price are skipped.
   *
   * @throws IllegalArgumentException if the text is not a JSON object
   */
  public static PriceList parse(String text) {
    Object parsed = Json.parse(text);
    if (!(parsed instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    Map<String, Object> o = Json.object(parsed);
    List<Price> prices = new ArrayList<>();
    for (Object item : Json.array(o, "prices")) {
      Map<String, Object> p = Json.object(item);
      String id = Json.string(p, "endpoint_id").orElse(null);
      BigDecimal price = Json.decimal(p, "unit_price").orElse(null);
      if (id == null || price == null || price.signum() < 0) continue;
      prices.add(new Price(id, price, Json.string(p, "unit").orElse(""), Json.string(p, "currency").orElse("USD")));
    }
    return new PriceList(prices, Json.bool(o, "has_more").orElse(false), Json.string(o, "next_cursor"));
  }
}
