package dev.unigen.planning;

import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Credit packs a product sells (such as 100 credits for $5) and the credits it charges for each
 * kind of output (1 credit for a basic image, 15 for a premium video), with what each output
 * costs to make. {@link #table(Currency, FxRates)} gives, for every output and every pack, the
 * revenue per output, the margin and the credits needed to break even: the table a product team
 * needs before launch.
 *
 * <p>An output's cost is either stated, or the sum of the per-output costs of named
 * {@link WorkloadLine}s (the steps of a pipeline), which {@link CostPlanner} works out for each
 * scenario. Immutable and threadsafe; the builder is not.
 *
 * <pre>{@code
 * CreditPacks packs = CreditPacks.builder()
 *     .pack("Starter", 100, Money.usd("5"))
 *     .output("Basic image", BigDecimal.ONE, Money.usd("0.013"))
 *     .build();
 * CreditPacks.Table t = packs.table(Currency.getInstance("USD"), FxRates.none());
 * // Basic image in Starter: revenue 5 × 1 / 100 = 0.05, margin 0.05 − 0.013 = 0.037
 * }</pre>
 */
public final class CreditPacks {
  private final List<Pack> packs;
  private final List<Output> outputs;

  private CreditPacks(List<Pack> packs, List<Output> outputs) {
    this.packs = List.copyOf(packs);
    this.outputs = List.copyOf(outputs);
  }

  /** Returns an empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The packs, in the order given. */
  public List<Pack> packs() { return packs; }

  /** The outputs, in the order given. */
  public List<Output> outputs() { return outputs; }

  /**
   * Works out the table in {@code currency}, converting pack prices and output costs with
   * {@code fx} (exactly, for a rate stated in the direction of the conversion).
   *
   * @throws IllegalStateException if an output's cost comes from workload lines; plan the
   *     workload with {@link CostPlanner}, which fills those in per scenario
   * @throws dev.unigen.money.CurrencyMismatchException if an amount cannot be converted
   */
  public Table table(Currency currency, FxRates fx) {
    return table(new Amounts(Objects.requireNonNull(fx, "fx"), Objects.requireNonNull(currency, "currency")),
        o -> o.cost().orElseThrow(() -> new IllegalStateException(
            "the cost of output '" + o.name() + "' comes from workload lines; plan the workload to get it")));
  }

  /** Works out the table with {@code costs} giving each output's cost (in any currency). */
  Table table(Amounts amounts, Function<Output, Money> costs) {
    List<Pack> converted = new ArrayList<>(packs.size());
    for (Pack p : packs) converted.add(new Pack(p.name, p.credits, amounts.convert(p.price)));
    List<Row> rows = new ArrayList<>(outputs.size());
    for (Output o : outputs) {
      Money cost = amounts.convert(costs.apply(o));
      List<Cell> cells = new ArrayList<>(converted.size());
      for (Pack p : converted) cells.add(cell(p, o, cost));
      rows.add(new Row(o, cost, cells));
    }
    return new Table(amounts.target(), converted, rows);
  }

  private static Cell cell(Pack p, Output o, Money cost) {
    BigDecimal credits = BigDecimal.valueOf(p.credits);
    // Multiply before dividing, so $5 × 15 / 100 is exact rather than a rounded price per credit × 15.
    Money revenue = Money.of(Amounts.divide(p.price.amount().multiply(o.credits), credits), cost.currency());
    Money margin = revenue.minus(cost);
    Optional<BigDecimal> ratio = revenue.isZero() ? Optional.empty()
        : Optional.of(Amounts.divide(margin.amount(), revenue.amount()));
    OptionalLong breakEven = p.price.isZero() ? OptionalLong.empty()
        : OptionalLong.of(cost.amount().multiply(credits).divide(p.price.amount(), 0, RoundingMode.CEILING).longValueExact());
    return new Cell(p, revenue, margin, ratio, breakEven);
  }

  @Override
  public String toString() {
    return "CreditPacks(" + packs.size() + " packs, " + outputs.size() + " outputs)";
  }

  /** A pack of credits sold for a price. Immutable. */
  public static final class Pack {
    private final String name;
    private final long credits;
    private final Money price;

    Pack(String name, long credits, Money price) {
      this.name = name;
      this.credits = credits;
      this.price = price;
    }

    /** The pack's name, such as {@code Starter}. */
    public String name() { return name; }
    /** Credits in the pack. */
    public long credits() { return credits; }
    /** What the pack sells for. */
    public Money price() { return price; }
    /** The price of one credit: price ÷ credits, to {@link CostPlanner#DIVISION_SCALE} places. */
    public Money pricePerCredit() { return Amounts.divide(price, credits); }

    @Override
    public String toString() {
      return name + ": " + credits + " credits for " + price;
    }
  }

  /** A kind of output the product charges credits for, and what one costs to make. Immutable. */
  public static final class Output {
    private final String name;
    private final BigDecimal credits;
    private final Money cost;
    private final List<String> lines;

    Output(String name, BigDecimal credits, Money cost, List<String> lines) {
      this.name = name;
      this.credits = credits;
      this.cost = cost;
      this.lines = List.copyOf(lines);
    }

    /** The output's name, such as {@code Premium video (5s)}. */
    public String name() { return name; }
    /** Credits charged per output. */
    public BigDecimal credits() { return credits; }
    /** The stated cost of one output; empty when it comes from {@link #lines()}. */
    public Optional<Money> cost() { return Optional.ofNullable(cost); }
    /** Names of the workload lines whose per-output costs add up to this output's cost; empty when stated. */
    public List<String> lines() { return lines; }

    @Override
    public String toString() {
      return name + ": " + credits.toPlainString() + " credits";
    }
  }

  /** Margins of every output in every pack, in one currency. Immutable. */
  public static final class Table {
    private final Currency currency;
    private final List<Pack> packs;
    private final List<Row> rows;

    Table(Currency currency, List<Pack> packs, List<Row> rows) {
      this.currency = currency;
      this.packs = List.copyOf(packs);
      this.rows = List.copyOf(rows);
    }

    /** The currency of every amount. */
    public Currency currency() { return currency; }
    /** The packs, with prices converted to {@link #currency()}. */
    public List<Pack> packs() { return packs; }
    /** One row per output. */
    public List<Row> rows() { return rows; }
  }

  /** One output across every pack. Immutable. */
  public static final class Row {
    private final Output output;
    private final Money cost;
    private final List<Cell> cells;

    Row(Output output, Money cost, List<Cell> cells) {
      this.output = output;
      this.cost = cost;
      this.cells = List.copyOf(cells);
    }

    /** The output. */
    public Output output() { return output; }
    /** What one output costs to make, in the table's currency. */
    public Money cost() { return cost; }
    /** One cell per pack, in the order of {@link Table#packs()}. */
    public List<Cell> cells() { return cells; }
  }

  /** One output sold through one pack. Immutable. */
  public static final class Cell {
    private final Pack pack;
    private final Money revenue;
    private final Money margin;
    private final Optional<BigDecimal> marginRatio;
    private final OptionalLong breakEvenCredits;

    Cell(Pack pack, Money revenue, Money margin, Optional<BigDecimal> marginRatio, OptionalLong breakEvenCredits) {
      this.pack = pack;
      this.revenue = revenue;
      this.margin = margin;
      this.marginRatio = marginRatio;
      this.breakEvenCredits = breakEvenCredits;
    }

    /** The pack. */
    public Pack pack() { return pack; }
    /** What one output brings in: pack price × output credits ÷ pack credits. */
    public Money revenue() { return revenue; }
    /** Revenue minus cost; negative when the output is sold at a loss. */
    public Money margin() { return margin; }
    /** Margin ÷ revenue (0.74 is 74 %); empty when the revenue is zero. */
    public Optional<BigDecimal> marginRatio() { return marginRatio; }
    /** The fewest whole credits per output that cover its cost in this pack; empty for a free pack. */
    public OptionalLong breakEvenCredits() { return breakEvenCredits; }
  }

  /** Builds {@link CreditPacks}. Not threadsafe. */
  public static final class Builder {
    private final List<Pack> packs = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a pack of {@code credits} credits sold for {@code price}.
     *
     * @throws IllegalArgumentException if the name is blank, the credits are below 1 or the price negative
     */
    public Builder pack(String name, long credits, Money price) {
      requireName(name);
      if (credits < 1) throw new IllegalArgumentException("pack " + name + ": credits must be at least 1: " + credits);
      if (price.isNegative()) throw new IllegalArgumentException("pack " + name + ": negative price " + price);
      packs.add(new Pack(name, credits, price));
      return this;
    }

    /**
     * Adds an output charged {@code credits} credits, costing {@code cost} to make.
     *
     * @throws IllegalArgumentException if the name is blank, the credits are not positive or the cost negative
     */
    public Builder output(String name, BigDecimal credits, Money cost) {
      requireOutput(name, credits);
      if (cost.isNegative()) throw new IllegalArgumentException("output " + name + ": negative cost " + cost);
      outputs.add(new Output(name, credits, cost, List.of()));
      return this;
    }

    /**
     * Adds an output charged {@code credits} credits whose cost is the sum of the per-output costs
     * of the named workload lines, in each planned scenario.
     *
     * @throws IllegalArgumentException if the name is blank, the credits are not positive or no line is named
     */
    public Builder output(String name, BigDecimal credits, List<String> lines) {
      requireOutput(name, credits);
      if (lines.isEmpty()) throw new IllegalArgumentException("output " + name + ": names no lines");
      outputs.add(new Output(name, credits, null, lines));
      return this;
    }

    private static void requireName(String name) {
      if (name == null || name.isBlank()) throw new IllegalArgumentException("blank name");
    }

    private static void requireOutput(String name, BigDecimal credits) {
      requireName(name);
      if (credits.signum() <= 0) throw new IllegalArgumentException("output " + name + ": credits must be positive: " + credits);
    }

    /**
     * Returns the packs.
     *
     * @throws IllegalArgumentException if there is no pack or no output, or two packs or two
     *     outputs share a name
     */
    public CreditPacks build() {
      if (packs.isEmpty()) throw new IllegalArgumentException("no credit packs");
      if (outputs.isEmpty()) throw new IllegalArgumentException("no outputs to price in credits");
      Set<String> names = new HashSet<>();
      for (Pack p : packs) if (!names.add(p.name)) throw new IllegalArgumentException("two packs named " + p.name);
      names.clear();
      for (Output o : outputs) if (!names.add(o.name)) throw new IllegalArgumentException("two outputs named " + o.name);
      return new CreditPacks(packs, outputs);
    }
  }
}
