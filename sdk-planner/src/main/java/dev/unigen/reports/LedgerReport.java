package dev.unigen.reports;

import dev.unigen.Chain;
import dev.unigen.ledger.CostLedger;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.ledger.LedgerTotals;
import dev.unigen.money.Money;
import dev.unigen.planning.CostPlanner;
import dev.unigen.pricing.CostBasis;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What was really spent, from a {@link CostLedger}: charged totals (actual cost less included
 * credit) by provider, model, tag and day, and how far estimates drifted from actual costs, as
 * plain text, JSON, CSV or one self-contained HTML page with bar charts. See {@code docs/reports.md}.
 *
 * <p>The figures are taken when the report is built, over a half-open time range (all entries by
 * default). Totals come from the ledger's own queries, so they match it, in its currency. Drift
 * compares, per provider, model and currency, the estimates and actuals of the successful entries
 * whose actual was reported by the provider or computed from the output. Entries a {@link Chain}
 * recorded (tag {@value Chain#TAG}) are also grouped by chain: its runs, the estimates of the steps
 * that succeeded and the actual cost of every attempt. Text and HTML round
 * amounts half-even to the currency's usual places and two more (4 for US dollars), since single
 * calls cost fractions of a cent; JSON and CSV are exact.
 * Immutable and threadsafe; the builder is not.
 *
 * <pre>{@code
 * LedgerReport report = LedgerReport.builder(ledger).between(monthStart, monthEnd).tagKeys("user").build();
 * String text = report.render(ReportFormat.TEXT);
 * }</pre>
 */
public final class LedgerReport {
  // Ledger amounts are single calls, often fractions of a cent: two places more than the currency's.
  private static final int EXTRA_PLACES = 2;

  private final String title;
  private final Instant from;
  private final Instant to;
  private final Currency currency;
  private final int scale;
  private final int entries;
  private final Money total;
  private final SortedMap<String, Money> byProvider;
  private final SortedMap<String, Money> byModel;
  private final SortedMap<String, SortedMap<String, Money>> byTag;
  private final SortedMap<LocalDate, Money> byDay;
  private final SortedMap<String, Integer> providerEntries;
  private final SortedMap<String, Integer> modelEntries;
  private final SortedMap<String, SortedMap<String, Integer>> tagEntries;
  private final List<Drift> drift;
  private final List<ChainTotal> chains;

  private LedgerReport(Builder b) {
    CostLedger ledger = b.ledger;
    title = b.title != null ? b.title : "Cost ledger report";
    from = b.from;
    to = b.to;
    currency = ledger.currency();
    scale = b.scale >= 0 ? b.scale : Fmt.digits(currency) + EXTRA_PLACES;
    List<LedgerEntry> inRange = new ArrayList<>();
    for (LedgerEntry e : ledger.entries()) {
      if (!e.timestamp().isBefore(from) && e.timestamp().isBefore(to)) inRange.add(e);
    }
    entries = inRange.size();
    LedgerTotals totals = ledger.totals(from, to);
    total = totals.total();
    byProvider = totals.byProvider();
    byModel = totals.byModel();
    byDay = totals.byDay();
    providerEntries = count(inRange, e -> Optional.of(e.provider()));
    modelEntries = count(inRange, e -> Optional.of(e.model()));
    TreeSet<String> keys = new TreeSet<>(b.tagKeys);
    if (b.tagKeys.isEmpty()) for (LedgerEntry e : inRange) keys.addAll(e.tags().keySet());
    SortedMap<String, SortedMap<String, Money>> tags = new TreeMap<>();
    SortedMap<String, SortedMap<String, Integer>> tagCounts = new TreeMap<>();
    for (String key : keys) {
      tags.put(key, totals.byTag(key));
      tagCounts.put(key, count(inRange, e -> Optional.ofNullable(e.tags().get(key))));
    }
    byTag = Collections.unmodifiableSortedMap(tags);
    tagEntries = Collections.unmodifiableSortedMap(tagCounts);
    drift = drift(inRange);
    chains = chains(inRange);
  }

  /** Returns a builder for a report of {@code ledger}: every entry, every tag key. */
  public static Builder builder(CostLedger ledger) {
    return new Builder(Objects.requireNonNull(ledger, "ledger"));
  }

  private static SortedMap<String, Integer> count(List<LedgerEntry> entries, Function<LedgerEntry, Optional<String>> key) {
    SortedMap<String, Integer> out = new TreeMap<>();
    for (LedgerEntry e : entries) key.apply(e).ifPresent(k -> out.merge(k, 1, Integer::sum));
    return Collections.unmodifiableSortedMap(out);
  }

  private static List<Drift> drift(List<LedgerEntry> entries) {
    SortedMap<String, Drift> groups = new TreeMap<>();
    for (LedgerEntry e : entries) {
      if (e.outcome() != LedgerEntry.Outcome.SUCCEEDED || e.estimate().isEmpty() || e.actual().isEmpty()) continue;
      // An actual that is itself an estimate, or unpriced, says nothing about drift.
      if (e.basis() != CostBasis.REPORTED && e.basis() != CostBasis.COMPUTED) continue;
      Money estimate = e.estimate().get();
      Money actual = e.actual().get();
      String key = e.provider() + "\u0000" + e.model() + "\u0000" + actual.currency().getCurrencyCode();
      groups.merge(key, new Drift(e.provider(), e.model(), 1, estimate, actual, actual.isGreaterThan(estimate) ? 1 : 0),
          Drift::plus);
    }
    return List.copyOf(groups.values());
  }

  private static List<ChainTotal> chains(List<LedgerEntry> entries) {
    SortedMap<String, ChainTotal> groups = new TreeMap<>();
    for (LedgerEntry e : entries) {
      String chain = e.tags().get(Chain.TAG);
      if (chain == null) continue;
      Optional<Money> any = e.actual().or(e::estimate);
      String code = any.map(m -> m.currency().getCurrencyCode()).orElse("USD");
      Money zero = Money.zero(Currency.getInstance(code));
      // A step's estimate is counted once, on the attempt that made its output; every attempt's actual is paid.
      Money estimated = e.outcome() == LedgerEntry.Outcome.SUCCEEDED ? e.estimate().orElse(zero) : zero;
      Money actual = e.actual().orElse(zero);
      Set<String> runs = new HashSet<>();
      if (e.tags().containsKey(Chain.RUN_TAG)) runs.add(e.tags().get(Chain.RUN_TAG));
      groups.merge(chain + "\u0000" + code, new ChainTotal(chain, runs, 1, estimated, actual), ChainTotal::plus);
    }
    return List.copyOf(groups.values());
  }

  /** The first instant of the range. */
  public Instant from() { return from; }
  /** The end of the range, exclusive. */
  public Instant to() { return to; }
  /** The ledger's currency, which every total is in. */
  public Currency currency() { return currency; }
  /** Entries recorded in the range, of any outcome. */
  public int entries() { return entries; }
  /** Charged in the range. */
  public Money total() { return total; }
  /** Charged per provider, sorted by provider. */
  public SortedMap<String, Money> byProvider() { return byProvider; }
  /** Charged per logical model, sorted by model. */
  public SortedMap<String, Money> byModel() { return byModel; }
  /** Charged per value of each tag key reported, sorted by key then value. */
  public SortedMap<String, SortedMap<String, Money>> byTag() { return byTag; }
  /** Charged per day in the ledger's zone, days without entries left out. */
  public SortedMap<LocalDate, Money> byDay() { return byDay; }
  /** Estimate against actual per provider, model and currency, sorted in that order. */
  public List<Drift> drift() { return drift; }
  /** The entries chains recorded, per chain and currency, sorted in that order; empty when no entry has the tag {@value Chain#TAG}. */
  public List<ChainTotal> chains() { return chains; }

  /** The title text, JSON and HTML open with. */
  String title() { return title; }
  /** The decimal places text and HTML round amounts to. */
  int scale() { return scale; }
  /** Entries in the range per provider, of any outcome. */
  SortedMap<String, Integer> providerEntries() { return providerEntries; }
  /** Entries in the range per logical model, of any outcome. */
  SortedMap<String, Integer> modelEntries() { return modelEntries; }
  /** Entries in the range per value of each tag key reported, of any outcome. */
  SortedMap<String, SortedMap<String, Integer>> tagEntries() { return tagEntries; }

  /** {@link #drift()} summed over every provider and model, one per currency, as provider and model {@code all}. */
  List<Drift> overall() {
    SortedMap<String, Drift> byCurrency = new TreeMap<>();
    for (Drift d : drift) {
      byCurrency.merge(d.actual.currency().getCurrencyCode(), new Drift("all", "all", d.entries, d.estimated, d.actual, d.over),
          Drift::plus);
    }
    return new ArrayList<>(byCurrency.values());
  }

  /** Returns the report in {@code format}. */
  public String render(ReportFormat format) {
    switch (format) {
      case TEXT: return new LedgerText(this).render();
      case JSON: return LedgerJson.render(this);
      case CSV: return LedgerCsv.render(this);
      case HTML: return new LedgerHtml(this).render();
      default: throw new IllegalArgumentException("unknown format " + format);
    }
  }

  /**
   * Writes the report in {@code format} to {@code out}.
   *
   * @throws IOException if {@code out} throws it
   */
  public void write(ReportFormat format, Appendable out) throws IOException {
    out.append(render(format));
  }

  /**
   * How far one provider's estimates for one model were from what was really paid: the sums of
   * both over the successful entries with a reported or computed actual, in one currency. Immutable.
   */
  public static final class Drift {
    private final String provider;
    private final String model;
    private final int entries;
    private final Money estimated;
    private final Money actual;
    private final int over;

    private Drift(String provider, String model, int entries, Money estimated, Money actual, int over) {
      this.provider = provider;
      this.model = model;
      this.entries = entries;
      this.estimated = estimated;
      this.actual = actual;
      this.over = over;
    }

    /** This and {@code other} summed, under this one's provider and model. */
    private Drift plus(Drift other) {
      return new Drift(provider, model, entries + other.entries, estimated.plus(other.estimated), actual.plus(other.actual),
          over + other.over);
    }

    /** The provider. */
    public String provider() { return provider; }
    /** The logical model. */
    public String model() { return model; }
    /** Entries compared. */
    public int entries() { return entries; }
    /** The sum of their estimates. */
    public Money estimated() { return estimated; }
    /** The sum of their actual costs. */
    public Money actual() { return actual; }
    /** Actual minus estimated: positive when bills came in above quotes. */
    public Money difference() { return actual.minus(estimated); }
    /** Entries whose actual cost was above their estimate. */
    public int over() { return over; }

    /** {@link #difference()} ÷ estimated (0.1 is 10 % over), to {@link CostPlanner#DIVISION_SCALE} places; empty when nothing was estimated. */
    public Optional<BigDecimal> ratio() {
      if (estimated.isZero()) return Optional.empty();
      BigDecimal r = difference().amount().divide(estimated.amount(), CostPlanner.DIVISION_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
      return Optional.of(r.scale() < 0 ? r.setScale(0) : r);
    }

    @Override
    public String toString() {
      return provider + "/" + model + ": estimated " + estimated + ", actual " + actual + " over " + entries + " entries";
    }
  }

  /**
   * What one chain's runs cost against what was quoted for them, in one currency: how many runs
   * (distinct {@value Chain#RUN_TAG} tags) and entries, the sum of the estimates of the entries that
   * succeeded (each finished step's estimate on the offer that made it) and the sum of the actual
   * costs of every entry, failed attempts that were billed included. Immutable.
   */
  public static final class ChainTotal {
    private final String chain;
    private final Set<String> runs;
    private final int entries;
    private final Money estimated;
    private final Money actual;

    private ChainTotal(String chain, Set<String> runs, int entries, Money estimated, Money actual) {
      this.chain = chain;
      this.runs = runs;
      this.entries = entries;
      this.estimated = estimated;
      this.actual = actual;
    }

    private ChainTotal plus(ChainTotal other) {
      Set<String> all = new HashSet<>(runs);
      all.addAll(other.runs);
      return new ChainTotal(chain, all, entries + other.entries, estimated.plus(other.estimated), actual.plus(other.actual));
    }

    /** The chain's name. */
    public String chain() { return chain; }
    /** Runs of the chain with an entry in the range. */
    public int runs() { return runs.size(); }
    /** Entries of the chain in the range, of any outcome. */
    public int entries() { return entries; }
    /** The estimates of the succeeded entries: what the finished steps were quoted. */
    public Money estimated() { return estimated; }
    /** The actual costs of all the chain's entries; an entry with no known actual counts zero. */
    public Money actual() { return actual; }
    /** Actual minus estimated: positive when the chain cost more than quoted. */
    public Money difference() { return actual.minus(estimated); }

    /** {@link #difference()} ÷ estimated (0.1 is 10 % over), to {@link CostPlanner#DIVISION_SCALE} places; empty when nothing was estimated. */
    public Optional<BigDecimal> ratio() {
      if (estimated.isZero()) return Optional.empty();
      BigDecimal r = difference().amount().divide(estimated.amount(), CostPlanner.DIVISION_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
      return Optional.of(r.scale() < 0 ? r.setScale(0) : r);
    }

    @Override
    public String toString() {
      return chain + ": " + runs.size() + " runs, estimated " + estimated + ", actual " + actual;
    }
  }

  /** Builds a {@link LedgerReport}. Not threadsafe. */
  public static final class Builder {
    private final CostLedger ledger;
    private Instant from = Instant.MIN;
    private Instant to = Instant.MAX;
    private final List<String> tagKeys = new ArrayList<>();
    private String title;
    private int scale = -1;

    private Builder(CostLedger ledger) {
      this.ledger = ledger;
    }

    /**
     * Reports the entries in {@code [from, to)}; by default every entry.
     *
     * @throws IllegalArgumentException if {@code to} is before {@code from}
     */
    public Builder between(Instant from, Instant to) {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (to.isBefore(from)) throw new IllegalArgumentException("range ends " + to + " before it starts " + from);
      this.from = from;
      this.to = to;
      return this;
    }

    /** Reports totals by these tag keys only; by default by every tag key the entries carry. */
    public Builder tagKeys(String... keys) {
      for (String k : keys) tagKeys.add(Objects.requireNonNull(k, "key"));
      return this;
    }

    /** Sets the title; by default {@code Cost ledger report}. */
    public Builder title(String title) { this.title = Objects.requireNonNull(title, "title"); return this; }

    /**
     * Sets the decimal places text and HTML round amounts to; by default the currency's usual places and two more.
     *
     * @throws IllegalArgumentException if {@code scale} is negative
     */
    public Builder scale(int scale) {
      if (scale < 0) throw new IllegalArgumentException("scale < 0: " + scale);
      this.scale = scale;
      return this;
    }

    /**
     * Takes the figures from the ledger and returns the report.
     *
     * @throws dev.unigen.money.CurrencyMismatchException if an entry's currency has no rate to the ledger's
     */
    public LedgerReport build() {
      return new LedgerReport(this);
    }
  }
}
