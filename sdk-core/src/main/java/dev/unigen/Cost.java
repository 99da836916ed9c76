package dev.unigen;

import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import java.util.Objects;
import java.util.Optional;

/**
 * What a generation cost: the estimate it was chosen on, the actual amount, how the actual was
 * obtained ({@link CostBasis#REPORTED} by the provider, {@link CostBasis#COMPUTED} from what was
 * produced, or {@link CostBasis#UNPRICED}), how it was derived, and the kind of price rule used.
 * The actual is never copied from the estimate. Immutable.
 */
public final class Cost {
  private final Money estimate;
  private final Money actual;
  private final CostBasis basis;
  private final String detail;
  private final String rule;

  /** Creates a cost; {@code estimate} and {@code actual} may be null when unknown. */
  public Cost(Money estimate, Money actual, CostBasis basis, String detail, String rule) {
    this.estimate = estimate;
    this.actual = actual;
    this.basis = Objects.requireNonNull(basis, "basis");
    this.detail = Objects.requireNonNull(detail, "detail");
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  /** The estimate the offer was chosen on. */
  public Optional<Money> estimate() { return Optional.ofNullable(estimate); }
  /** The actual cost; empty when unpriced. */
  public Optional<Money> actual() { return Optional.ofNullable(actual); }
  /** How the actual was obtained. */
  public CostBasis basis() { return basis; }
  /** How the actual was derived, or why there is none. */
  public String detail() { return detail; }
  /** The kind of price rule used, such as {@code per-megapixel}, or {@code unpriced}. */
  public String rule() { return rule; }

  @Override
  public String toString() {
    return (actual == null ? "unpriced" : actual.toString()) + " " + basis
        + (estimate == null ? "" : " (estimated " + estimate + ")");
  }
}
