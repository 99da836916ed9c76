package dev.unigen.planning;

import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a product does in one period, such as a month, for one user of a tier: the lines of
 * operations ({@link WorkloadLine}), how many users the tier has, what one of them pays (the
 * tier's price, for margins) and, optionally, the credit packs it sells. {@link CostPlanner}
 * prices it on each {@link Scenario}.
 *
 * <p>Lines are per user. A workload that is a whole account rather than a tier keeps the default
 * of one user. Immutable and threadsafe; the builder is not.
 *
 * <pre>{@code
 * Workload starter = Workload.builder("STARTER")
 *     .users(10)
 *     .revenue(Money.of("199000", "IDR"))
 *     .line(WorkloadLine.builder(Task.TEXT_TO_IMAGE).name("FLUX schnell images")
 *         .model("flux-schnell").size(1024, 1024).count(1000).build())
 *     .build();
 * }</pre>
 */
public final class Workload {
  private final String name;
  private final String description;
  private final String period;
  private final int users;
  private final Money revenue;
  private final List<WorkloadLine> lines;
  private final Map<String, WorkloadLine> byName;
  private final CreditPacks creditPacks;
  private final List<FixedCost> fixedCosts;

  private Workload(Builder b, Map<String, WorkloadLine> byName) {
    name = b.name;
    description = b.description;
    period = b.period;
    users = b.users;
    revenue = b.revenue;
    lines = List.copyOf(b.lines);
    this.byName = Map.copyOf(byName);
    creditPacks = b.creditPacks;
    fixedCosts = List.copyOf(b.fixedCosts);
  }

  /** Returns a builder for a workload called {@code name}, of one user a month and no lines. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Returns a builder holding this workload's values. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.description = description;
    b.period = period;
    b.users = users;
    b.revenue = revenue;
    b.lines.addAll(lines);
    b.creditPacks = creditPacks;
    b.fixedCosts.addAll(fixedCosts);
    return b;
  }

  /** The workload's name, such as a tier's. */
  public String name() { return name; }
  /** A sentence about it, if given. */
  public Optional<String> description() { return Optional.ofNullable(description); }
  /**
   * The period every count is per, such as {@code month}. Subscriptions charge their monthly fee
   * and include their monthly credit once per period, so plan by the month when a scenario holds one.
   */
  public String period() { return period; }
  /** How many users run the workload; each runs every line. */
  public int users() { return users; }
  /** What one user pays per period, if known. */
  public Optional<Money> revenue() { return Optional.ofNullable(revenue); }
  /** The lines, in order. */
  public List<WorkloadLine> lines() { return lines; }
  /** The line named {@code name}. */
  public Optional<WorkloadLine> line(String name) { return Optional.ofNullable(byName.get(name)); }
  /** The credit packs sold, whose margins the plan works out per scenario. */
  public Optional<CreditPacks> creditPacks() { return Optional.ofNullable(creditPacks); }
  /** The costs that do not depend on the offers chosen, such as a storage bill or a platform fee. */
  public List<FixedCost> fixedCosts() { return fixedCosts; }

  /**
   * A cost per period that no offer choice changes — a storage bill, a platform fee. One
   * {@linkplain #perUser() per user}, or for all the workload's users together, when it is
   * divided among them. Immutable.
   *
   * @param name what it is, shown in reports
   * @param amount the cost per period
   * @param perUser true if every user costs {@code amount}; false if all users share it
   */
  public record FixedCost(String name, Money amount, boolean perUser) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the name is blank or the amount negative
     */
    public FixedCost {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(amount, "amount");
      if (name.isBlank()) throw new IllegalArgumentException("fixed cost name is blank");
      if (amount.isNegative()) throw new IllegalArgumentException("fixed cost '" + name + "' is negative: " + amount);
    }

    /**
     * A storage bill priced by a {@code storage} price rule (R16): {@code gbMonths}
     * gigabyte-months stored in the period by all users together, less the rule's free allowance,
     * at its rate per gigabyte-month. One bill for the account, shared by all users.
     *
     * @throws IllegalArgumentException if {@code rule} is not of kind {@code storage}, the name is
     *     blank or {@code gbMonths} negative
     */
    public static FixedCost storage(String name, PriceRule rule, BigDecimal gbMonths) {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(gbMonths, "gbMonths");
      if (!rule.kind().equals("storage")) {
        throw new IllegalArgumentException("fixed cost '" + name + "': a storage bill needs a rule of kind storage, not "
            + rule.kind());
      }
      if (gbMonths.signum() < 0) throw new IllegalArgumentException("fixed cost '" + name + "': negative gbMonths " + gbMonths);
      Money bill = rule.actual(Usage.builder().storageGbMonths(gbMonths).build()).amount().orElseThrow();
      return new FixedCost(name, bill, false);
    }
  }

  @Override
  public String toString() {
    return "Workload(" + name + ", " + lines.size() + " lines per user per " + period + ", " + users + " users)";
  }

  /** Builds a {@link Workload}. Not threadsafe. */
  public static final class Builder {
    private final String name;
    private String description;
    private String period = "month";
    private int users = 1;
    private Money revenue;
    private final List<WorkloadLine> lines = new ArrayList<>();
    private CreditPacks creditPacks;
    private final List<FixedCost> fixedCosts = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Sets a sentence about the workload. */
    public Builder description(String description) { this.description = description; return this; }
    /** Sets the period every count is per; {@code month} by default. */
    public Builder period(String period) { this.period = Objects.requireNonNull(period, "period"); return this; }
    /** Sets how many users run the workload; 1 by default. */
    public Builder users(int users) { this.users = users; return this; }
    /** Sets what one user pays per period. */
    public Builder revenue(Money revenue) { this.revenue = Objects.requireNonNull(revenue, "revenue"); return this; }
    /** Adds a line. */
    public Builder line(WorkloadLine line) { lines.add(Objects.requireNonNull(line, "line")); return this; }
    /** Sets the credit packs sold. */
    public Builder creditPacks(CreditPacks packs) { this.creditPacks = Objects.requireNonNull(packs, "packs"); return this; }
    /** Adds a cost that no offer choice changes. */
    public Builder fixedCost(FixedCost cost) { fixedCosts.add(Objects.requireNonNull(cost, "cost")); return this; }

    /**
     * Returns the workload.
     *
     * @throws IllegalArgumentException if the name or period is blank, there are no lines or
     *     fewer than one user, the revenue is negative, two lines or two fixed costs share a name, or a credit-pack
     *     output names a line that does not exist
     */
    public Workload build() {
      if (name.isBlank()) throw new IllegalArgumentException("workload name is blank");
      if (period.isBlank()) throw new IllegalArgumentException("period is blank");
      if (users < 1) throw new IllegalArgumentException("users must be at least 1: " + users);
      if (lines.isEmpty()) throw new IllegalArgumentException("workload " + name + " has no lines");
      if (revenue != null && revenue.isNegative()) throw new IllegalArgumentException("negative revenue " + revenue);
      Map<String, WorkloadLine> byName = new HashMap<>();
      for (WorkloadLine l : lines) {
        if (l.name().isPresent() && byName.put(l.name().get(), l) != null) {
          throw new IllegalArgumentException("two lines named '" + l.name().get() + "'");
        }
      }
      Set<String> fixedNames = new HashSet<>();
      for (FixedCost f : fixedCosts) {
        if (!fixedNames.add(f.name())) throw new IllegalArgumentException("two fixed costs named '" + f.name() + "'");
      }
      if (creditPacks != null) {
        for (CreditPacks.Output o : creditPacks.outputs()) {
          for (String line : o.lines()) {
            if (!byName.containsKey(line)) {
              throw new IllegalArgumentException("credit-pack output '" + o.name() + "' names no line '" + line + "'");
            }
          }
        }
      }
      return new Workload(this, byName);
    }
  }
}
