package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration, Derivation how) {
    Size size = Quantities.outputSize(r, defaultSize);
    RateTable.Entry e = prices.entry(size, r.quality().orElse(null), r.resolution().orElse(null), null, null);
    if (how != null) how.add(how.per(e.value, "image") + prices.which(e)).times(r.count());
    return Quantities.times(e.value, r.count());
  }

  @Override
  public BigDecimal actual(Usage u, Derivation how) {
    String q = u.quality().orElse(null);
    String res = u.resolution().orElse(null);
    if (u.images().isEmpty()) {
      RateTable.Entry e = prices.entry(null, q, res, null, null);
      if (how != null) how.add(Derivation.count(u.count(), "image"), how.per(e.value, "image") + prices.which(e));
      return e.value.multiply(BigDecimal.valueOf(u.count()));
    }
    // Images priced by one entry are counted together: "2 images × 0.04 USD/image (1024x1024)".
    Map<RateTable.Entry, Integer> byEntry = new LinkedHashMap<>();
    BigDecimal total = BigDecimal.ZERO;
    for (Size s : u.images()) {
      RateTable.Entry e = prices.entry(s, q, res, null, null);
      byEntry.merge(e, 1, Integer::sum);
      total = total.add(e.value);
    }
    if (how != null) {
      byEntry.forEach((e, n) -> how.add(Derivation.count(n, "image"), how.per(e.value, "image") + prices.which(e)));
    }
    return total;
  }

  @Override
  public String unitName() {
    return "image";
  }

  @Override
  public Optional<BigDecimal> unitPrice() {
    return prices.table.length == 1 ? Optional.of(prices.table[0].value) : Optional.empty();
  }
}
