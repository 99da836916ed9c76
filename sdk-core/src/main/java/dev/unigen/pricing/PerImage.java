package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** R1: a price per output image, flat or from a size × quality or resolution-tier table. */
final class PerImage implements Formula {
  private final RateTable prices;

  PerImage(RateTable prices) {
    this.prices = prices;
  }

  static PerImage read(JsonFields f) {
    if (f.has("price") == f.has("prices")) throw f.error("price", "give either price or prices");
    return new PerImage(f.has("price") ? RateTable.single(f.requireNonNegative("price"))
        : RateTable.read(f, "prices", "price", RateTable.IMAGE_KEYS));
  }

  @Override public String kind() { return "per-image"; }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration) {
    Size size = Quantities.outputSize(r, defaultSize);
    BigDecimal each = prices.lookup(size, r.quality().orElse(null), r.resolution().orElse(null), null, null);
    return Quantities.times(each, r.count());
  }

  @Override
  public BigDecimal actual(Usage u) {
    String q = u.quality().orElse(null);
    String res = u.resolution().orElse(null);
    if (u.images().isEmpty()) {
      return prices.lookup(null, q, res, null, null).multiply(BigDecimal.valueOf(u.count()));
    }
    BigDecimal total = BigDecimal.ZERO;
    for (Size s : u.images()) total = total.add(prices.lookup(s, q, res, null, null));
    return total;
  }

  @Override
  public Optional<BigDecimal> unitPrice() {
    return prices.entries.size() == 1 ? Optional.of(prices.entries.get(0).value) : Optional.empty();
  }
}
