package dev.unigen.pricing;

import dev.unigen.money.Money;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider plan with a monthly fee, a pool of included credit that pays for usage before any
 * pay-as-you-go charge, and an optional free quota of units (R15) — for example Hugging Face PRO:
 * $9 a month with $2 of Inference Providers credit included. The ledger applies the included
 * credit and quota to a month's charges; the planner amortizes the fee over users. Immutable.
 */
public final class Subscription {
  private final String provider;
  private final String name;
  private final Money monthlyFee;
  private final Money includedCredit;
  private final BigDecimal freeUnits;
  private final String freeUnit;
  private final String asOf;
  private final String source;

  private Subscription(Builder b) {
    provider = b.provider;
    name = b.name;
    monthlyFee = b.monthlyFee;
    includedCredit = b.includedCredit;
    freeUnits = b.freeUnits;
    freeUnit = b.freeUnit;
    asOf = b.asOf;
    source = b.source;
  }

  /** Returns a builder for a plan called {@code name} of {@code provider}. */
  public static Builder builder(String provider, String name) {
    return new Builder(provider, name);
  }

  /** The provider the plan belongs to. */
  public String provider() { return provider; }
  /** The plan's name, such as {@code pro}. */
  public String name() { return name; }
  /** The fee charged every month. */
  public Money monthlyFee() { return monthlyFee; }
  /** Usage credit included each month; unused credit does not carry over. */
  public Money includedCredit() { return includedCredit; }
  /** A number of free units a month (such as free images), if the plan has a quota. */
  public Optional<BigDecimal> freeUnits() { return Optional.ofNullable(freeUnits); }
  /** What the free units count, such as {@code image}. */
  public Optional<String> freeUnit() { return Optional.ofNullable(freeUnit); }
  /** The date the terms were read, ISO-8601. */
  public String asOf() { return asOf; }
  /** Where the terms were read. */
  public String source() { return source; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Subscription)) return false;
    Subscription s = (Subscription) o;
    return provider.equals(s.provider) && name.equals(s.name) && monthlyFee.equals(s.monthlyFee)
        && includedCredit.equals(s.includedCredit) && Objects.equals(freeUnits, s.freeUnits)
        && Objects.equals(freeUnit, s.freeUnit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, name, monthlyFee, includedCredit);
  }

  @Override
  public String toString() {
    return "Subscription(" + provider + "/" + name + " " + monthlyFee + "/month, " + includedCredit + " included)";
  }

  /** Builds a {@link Subscription}. Not threadsafe. */
  public static final class Builder {
    private final String provider;
    private final String name;
    private Money monthlyFee;
    private Money includedCredit;
    private BigDecimal freeUnits;
    private String freeUnit;
    private String asOf;
    private String source;

    private Builder(String provider, String name) {
      this.provider = Objects.requireNonNull(provider, "provider");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Sets the monthly fee. */
    public Builder monthlyFee(Money fee) { this.monthlyFee = fee; return this; }
    /** Sets the credit included each month. */
    public Builder includedCredit(Money credit) { this.includedCredit = credit; return this; }
    /** Sets a free quota of {@code units} of {@code unit} a month. */
    public Builder freeQuota(BigDecimal units, String unit) {
      this.freeUnits = units;
      this.freeUnit = unit;
      return this;
    }
    /** Sets when and where the terms were read. */
    public Builder provenance(String asOf, String source) {
      this.asOf = asOf;
      this.source = source;
      return this;
    }

    /**
     * Returns the plan.
     *
     * @throws IllegalArgumentException if the fee is missing or negative, or the fee and the
     *     included credit are in different currencies
     */
    public Subscription build() {
      if (monthlyFee == null || monthlyFee.isNegative()) throw new IllegalArgumentException("monthlyFee missing or negative");
      if (includedCredit == null) includedCredit = Money.zero(monthlyFee.currency());
      if (!includedCredit.currency().equals(monthlyFee.currency()) || includedCredit.isNegative()) {
        throw new IllegalArgumentException("includedCredit must be non-negative and in the fee's currency");
      }
      if (asOf == null || source == null) throw new IllegalArgumentException("asOf and source are required");
      return new Subscription(this);
    }
  }
}
