package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** R9: steps × a price per step, or a flat price per bucket of steps (training runs). */
final class PerStep implements Formula {
  private final BigDecimal perStep; // null in bucket form
  private final List<long[]> bucketMax; // {maxSteps or -1 for open}
  private final List<BigDecimal> bucketPrice;
  private final Integer defaultSteps;

  private PerStep(BigDecimal perStep, List<long[]> bucketMax, List<BigDecimal> bucketPrice, Integer defaultSteps) {
    this.perStep = perStep;
    this.bucketMax = bucketMax;
    this.bucketPrice = bucketPrice;
    this.defaultSteps = defaultSteps;
  }

  static PerStep read(JsonFields f) {
    Integer defaultSteps = f.positiveInt("defaultSteps").orElse(null);
    if (f.has("price") == f.has("buckets")) throw f.error("price", "give either price or buckets");
    if (f.has("price")) return new PerStep(f.requireNonNegative("price"), List.of(), List.of(), defaultSteps);
    List<long[]> max = new ArrayList<>();
    List<BigDecimal> price = new ArrayList<>();
    long previous = 0;
    List<JsonFields> rows = f.objects("buckets");
    if (rows.isEmpty()) throw f.error("buckets", "needs at least one bucket");
    for (int i = 0; i < rows.size(); i++) {
      JsonFields row = rows.get(i);
      Optional<Integer> m = row.positiveInt("maxSteps");
      if (m.isEmpty() && i != rows.size() - 1) throw row.error("maxSteps", "only the last bucket may be open");
      if (m.isPresent() && m.get() <= previous) throw row.error("maxSteps", "buckets must ascend");
      previous = m.orElse(Integer.MAX_VALUE);
      max.add(new long[] {m.map(Integer::longValue).orElse(-1L)});
      price.add(row.requireNonNegative("price"));
      row.rejectUnknown();
    }
    return new PerStep(null, List.copyOf(max), List.copyOf(price), defaultSteps);
  }

  @Override public String kind() { return "per-step"; }

  private BigDecimal price(int steps, Derivation how) {
    if (perStep != null) {
      if (how != null) how.add(Derivation.count(steps, "step"), how.per(perStep, "step"));
      return perStep.multiply(BigDecimal.valueOf(steps));
    }
    for (int i = 0; i < bucketMax.size(); i++) {
      long max = bucketMax.get(i)[0];
      if (max < 0 || steps <= max) {
        if (how != null) {
          how.add(how.per(bucketPrice.get(i), "run") + " (" + Derivation.count(steps, "step")
              + (max < 0 ? ", the open bucket)" : ", up to " + Derivation.num(max) + ")"));
        }
        return bucketPrice.get(i);
      }
    }
    throw new PricingException(steps + " steps is above the largest priced bucket");
  }

  @Override
  public BigDecimal estimate(Request r, Size defaultSize, Duration defaultDuration, Derivation how) {
    int steps = r.steps().isPresent() ? r.steps().getAsInt() : defaultSteps == null ? -1 : defaultSteps;
    if (steps < 0) throw new PricingException("the number of steps is needed to price this request");
    BigDecimal one = price(steps, how);
    if (how != null) how.times(r.count());
    return Quantities.times(one, r.count());
  }

  @Override
  public BigDecimal actual(Usage u, Derivation how) {
    int steps = u.steps().orElseThrow(() -> new PricingException("per-step rule needs the steps run"));
    BigDecimal one = price(steps, how);
    if (how != null) how.times(u.count());
    return one.multiply(BigDecimal.valueOf(u.count()));
  }

  @Override
  public String unitName() {
    return "step";
  }

  @Override
  public Optional<BigDecimal> unitPrice() {
    return Optional.ofNullable(perStep);
  }
}
