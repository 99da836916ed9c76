package dev.unigen.planning;

import dev.unigen.money.Money;
import dev.unigen.pricing.Subscription;
import java.util.Optional;

/**
 * What a subscription held in a scenario costs and saves, in the plan's currency: its fee and the
 * share of each of the users it is shared by, and how much of its included credit the workload
 * uses. All users sharing it are taken to run the whole workload, so the account's pay-as-you-go
 * usage on the provider is the per-user usage times {@link #sharedBy()}; the credit pays for it
 * first, up to the included amount, and each user's share of the credit is taken off the lines
 * served by the provider, in line order. Immutable.
 */
public final class SubscriptionCost {
  private final Subscription subscription;
  private final int sharedBy;
  private final Money fee;
  private final Money includedCredit;
  private final Money usage;
  private final Money creditUsed;
  private final String note;

  SubscriptionCost(Subscription subscription, int sharedBy, Money fee, Money includedCredit, Money usage,
      Money creditUsed, String note) {
    this.subscription = subscription;
    this.sharedBy = sharedBy;
    this.fee = fee;
    this.includedCredit = includedCredit;
    this.usage = usage;
    this.creditUsed = creditUsed;
    this.note = note;
  }

  /** The plan, as the catalog states it (with its {@code asOf} and {@code source}). */
  public Subscription subscription() { return subscription; }
  /** How many users share the fee and the credit. */
  public int sharedBy() { return sharedBy; }
  /** The fee per period, in the plan's currency. */
  public Money fee() { return fee; }
  /** Each user's share of the fee: fee ÷ {@link #sharedBy()}, to {@link CostPlanner#DIVISION_SCALE} places. */
  public Money feePerUser() { return Amounts.divide(fee, sharedBy); }
  /** The credit included per period, in the plan's currency. */
  public Money includedCredit() { return includedCredit; }
  /** Pay-as-you-go cost on the provider for all sharing users, before the credit. */
  public Money usage() { return usage; }
  /** The part of the included credit used: the smaller of the credit and {@link #usage()}. */
  public Money creditUsed() { return creditUsed; }
  /** Each user's share of the credit used, to {@link CostPlanner#DIVISION_SCALE} places. */
  public Money creditPerUser() { return Amounts.divide(creditUsed, sharedBy); }
  /** A remark, such as a free quota the planner does not apply. */
  public Optional<String> note() { return Optional.ofNullable(note); }

  @Override
  public String toString() {
    return "SubscriptionCost(" + subscription.provider() + "/" + subscription.name() + " fee " + fee + " / "
        + sharedBy + " users, credit used " + creditUsed + " of " + includedCredit + ")";
  }
}
