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
public final class PriceList {
  /** One endpoint's price: so much {@code currency} per {@code unit}. */
  public static final class Price {
    private final String endpointId;
    private final BigDecimal unitPrice;
    private final String unit;
    private final String currency;

    Price(String endpointId, BigDecimal unitPrice, String unit, String currency) {
      this.endpointId = endpointId;
      this.unitPrice = unitPrice;
      this.unit = unit;
      this.currency = currency;
    }

    /** The endpoint, such as {@code fal-ai/flux/dev}. */
    public String endpointId() { return endpointId; }
    /** The price of one unit. */
    public BigDecimal unitPrice() { return unitPrice; }
    /** The billing unit as fal names it, such as {@code image}. */
    public String unit() { return unit; }
    /** The ISO currency code. */
    public String currency() { return currency; }
  }

  private final List<Price> prices;
  private final boolean hasMore;
  private final String nextCursor;

  private PriceList(List<Price> prices, boolean hasMore, String nextCursor) {
    this.prices = prices;
    this.hasMore = hasMore;
    this.nextCursor = nextCursor;
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
    return new PriceList(List.copyOf(prices), Json.bool(o, "has_more").orElse(false),
        Json.string(o, "next_cursor").orElse(null));
  }

  /** The prices read. */
  public List<Price> prices() { return prices; }
  /** True if fal has more results than this page. */
  public boolean hasMore() { return hasMore; }
  /** The cursor of the next page, if any. */
  public Optional<String> nextCursor() { return Optional.ofNullable(nextCursor); }
}
