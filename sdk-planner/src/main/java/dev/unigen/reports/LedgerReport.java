package dev.unigen.reports;

import com.squareup.moshi.JsonWriter;
import dev.unigen.ledger.CostLedger;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.planning.CostPlanner;
import dev.unigen.pricing.CostBasis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import okio.Buffer;

/**
 * What was really spent, from a {@link CostLedger}: charged totals (actual cost less included
 * credit) by provider, model, tag and day, and how far estimates drifted from actual costs, as
 * plain text, JSON, CSV or one self-contained HTML page with bar charts. See {@code docs/reports.md}.
 *
 * <p>The figures are taken when the report is built, over a half-open time range (all entries by
 * default). Totals come from the ledger's own queries, so they match it, in its currency. Drift
 * compares, per provider, model and currency, the estimates and actuals of the successful entries
 * whose actual was reported by the provider or computed from the output. Text and HTML round
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
    total = ledger.total(from, to);
    byProvider = ledger.totalsByProvider(from, to);
    byModel = ledger.totalsByModel(from, to);
    byDay = ledger.totalsByDay(from, to);
    providerEntries = count(inRange, e -> Optional.of(e.provider()));
    modelEntries = count(inRange, e -> Optional.of(e.model()));
    TreeSet<String> keys = new TreeSet<>(b.tagKeys);
    if (b.tagKeys.isEmpty()) for (LedgerEntry e : inRange) keys.addAll(e.tags().keySet());
    SortedMap<String, SortedMap<String, Money>> tags = new TreeMap<>();
    SortedMap<String, SortedMap<String, Integer>> tagCounts = new TreeMap<>();
    for (String key : keys) {
      tags.put(key, ledger.totalsByTag(key, from, to));
      tagCounts.put(key, count(inRange, e -> Optional.ofNullable(e.tags().get(key))));
    }
    byTag = Collections.unmodifiableSortedMap(tags);
    tagEntries = Collections.unmodifiableSortedMap(tagCounts);
    drift = drift(inRange);
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
      Drift d = groups.get(key);
      groups.put(key, d == null ? new Drift(e.provider(), e.model(), 1, estimate, actual, actual.isGreaterThan(estimate) ? 1 : 0)
          : d.plus(estimate, actual));
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

  /** Returns the report in {@code format}. */
  public String render(ReportFormat format) {
    switch (format) {
      case TEXT: return text();
      case JSON: return json();
      case CSV: return csv();
      case HTML: return html();
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

    private Drift plus(Money estimate, Money actualCost) {
      return new Drift(provider, model, entries + 1, estimated.plus(estimate), actual.plus(actualCost),
          over + (actualCost.isGreaterThan(estimate) ? 1 : 0));
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

  // ---- shared wording ----

  private String amount(Money m) {
    return Fmt.fixed(m, scale);
  }

  private String range() {
    boolean open = from.equals(Instant.MIN) && to.equals(Instant.MAX);
    return open ? "all entries" : "from " + (from.equals(Instant.MIN) ? "the start" : from.toString())
        + " to " + (to.equals(Instant.MAX) ? "the end" : to.toString()) + " (exclusive)";
  }

  private String subtitle() {
    return range() + " · " + entries + (entries == 1 ? " entry" : " entries") + " · charged "
        + amount(total) + " " + currency.getCurrencyCode();
  }

  private String precision() {
    return "Charged is the actual cost less any included subscription credit; an entry with no known actual counts"
        + " zero. Amounts in " + currency.getCurrencyCode() + " (drift in each entry's currency), rounded half-even to "
        + scale + " decimal places for display; computed exactly.";
  }

  private static String percent(Drift d) {
    return d.ratio().map(r -> (r.signum() > 0 ? "+" : "") + Fmt.percent(r)).orElse("—");
  }

  private String signed(Money m) {
    return (m.amount().signum() > 0 ? "+" : "") + amount(m);
  }

  // ---- text ----

  private String text() {
    StringBuilder out = new StringBuilder();
    out.append(title).append('\n').append(subtitle()).append('\n').append(precision()).append('\n');
    textTotals(out, "By provider", "Provider", byProvider, providerEntries);
    textTotals(out, "By model", "Model", byModel, modelEntries);
    byTag.forEach((key, totals) -> textTotals(out, "By tag " + key, key, totals, tagEntries.get(key)));
    out.append("\nBy day\n");
    TextTable days = new TextTable("lr", "Day", "Charged");
    byDay.forEach((day, m) -> days.row(day.toString(), amount(m)));
    days.appendTo(out, "  ");
    out.append("\nEstimate against actual (successful entries with a reported or computed actual)\n");
    TextTable t = new TextTable("llrlrrrrr", "Provider", "Model", "Entries", "Currency", "Estimated", "Actual",
        "Difference", "Drift", "Over");
    for (Drift d : drift) {
      t.row(d.provider(), d.model(), String.valueOf(d.entries()), d.actual().currency().getCurrencyCode(),
          amount(d.estimated()), amount(d.actual()), signed(d.difference()), percent(d), String.valueOf(d.over()));
    }
    t.appendTo(out, "  ");
    return out.toString();
  }

  private void textTotals(StringBuilder out, String heading, String column, SortedMap<String, Money> totals,
      SortedMap<String, Integer> counts) {
    out.append('\n').append(heading).append('\n');
    TextTable t = new TextTable("lrr", column, "Entries", "Charged");
    totals.forEach((k, m) -> t.row(k, String.valueOf(counts.getOrDefault(k, 0)), amount(m)));
    t.appendTo(out, "  ");
  }

  // ---- JSON ----

  private String json() {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setIndent("  ");
      w.beginObject();
      w.name("report").value("cost-ledger");
      w.name("format").value(1);
      w.name("title").value(title);
      if (!from.equals(Instant.MIN)) w.name("from").value(from.toString());
      if (!to.equals(Instant.MAX)) w.name("to").value(to.toString());
      w.name("currency").value(currency.getCurrencyCode());
      w.name("entries").value(entries);
      w.name("charged").value(Fmt.exact(total));
      jsonTotals(w.name("byProvider"), "provider", byProvider, providerEntries);
      jsonTotals(w.name("byModel"), "model", byModel, modelEntries);
      w.name("byTag").beginObject();
      for (Map.Entry<String, SortedMap<String, Money>> e : byTag.entrySet()) {
        jsonTotals(w.name(e.getKey()), "value", e.getValue(), tagEntries.get(e.getKey()));
      }
      w.endObject();
      w.name("byDay").beginArray();
      for (Map.Entry<LocalDate, Money> e : byDay.entrySet()) {
        w.beginObject().name("day").value(e.getKey().toString()).name("charged").value(Fmt.exact(e.getValue())).endObject();
      }
      w.endArray();
      w.name("drift").beginArray();
      for (Drift d : drift) {
        w.beginObject().name("provider").value(d.provider()).name("model").value(d.model())
            .name("currency").value(d.actual().currency().getCurrencyCode()).name("entries").value(d.entries())
            .name("estimated").value(Fmt.exact(d.estimated())).name("actual").value(Fmt.exact(d.actual()))
            .name("difference").value(Fmt.exact(d.difference()));
        if (d.ratio().isPresent()) w.name("ratio").value(Fmt.exact(d.ratio().get(), 0));
        w.name("over").value(d.over()).endObject();
      }
      w.endArray();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return buffer.readUtf8() + "\n";
  }

  private static void jsonTotals(JsonWriter w, String keyName, SortedMap<String, Money> totals,
      SortedMap<String, Integer> counts) throws IOException {
    w.beginArray();
    for (Map.Entry<String, Money> e : totals.entrySet()) {
      w.beginObject().name(keyName).value(e.getKey()).name("entries").value(counts.getOrDefault(e.getKey(), 0))
          .name("charged").value(Fmt.exact(e.getValue())).endObject();
    }
    w.endArray();
  }

  // ---- CSV ----

  private String csv() {
    CsvOut out = new CsvOut().row(List.of("section", "key", "model", "entries", "currency", "charged", "estimated",
        "actual", "difference", "drift_ratio"));
    String code = currency.getCurrencyCode();
    csvTotals(out, "provider", byProvider, providerEntries);
    csvTotals(out, "model", byModel, modelEntries);
    byTag.forEach((key, totals) -> csvTotals(out, "tag:" + key, totals, tagEntries.get(key)));
    byDay.forEach((day, m) -> out.row(List.of("day", day.toString(), "", "", code, Fmt.exact(m), "", "", "", "")));
    out.row(List.of("total", "", "", String.valueOf(entries), code, Fmt.exact(total), "", "", "", ""));
    for (Drift d : drift) {
      out.row(List.of("drift", d.provider(), d.model(), String.valueOf(d.entries()), d.actual().currency().getCurrencyCode(),
          "", Fmt.exact(d.estimated()), Fmt.exact(d.actual()), Fmt.exact(d.difference()),
          d.ratio().map(r -> Fmt.exact(r, 0)).orElse("")));
    }
    return out.toString();
  }

  private void csvTotals(CsvOut out, String section, SortedMap<String, Money> totals, SortedMap<String, Integer> counts) {
    totals.forEach((k, m) -> out.row(List.of(section, k, "", String.valueOf(counts.getOrDefault(k, 0)),
        currency.getCurrencyCode(), Fmt.exact(m), "", "", "", "")));
  }

  // ---- HTML ----

  private String html() {
    StringBuilder out = new StringBuilder();
    Html.open(out, title);
    String code = currency.getCurrencyCode();
    out.append("<h1>").append(Html.escape(title)).append("</h1>\n<p class=\"muted\">").append(Html.escape(subtitle()))
        .append("</p>\n<div class=\"cards\">\n<div class=\"card\"><span class=\"muted\">Charged</span><b>")
        .append(Html.escape(amount(total) + " " + code)).append("</b></div>\n<div class=\"card\"><span class=\"muted\">")
        .append("Entries</span><b>").append(entries).append("</b></div>\n");
    for (Drift d : overall()) {
      boolean over = d.difference().amount().signum() > 0;
      out.append("<div class=\"card\"><span class=\"muted\">Bills against quotes (").append(Html.escape(d.actual().currency()
          .getCurrencyCode())).append(")</span><b").append(over ? " class=\"neg\"" : "").append(">")
          .append(Html.escape(percent(d))).append("</b><span>").append(Html.escape(signed(d.difference())))
          .append(" over ").append(d.entries()).append(" entries</span></div>\n");
    }
    out.append("</div>\n");
    htmlTotals(out, "By provider", byProvider, providerEntries);
    htmlTotals(out, "By model", byModel, modelEntries);
    byTag.forEach((key, totals) -> htmlTotals(out, "By tag " + key, totals, tagEntries.get(key)));
    SortedMap<String, Money> days = new TreeMap<>();
    byDay.forEach((d, m) -> days.put(d.toString(), m));
    htmlTotals(out, "By day", days, null);

    out.append("<h2>Estimate against actual</h2>\n<p class=\"muted\">Successful entries whose actual cost was reported by"
        + " the provider or computed from the output; positive drift means the bill came in above the quote.</p>\n")
        .append("<table><tr><th>Provider</th><th>Model</th><th class=\"n\">Entries</th><th>Currency</th>")
        .append("<th class=\"n\">Estimated</th><th class=\"n\">Actual</th><th class=\"n\">Difference</th>")
        .append("<th class=\"n\">Drift</th><th class=\"n\">Above estimate</th></tr>\n");
    for (Drift d : drift) {
      boolean over = d.difference().amount().signum() > 0;
      out.append("<tr><td>").append(Html.escape(d.provider())).append("</td><td>").append(Html.escape(d.model()))
          .append("</td><td class=\"n\">").append(d.entries()).append("</td><td>")
          .append(Html.escape(d.actual().currency().getCurrencyCode())).append("</td><td class=\"n\">")
          .append(Html.escape(amount(d.estimated()))).append("</td><td class=\"n\">").append(Html.escape(amount(d.actual())))
          .append("</td><td class=\"n").append(over ? " neg" : "").append("\">").append(Html.escape(signed(d.difference())))
          .append("</td><td class=\"n").append(over ? " neg" : "").append("\">").append(Html.escape(percent(d)))
          .append("</td><td class=\"n\">").append(d.over()).append("</td></tr>\n");
    }
    out.append("</table>\n");
    Html.close(out, precision());
    return out.toString();
  }

  /** Drift summed over every provider and model, one per currency. */
  private List<Drift> overall() {
    SortedMap<String, Drift> byCurrency = new TreeMap<>();
    for (Drift d : drift) {
      String c = d.actual().currency().getCurrencyCode();
      Drift sum = byCurrency.get(c);
      byCurrency.put(c, sum == null ? new Drift("all", "all", d.entries, d.estimated, d.actual, d.over)
          : new Drift("all", "all", sum.entries + d.entries, sum.estimated.plus(d.estimated), sum.actual.plus(d.actual),
              sum.over + d.over));
    }
    return new ArrayList<>(byCurrency.values());
  }

  private void htmlTotals(StringBuilder out, String heading, SortedMap<String, Money> totals, SortedMap<String, Integer> counts) {
    out.append("<h2>").append(Html.escape(heading)).append("</h2>\n");
    if (totals.isEmpty()) {
      out.append("<p class=\"muted\">Nothing charged.</p>\n");
      return;
    }
    List<Html.Bar> bars = new ArrayList<>();
    BigDecimal max = BigDecimal.ZERO;
    for (Map.Entry<String, Money> e : totals.entrySet()) {
      String text = amount(e.getValue()) + (counts == null ? "" : " · " + counts.getOrDefault(e.getKey(), 0)
          + (counts.getOrDefault(e.getKey(), 0) == 1 ? " entry" : " entries"));
      bars.add(Html.Bar.of(e.getKey(), e.getValue().amount(), Html.BLUE, text));
      max = max.max(e.getValue().amount());
    }
    Html.barChart(out, heading, bars, max, null, null);
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
