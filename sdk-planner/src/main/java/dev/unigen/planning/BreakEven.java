package dev.unigen.planning;

import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.Subscription;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A subscription weighed against pay-as-you-go in one scenario: at what monthly volume its fee,
 * less its included credit, costs less than serving the same outputs on the cheapest offers of
 * other providers — "huggingface/pro pays off above 3,000 images a month".
 *
 * <p>The outputs weighed are the workload's lines the plan's provider serves in the scenario, and
 * those it could serve more cheaply than any other provider (unless the scenario assigns them
 * elsewhere), in the workload's mix. Per output, {@code h} is what they cost on the provider and
 * {@code a} on the cheapest offer of another provider the scenario allows; {@code F} is the fee and
 * {@code C} the included credit, all in the plan's currency. For {@code v} outputs a month on one
 * plan:
 *
 * <pre>
 * with the plan      = F + max(0, v × h − C)
 * pay as you go      = v × a
 * pays off above v*  = F ÷ a                 when F × h ≤ C × a (the credit still covers the usage there)
 *                    = (F − C) ÷ (a − h)     otherwise, when a > h; never when a ≤ h
 * </pre>
 *
 * <p>{@link #paysOffAbove()} is {@code v*} to {@link CostPlanner#DIVISION_SCALE} places; above it,
 * the plan is the cheaper. Immutable.
 */
public final class BreakEven {
  /**
   * One workload line weighed: its cost per user on the plan's provider and on the cheapest offer
   * elsewhere, in the plan's currency, before any credit.
   *
   * @param line the line's label
   * @param count its outputs per user
   * @param onPlan the provider's offer
   * @param onPlanCost its cost per user
   * @param elsewhere the cheapest offer of another provider
   * @param elsewhereCost its cost per user
   */
  public record Line(String line, long count, Offer onPlan, Money onPlanCost, Offer elsewhere, Money elsewhereCost) {
    /** Checks that every part is given. */
    public Line {
      Objects.requireNonNull(line, "line");
      Objects.requireNonNull(onPlan, "onPlan");
      Objects.requireNonNull(onPlanCost, "onPlanCost");
      Objects.requireNonNull(elsewhere, "elsewhere");
      Objects.requireNonNull(elsewhereCost, "elsewhereCost");
    }
  }

  private final Subscription subscription;
  private final boolean held;
  private final int sharedBy;
  private final Money fee;
  private final Money credit;
  private final List<Line> lines;
  private final long outputsPerUser;
  private final Money onPlan;
  private final Money elsewhere;
  private final String noun;

  BreakEven(Subscription subscription, boolean held, int sharedBy, Money fee, Money credit, List<Line> lines) {
    this.subscription = subscription;
    this.held = held;
    this.sharedBy = sharedBy;
    this.fee = fee;
    this.credit = credit;
    this.lines = List.copyOf(lines);
    long n = 0;
    Money h = Money.zero(fee.currency());
    Money a = Money.zero(fee.currency());
    boolean images = true;
    boolean videos = true;
    for (Line l : lines) {
      n += l.count();
      h = h.plus(l.onPlanCost());
      a = a.plus(l.elsewhereCost());
      images &= l.onPlan().tasks().stream().allMatch(t -> t.producesImage());
      videos &= l.onPlan().tasks().stream().allMatch(t -> t.producesVideo());
    }
    this.outputsPerUser = n;
    this.onPlan = h;
    this.elsewhere = a;
    this.noun = images ? "image" : videos ? "video" : "output";
  }

  /** The plan weighed, as the catalog states it. */
  public Subscription subscription() { return subscription; }
  /** True if the scenario holds the plan. */
  public boolean held() { return held; }
  /** The users one plan serves: those sharing it if held, else the workload's users. */
  public int sharedBy() { return sharedBy; }
  /** The monthly fee, in the plan's currency. */
  public Money fee() { return fee; }
  /** The monthly included credit, in the plan's currency. */
  public Money includedCredit() { return credit; }
  /** The lines weighed, with their costs on the provider and elsewhere. */
  public List<Line> lines() { return lines; }
  /** What the lines make: {@code image}, {@code video}, or {@code output} for a mix. */
  public String outputNoun() { return noun; }
  /** The outputs the weighed lines make a month on one plan now: {@link #sharedBy()} × their counts. */
  public long outputs() { return outputsPerUser * sharedBy; }

  /** What one output costs on the provider, in the workload's mix: {@code h}. */
  public Money onPlanPerOutput() { return Amounts.divide(onPlan, outputsPerUser); }
  /** What one output costs on the cheapest other offers, in the workload's mix: {@code a}. */
  public Money elsewherePerOutput() { return Amounts.divide(elsewhere, outputsPerUser); }

  /** What the weighed outputs cost a month with the plan now: fee plus usage above the credit. */
  public Money withPlan() {
    Money usage = onPlan.times(sharedBy);
    Money above = usage.minus(credit);
    return above.isNegative() ? fee : fee.plus(above);
  }

  /** What the weighed outputs cost a month on the cheapest other offers now. */
  public Money payAsYouGo() { return elsewhere.times(sharedBy); }

  /** True if the plan costs less than pay-as-you-go at today's volume. */
  public boolean paysOffNow() { return payAsYouGo().isGreaterThan(withPlan()); }

  /**
   * The monthly volume {@code v*} of outputs above which the plan costs less (see the class
   * comment), to {@link CostPlanner#DIVISION_SCALE} places; empty if it never does, because the
   * provider's offers cost no less than the others.
   */
  public Optional<BigDecimal> paysOffAbove() {
    BigDecimal n = BigDecimal.valueOf(outputsPerUser);
    // Per output, kept as sums over n outputs so no rounding enters before the last division.
    BigDecimal h = onPlan.amount();
    BigDecimal a = elsewhere.amount();
    BigDecimal f = fee.amount();
    BigDecimal c = credit.amount();
    if (a.signum() <= 0) return Optional.empty();
    if (f.multiply(h).compareTo(c.multiply(a)) <= 0) return Optional.of(Amounts.divide(f.multiply(n), a));
    if (a.compareTo(h) <= 0) return Optional.empty();
    return Optional.of(Amounts.divide(f.subtract(c).multiply(n), a.subtract(h)));
  }

  /** {@link #paysOffAbove()} in whole outputs: above this many, the plan is cheaper. */
  public Optional<Long> paysOffAboveWhole() {
    return paysOffAbove().map(v -> v.setScale(0, RoundingMode.FLOOR).longValueExact());
  }

  /** {@code huggingface/pro pays off above 3,000 images a month; here 1,000 (10 users × 100)}. */
  @Override
  public String toString() {
    String plan = subscription.provider() + "/" + subscription.name();
    String here = "; here " + Amounts.count(outputs()) + " (" + sharedBy + (sharedBy == 1 ? " user × " : " users × ")
        + Amounts.count(outputsPerUser) + ")";
    return paysOffAboveWhole().map(v -> plan + " pays off above " + Amounts.count(v) + " " + noun + "s a month" + here)
        .orElse(plan + " never pays off on these " + noun + "s: its provider costs no less than the others" + here);
  }
}
