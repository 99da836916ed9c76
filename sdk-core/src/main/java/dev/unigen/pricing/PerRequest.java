package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** R12: a flat price per request, whatever it produces. */
final class PerRequest implements Formula {
  private final BigDecimal price;

  PerRequest(BigDecimal price) {
    this.price = price;
  }

  static PerRequest read(JsonFields f) {
    return new PerRequest(f.requireNonNegative("price"));
  }

  @Override public String kind() { return "per-request"; }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration, Derivation how) {
    if (how != null) how.add(how.per(price, "request"));
    return price;
  }

  @Override
  public BigDecimal actual(Usage u, Derivation how) {
    if (how != null) how.add(Derivation.count(u.requests(), "request"), how.per(price, "request"));
    return price.multiply(BigDecimal.valueOf(u.requests()));
  }

  @Override
  public String unitName() {
    return "request";
  }

  @Override
  public Optional<BigDecimal> unitPrice() {
    return Optional.of(price);
  }
}
