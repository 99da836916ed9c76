package dev.unigen.provider.leonardo.wire;

import dev.unigen.spi.http.Json;
import java.util.Map;
import java.util.Optional;

/**
 * The answer to a create: v1 {@code POST /generations} answers
 * {@code {"sdGenerationJob": {"generationId", "cost": {amount, unit}, "apiCreditCost"}}}, v2
 * {@code POST /generations} the same fields under {@code "generate"}. {@code apiCreditCost} is
 * deprecated in favour of {@code cost} and read only when {@code cost} is absent. Immutable.
 */
public final class CreateAnswer {
  private final Map<String, Object> job;

  private CreateAnswer(Map<String, Object> job) {
    this.job = job;
  }

  /** Reads the job object of {@code o}, under {@code sdGenerationJob} or {@code generate}. */
  public static CreateAnswer of(Map<String, Object> o) {
    Map<String, Object> job = Json.object(o, "sdGenerationJob");
    return new CreateAnswer(job.isEmpty() ? Json.object(o, "generate") : job);
  }

  /** {@code generationId}, the id the generation is read with. */
  public Optional<String> generationId() {
    return Json.text(job, "generationId");
  }

  /**
   * What the generation cost: {@code cost{amount, unit}}, else the deprecated {@code apiCreditCost}
   * as credits.
   */
  public Optional<Cost> cost() {
    return Cost.of(job).or(this::deprecatedCost);
  }

  /** True if the cost comes from the deprecated {@code apiCreditCost}: {@code cost} is absent. */
  public boolean deprecatedCostOnly() {
    return Cost.of(job).isEmpty() && deprecatedCost().isPresent();
  }

  private Optional<Cost> deprecatedCost() {
    return Json.decimal(job, "apiCreditCost").filter(c -> c.signum() >= 0).map(c -> new Cost(c, Cost.CREDITS));
  }
}
