package dev.unigen.pricing;

import dev.unigen.money.Money;
import java.util.Objects;
import java.util.Optional;

/**
 * An amount of money with the way it was obtained, and a short human-readable derivation such as
 * {@code "2 MP x 0.025"}. An {@link CostBasis#UNPRICED} charge has no amount. Immutable.
 */
public final class Charge {
  private final CostBasis basis;
  private final Money amount;
  private final String detail;

  private Charge(CostBasis basis, Money amount, String detail) {
    this.basis = basis;
    this.amount = amount;
    this.detail = detail;
  }

  /** Returns a charge of {@code amount} obtained by {@code basis}, which must not be UNPRICED. */
  public static Charge of(CostBasis basis, Money amount, String detail) {
    if (basis == CostBasis.UNPRICED) throw new IllegalArgumentException("an UNPRICED charge has no amount");
    return new Charge(basis, Objects.requireNonNull(amount, "amount"), Objects.requireNonNull(detail, "detail"));
  }

  /** Returns a charge with no known amount, saying why. */
  public static Charge unpriced(String why) {
    return new Charge(CostBasis.UNPRICED, null, Objects.requireNonNull(why, "why"));
  }

  /** How the amount was obtained. */
  public CostBasis basis() {
    return basis;
  }

  /** The amount; empty only when {@link #basis()} is UNPRICED. */
  public Optional<Money> amount() {
    return Optional.ofNullable(amount);
  }

  /** How the amount was derived, or why there is none. */
  public String detail() {
    return detail;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Charge)) return false;
    Charge c = (Charge) o;
    return basis == c.basis && Objects.equals(amount, c.amount) && detail.equals(c.detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(basis, amount, detail);
  }

  @Override
  public String toString() {
    return basis + " " + (amount == null ? "-" : amount.toString()) + " (" + detail + ")";
  }
}
