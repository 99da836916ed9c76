package dev.unigen.budget;

import dev.unigen.GenerationException;
import dev.unigen.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Budget} refused a reservation because the estimate would take a cap over its limit.
 * Nothing was reserved. The message names the cap, its limit, what is already spent and reserved
 * in the cap's current period, and the estimate; the same values are available as accessors, all
 * in the budget's currency.
 */
public final class BudgetExceededException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Which kind of cap refused the reservation. */
  public enum Cap {
    /** The cap on a single request's estimate. */
    PER_REQUEST,
    /** A cap on the spend of one calendar day. */
    PER_DAY,
    /** A cap on the spend of one calendar month. */
    PER_MONTH,
    /** A cap on all spend, whatever the period (a backend that keeps spend for good has it). */
    TOTAL
  }

  // Amounts are kept as BigDecimal and Currency, which serialize; Money does not.
  /** The kind of cap. */
  private final Cap cap;
  /** The tag key of a per-tag cap, or null. */
  private final String tagKey;
  /** The tag value of a per-tag cap, or null. */
  private final String tagValue;
  /** The currency of every amount. */
  private final Currency currency;
  /** The cap's limit. */
  private final BigDecimal limit;
  /** Spent in the cap's period. */
  private final BigDecimal spent;
  /** Reserved in the cap's period. */
  private final BigDecimal reserved;
  /** The refused estimate. */
  private final BigDecimal estimate;

  /**
   * Creates the exception for a budget-wide cap. For {@link Cap#PER_REQUEST} pass zero for
   * {@code spent} and {@code reserved}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the amounts are not all in one currency
   */
  public BudgetExceededException(Cap cap, Money limit, Money spent, Money reserved, Money estimate) {
    this(limit, spent, reserved, estimate, cap, null, null);
  }

  /**
   * Creates the exception for a cap that applies to one value of a tag, such as the per-day cap of
   * {@code user=u-42}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the amounts are not all in one currency
   */
  public BudgetExceededException(Cap cap, String tagKey, String tagValue, Money limit, Money spent,
      Money reserved, Money estimate) {
    this(limit, spent, reserved, estimate, cap, Objects.requireNonNull(tagKey, "tagKey"),
        Objects.requireNonNull(tagValue, "tagValue"));
  }

  /** The one constructor that sets fields; a null tag key and value make a budget-wide cap. */
  private BudgetExceededException(Money limit, Money spent, Money reserved, Money estimate, Cap cap,
      String tagKey, String tagValue) {
    super(message(cap, tagKey, tagValue, limit, spent, reserved, estimate));
    this.cap = cap;
    this.tagKey = tagKey;
    this.tagValue = tagValue;
    this.currency = limit.currency();
    this.limit = limit.amount();
    this.spent = spent.amount();
    this.reserved = reserved.amount();
    this.estimate = estimate.amount();
  }

  private static String message(Cap cap, String tagKey, String tagValue, Money limit, Money spent,
      Money reserved, Money estimate) {
    Objects.requireNonNull(cap, "cap");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(spent, "spent");
    Objects.requireNonNull(reserved, "reserved");
    Objects.requireNonNull(estimate, "estimate");
    for (Money m : new Money[] {spent, reserved, estimate}) {
      if (!m.currency().equals(limit.currency())) {
        throw new IllegalArgumentException("amounts in " + m.currency() + " and " + limit.currency());
      }
    }
    String name = cap.name().toLowerCase(Locale.ROOT).replace('_', '-') + " cap";
    String scope = tagKey == null ? "" : " for " + tagKey + "=" + tagValue;
    if (cap == Cap.PER_REQUEST) {
      return "budget exceeded: estimate " + estimate + " is over the " + name + scope + " of " + limit;
    }
    return "budget exceeded: " + name + scope + " of " + limit + ": spent " + spent + " + reserved "
        + reserved + " + estimate " + estimate + " would be over it";
  }

  /** The kind of cap that refused the reservation. */
  public Cap cap() {
    return cap;
  }

  /** The tag key of a per-tag cap, such as {@code user}; empty for a budget-wide cap. */
  public Optional<String> tagKey() {
    return Optional.ofNullable(tagKey);
  }

  /** The tag value the per-tag cap was applied to, such as {@code u-42}; empty for a budget-wide cap. */
  public Optional<String> tagValue() {
    return Optional.ofNullable(tagValue);
  }

  /** The cap's limit. */
  public Money limit() {
    return Money.of(limit, currency);
  }

  /** What was already spent in the cap's current period; zero for {@link Cap#PER_REQUEST}. */
  public Money spent() {
    return Money.of(spent, currency);
  }

  /** What was reserved and not yet settled in the cap's current period; zero for {@link Cap#PER_REQUEST}. */
  public Money reserved() {
    return Money.of(reserved, currency);
  }

  /** The refused estimate, converted to the budget's currency. */
  public Money estimate() {
    return Money.of(estimate, currency);
  }
}
