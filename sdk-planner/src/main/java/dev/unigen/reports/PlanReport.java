package dev.unigen.reports;

import com.squareup.moshi.JsonWriter;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.planning.CostPlan;
import dev.unigen.planning.CostPlanner;
import dev.unigen.planning.CreditPacks;
import dev.unigen.planning.LineCost;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.SubscriptionCost;
import dev.unigen.planning.Workload;
import dev.unigen.planning.WorkloadLine;
import dev.unigen.request.ControlNetKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okio.Buffer;

/**
 * Renders a {@link CostPlan} as a plain-text table, JSON, CSV or one self-contained HTML page
 * with a bar chart per scenario. See {@code docs/reports.md}.
 *
 * <p>Text and HTML round amounts for display, half-even, to {@link Builder#scale(int) scale}
 * places (by default the currency's usual places) and per-output costs to up to four more, and
 * say so; JSON and CSV give every amount exact. Savings are shown against the first scenario.
 * Immutable and threadsafe; the builder is not.
 *
 * <pre>{@code
 * String html = PlanReport.of(plan).render(ReportFormat.HTML);
 * Files.writeString(Path.of("plan.html"), html);
 * }</pre>
 */
public final class PlanReport {
  private static final int EXTRA_UNIT_PLACES = 4;

  private final CostPlan plan;
  private final String title;
  private final int scale;

  private PlanReport(Builder b) {
    plan = b.plan;
    title = b.title != null ? b.title : "Cost plan: " + b.plan.workload().name();
    scale = b.scale >= 0 ? b.scale : Fmt.digits(b.plan.currency());
  }

  /** Returns a report of {@code plan} with the default title and scale. */
  public static PlanReport of(CostPlan plan) {
    return builder(plan).build();
  }

  /** Returns a builder for a report of {@code plan}. */
  public static Builder builder(CostPlan plan) {
    return new Builder(Objects.requireNonNull(plan, "plan"));
  }

  /** The plan reported. */
  public CostPlan plan() { return plan; }

  /** The decimal places amounts are rounded to in text and HTML. */
  public int scale() { return scale; }

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

  // ---- shared wording ----

  private String code() {
    return plan.currency().getCurrencyCode();
  }

  private String money(Money m) {
    return Fmt.fixed(m, scale);
  }

  private String unit(Money m) {
    return Fmt.flex(m.amount(), scale, scale + EXTRA_UNIT_PLACES);
  }

  private String per() {
    Workload w = plan.workload();
    return "per user per " + w.period() + " · " + w.users() + (w.users() == 1 ? " user" : " users")
        + w.revenue().map(r -> " · revenue " + Fmt.fixed(r.amount(), Fmt.digits(r.currency())) + " "
            + r.currency().getCurrencyCode() + " per user").orElse("");
  }

  private String precision() {
    return "Amounts in " + code() + ", rounded half-even to " + scale + " decimal places for display (costs per output"
        + " to up to " + (scale + EXTRA_UNIT_PLACES) + "); computed exactly, divisions to "
        + CostPlanner.DIVISION_SCALE + " places.";
  }

  private String rates() {
    if (plan.ratesUsed().isEmpty()) return "No currency conversion.";
    List<String> parts = new ArrayList<>();
    plan.ratesUsed().forEach((pair, rate) -> {
      String[] p = pair.split("/");
      parts.add("1 " + p[0] + " = " + Fmt.group(rate.stripTrailingZeros().toPlainString()) + " " + p[1]);
    });
    return "Rates: " + String.join(", ", parts) + ".";
  }

  private static String offerOf(LineCost l) {
    return l.offer().map(Offer::key).orElse("—");
  }

  private String margin(ScenarioCost s) {
    if (s.margin().isEmpty()) return "—";
    return money(s.margin().get()) + s.marginRatio().map(r -> " (" + Fmt.percent(r) + ")").orElse("");
  }

  private String savings(ScenarioCost s) {
    ScenarioCost first = plan.scenarios().get(0);
    if (s == first) return "baseline";
    CostPlan.Savings v = plan.savings(first.name(), s.name());
    return money(v.amount()) + v.ratio().map(r -> " (" + Fmt.percent(r) + ")").orElse("") + (v.comparable() ? "" : " *");
  }

  private static String star(ScenarioCost s) {
    return s.complete() ? "" : " *";
  }

  private static String lineName(LineCost l) {
    return l.line().label();
  }

  /** The line's parameters in a few words: {@code text-to-image sdxl 1024x1024 openpose, 4 per call}. */
  private static String what(LineCost l) {
    WorkloadLine w = l.line();
    StringBuilder s = new StringBuilder(w.task().wireName()).append(' ').append(w.model().orElse("(any model)"));
    w.size().ifPresent(sz -> s.append(' ').append(sz));
    w.quality().ifPresent(q -> s.append(' ').append(q));
    w.duration().ifPresent(d -> s.append(' ').append(Fmt.exact(BigDecimal.valueOf(d.toMillis(), 3), 0)).append(" s"));
    w.resolution().ifPresent(r -> s.append(' ').append(r));
    if (w.audio()) s.append(" audio");
    for (ControlNetKind k : w.controlNets()) s.append(' ').append(k.wireName());
    if (w.references() > 0) s.append(", ").append(w.references()).append(w.references() == 1 ? " reference" : " references");
    if (w.loras() > 0) s.append(", ").append(w.loras()).append(w.loras() == 1 ? " LoRA" : " LoRAs");
    w.steps().ifPresent(n -> s.append(", ").append(n).append(" steps"));
    if (w.perRequest() > 1) s.append(", ").append(w.perRequest()).append(" per call");
    return s.toString();
  }

  private static String planName(SubscriptionCost c) {
    return c.subscription().provider() + "/" + c.subscription().name();
  }

  // ---- text ----

  private String text() {
    StringBuilder out = new StringBuilder();
    Workload w = plan.workload();
    out.append(title).append('\n').append(per()).append('\n');
    w.description().ifPresent(d -> out.append(d).append('\n'));
    out.append(precision()).append('\n').append(rates()).append("\n\n");

    out.append("Summary\n");
    TextTable summary = new TextTable("lrrrl", "Scenario", "Total per user", "All users", "Margin per user",
        "Saves against " + plan.scenarios().get(0).name());
    for (ScenarioCost s : plan.scenarios()) {
      summary.row(s.name(), money(s.total()) + star(s), money(s.totalForAllUsers()) + star(s), margin(s), savings(s));
    }
    summary.appendTo(out, "  ");
    if (plan.scenarios().stream().anyMatch(s -> !s.complete())) {
      out.append("  * some lines cannot be served: the total is a lower bound and savings do not compare like with like.\n");
    }

    for (int i = 0; i < plan.scenarios().size(); i++) {
      ScenarioCost s = plan.scenarios().get(i);
      out.append("\nScenario ").append(i + 1).append(": ").append(s.name()).append(" (").append(s.scenario().summary())
          .append(")\n");
      s.scenario().description().ifPresent(d -> out.append("  ").append(d).append('\n'));
      TextTable t = new TextTable("rlrlrrrr", "#", "Line", "Count", "Offer", "Per output", "Cost", "Credit", "Charged");
      for (LineCost l : s.lines()) {
        if (l.isPriced()) {
          t.row(String.valueOf(l.index() + 1), lineName(l), String.valueOf(l.line().count()), offerOf(l),
              unit(l.unitCost().get()), money(l.cost().get()), money(l.credited()), money(l.charged().get()));
        } else {
          t.row(String.valueOf(l.index() + 1), lineName(l), String.valueOf(l.line().count()), offerOf(l), "—", "—", "—",
              l.status() == LineCost.Status.UNPRICED ? "no price" : "not served");
        }
      }
      for (SubscriptionCost c : s.subscriptions()) {
        t.row("", planName(c) + " fee " + money(c.fee()) + " ÷ " + c.sharedBy(), "", "subscription", "", money(c.feePerUser()),
            "", money(c.feePerUser()));
      }
      t.row("", "Total per user", "", "", "", money(s.payAsYouGo().plus(s.fees())), money(s.credited()),
          money(s.total()) + star(s));
      t.appendTo(out, "  ");
      for (SubscriptionCost c : s.subscriptions()) {
        out.append("  ").append(planName(c)).append(": included credit ").append(money(c.includedCredit()))
            .append(", used ").append(money(c.creditUsed())).append(" of it by ").append(c.sharedBy())
            .append(c.sharedBy() == 1 ? " user" : " users").append(" (usage ").append(money(c.usage())).append(")\n");
      }
      if (s.margin().isPresent()) out.append("  Margin per user: ").append(margin(s)).append('\n');
      for (LineCost l : s.lines()) {
        if (!l.isPriced()) {
          out.append("  Not served: ").append(l.index() + 1).append(' ').append(lineName(l)).append(": ")
              .append(l.reason().orElse("")).append('\n');
        }
      }
      for (String n : s.notes()) out.append("  Note: ").append(n).append('\n');
      s.creditPacks().ifPresent(t2 -> textPacks(out, t2));
    }

    out.append("\nSources\n");
    TextTable sources = new TextTable("llll", "Entry", "Rule", "As of", "Source");
    for (Map.Entry<String, String[]> e : sources().entrySet()) sources.row(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]);
    sources.appendTo(out, "  ");
    return out.toString();
  }

  private void textPacks(StringBuilder out, CreditPacks.Table t) {
    out.append("  Credit packs\n");
    TextTable table = new TextTable("lrrlrrrrr", "Output", "Credits", "Cost", "Pack", "Per credit", "Revenue", "Margin",
        "Margin %", "Break-even");
    for (CreditPacks.Row r : t.rows()) {
      for (CreditPacks.Cell c : r.cells()) {
        table.row(r.output().name(), Fmt.exact(r.output().credits(), 0), unit(r.cost()), c.pack().name(),
            unit(c.pack().pricePerCredit()), unit(c.revenue()), unit(c.margin()),
            c.marginRatio().map(Fmt::percent).orElse("—"),
            c.breakEvenCredits().isPresent() ? String.valueOf(c.breakEvenCredits().getAsLong()) : "—");
      }
    }
    table.appendTo(out, "    ");
  }

  /** Every catalog entry a figure came from, keyed by offer or plan: rule, as of, source. */
  private Map<String, String[]> sources() {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (ScenarioCost s : plan.scenarios()) {
      for (LineCost l : s.lines()) {
        l.offer().ifPresent(o -> out.putIfAbsent(o.key(), new String[] {
            o.price().map(p -> p.kind()).orElse("unpriced"), o.asOf().toString(), o.source()}));
      }
      for (SubscriptionCost c : s.subscriptions()) {
        out.putIfAbsent(planName(c), new String[] {"subscription", c.subscription().asOf(), c.subscription().source()});
      }
    }
    return out;
  }

  // ---- JSON ----

  private String json() {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setIndent("  ");
      w.beginObject();
      w.name("report").value("cost-plan");
      w.name("format").value(1);
      Workload wl = plan.workload();
      w.name("workload").beginObject();
      w.name("name").value(wl.name());
      if (wl.description().isPresent()) w.name("description").value(wl.description().get());
      w.name("period").value(wl.period());
      w.name("users").value(wl.users());
      if (wl.revenue().isPresent()) moneyObject(w.name("revenue"), wl.revenue().get());
      w.endObject();
      w.name("currency").value(code());
      w.name("divisionScale").value(CostPlanner.DIVISION_SCALE);
      w.name("ratesUsed").beginArray();
      for (Map.Entry<String, BigDecimal> e : plan.ratesUsed().entrySet()) {
        String[] p = e.getKey().split("/");
        w.beginObject().name("from").value(p[0]).name("to").value(p[1])
            .name("rate").value(e.getValue().stripTrailingZeros().toPlainString()).endObject();
      }
      w.endArray();
      w.name("scenarios").beginArray();
      for (ScenarioCost s : plan.scenarios()) jsonScenario(w, s);
      w.endArray();
      w.name("savings").beginArray();
      ScenarioCost first = plan.scenarios().get(0);
      for (ScenarioCost s : plan.scenarios().subList(1, plan.scenarios().size())) {
        CostPlan.Savings v = plan.savings(first.name(), s.name());
        w.beginObject().name("baseline").value(first.name()).name("other").value(s.name())
            .name("amount").value(Fmt.exact(v.amount()));
        if (v.ratio().isPresent()) w.name("ratio").value(Fmt.exact(v.ratio().get(), 0));
        w.name("comparable").value(v.comparable()).endObject();
      }
      w.endArray();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return buffer.readUtf8() + "\n";
  }

  private void jsonScenario(JsonWriter w, ScenarioCost s) throws IOException {
    w.beginObject();
    w.name("name").value(s.name());
    w.name("summary").value(s.scenario().summary());
    if (s.scenario().description().isPresent()) w.name("description").value(s.scenario().description().get());
    w.name("complete").value(s.complete());
    w.name("lines").beginArray();
    for (LineCost l : s.lines()) {
      w.beginObject();
      w.name("index").value(l.index());
      if (l.line().name().isPresent()) w.name("name").value(l.line().name().get());
      w.name("task").value(l.line().task().wireName());
      if (l.line().model().isPresent()) w.name("model").value(l.line().model().get());
      w.name("count").value(l.line().count());
      w.name("requests").value(l.line().requests());
      w.name("status").value(l.status().name().toLowerCase(Locale.ROOT));
      if (l.offer().isPresent()) {
        Offer o = l.offer().get();
        w.name("offer").value(o.key()).name("provider").value(o.provider())
            .name("rule").value(o.price().map(p -> p.kind()).orElse("unpriced"))
            .name("asOf").value(o.asOf().toString()).name("source").value(o.source());
      }
      if (l.isPriced()) {
        moneyObject(w.name("ruleCost"), l.ruleCost().get());
        w.name("cost").value(Fmt.exact(l.cost().get()));
        w.name("unitCost").value(Fmt.exact(l.unitCost().get()));
        w.name("credited").value(Fmt.exact(l.credited()));
        w.name("charged").value(Fmt.exact(l.charged().get()));
        w.name("derivation").value(l.derivation());
      }
      if (l.reason().isPresent()) w.name("reason").value(l.reason().get());
      w.endObject();
    }
    w.endArray();
    w.name("subscriptions").beginArray();
    for (SubscriptionCost c : s.subscriptions()) {
      w.beginObject().name("provider").value(c.subscription().provider()).name("name").value(c.subscription().name())
          .name("sharedBy").value(c.sharedBy()).name("fee").value(Fmt.exact(c.fee()))
          .name("feePerUser").value(Fmt.exact(c.feePerUser())).name("includedCredit").value(Fmt.exact(c.includedCredit()))
          .name("usage").value(Fmt.exact(c.usage())).name("creditUsed").value(Fmt.exact(c.creditUsed()))
          .name("creditPerUser").value(Fmt.exact(c.creditPerUser()))
          .name("asOf").value(c.subscription().asOf()).name("source").value(c.subscription().source());
      if (c.note().isPresent()) w.name("note").value(c.note().get());
      w.endObject();
    }
    w.endArray();
    w.name("payAsYouGo").value(Fmt.exact(s.payAsYouGo()));
    w.name("credited").value(Fmt.exact(s.credited()));
    w.name("fees").value(Fmt.exact(s.fees()));
    w.name("total").value(Fmt.exact(s.total()));
    w.name("totalForAllUsers").value(Fmt.exact(s.totalForAllUsers()));
    if (s.revenue().isPresent()) w.name("revenue").value(Fmt.exact(s.revenue().get()));
    if (s.margin().isPresent()) w.name("margin").value(Fmt.exact(s.margin().get()));
    if (s.marginRatio().isPresent()) w.name("marginRatio").value(Fmt.exact(s.marginRatio().get(), 0));
    if (s.creditPacks().isPresent()) {
      CreditPacks.Table t = s.creditPacks().get();
      w.name("creditPacks").beginObject().name("packs").beginArray();
      for (CreditPacks.Pack p : t.packs()) {
        w.beginObject().name("name").value(p.name()).name("credits").value(p.credits())
            .name("price").value(Fmt.exact(p.price())).name("pricePerCredit").value(Fmt.exact(p.pricePerCredit())).endObject();
      }
      w.endArray().name("outputs").beginArray();
      for (CreditPacks.Row r : t.rows()) {
        w.beginObject().name("name").value(r.output().name()).name("credits").value(Fmt.exact(r.output().credits(), 0))
            .name("cost").value(Fmt.exact(r.cost())).name("packs").beginArray();
        for (CreditPacks.Cell c : r.cells()) {
          w.beginObject().name("pack").value(c.pack().name()).name("revenue").value(Fmt.exact(c.revenue()))
              .name("margin").value(Fmt.exact(c.margin()));
          if (c.marginRatio().isPresent()) w.name("marginRatio").value(Fmt.exact(c.marginRatio().get(), 0));
          if (c.breakEvenCredits().isPresent()) w.name("breakEvenCredits").value(c.breakEvenCredits().getAsLong());
          w.endObject();
        }
        w.endArray().endObject();
      }
      w.endArray().endObject();
    }
    w.name("notes").beginArray();
    for (String n : s.notes()) w.value(n);
    w.endArray();
    w.endObject();
  }

  private static void moneyObject(JsonWriter w, Money m) throws IOException {
    w.beginObject().name("amount").value(Fmt.exact(m)).name("currency").value(m.currency().getCurrencyCode()).endObject();
  }

  // ---- CSV ----

  private static final List<String> CSV_COLUMNS = List.of("scenario", "row", "line", "name", "task", "model", "count",
      "requests", "status", "offer", "rule", "as_of", "source", "currency", "rule_cost", "rule_currency", "cost",
      "unit_cost", "credited", "charged", "revenue", "margin", "margin_ratio", "reason");

  private String csv() {
    CsvOut out = new CsvOut().row(CSV_COLUMNS);
    for (ScenarioCost s : plan.scenarios()) {
      for (LineCost l : s.lines()) {
        Map<String, String> r = csvRow(s, "line");
        r.put("line", String.valueOf(l.index() + 1));
        r.put("name", lineName(l));
        r.put("task", l.line().task().wireName());
        r.put("model", l.line().model().orElse(""));
        r.put("count", String.valueOf(l.line().count()));
        r.put("requests", String.valueOf(l.line().requests()));
        r.put("status", l.status().name().toLowerCase(Locale.ROOT));
        l.offer().ifPresent(o -> {
          r.put("offer", o.key());
          r.put("rule", o.price().map(p -> p.kind()).orElse("unpriced"));
          r.put("as_of", o.asOf().toString());
          r.put("source", o.source());
        });
        if (l.isPriced()) {
          r.put("rule_cost", Fmt.exact(l.ruleCost().get()));
          r.put("rule_currency", l.ruleCost().get().currency().getCurrencyCode());
          r.put("cost", Fmt.exact(l.cost().get()));
          r.put("unit_cost", Fmt.exact(l.unitCost().get()));
          r.put("credited", Fmt.exact(l.credited()));
          r.put("charged", Fmt.exact(l.charged().get()));
        }
        r.put("reason", l.reason().orElse(""));
        out.row(new ArrayList<>(r.values()));
      }
      for (SubscriptionCost c : s.subscriptions()) {
        Map<String, String> r = csvRow(s, "subscription");
        r.put("name", planName(c) + " shared by " + c.sharedBy());
        r.put("as_of", c.subscription().asOf());
        r.put("source", c.subscription().source());
        r.put("cost", Fmt.exact(c.feePerUser()));
        r.put("charged", Fmt.exact(c.feePerUser()));
        out.row(new ArrayList<>(r.values()));
      }
      Map<String, String> total = csvRow(s, "total");
      total.put("status", s.complete() ? "complete" : "incomplete");
      total.put("cost", Fmt.exact(s.payAsYouGo().plus(s.fees())));
      total.put("credited", Fmt.exact(s.credited()));
      total.put("charged", Fmt.exact(s.total()));
      s.revenue().ifPresent(v -> total.put("revenue", Fmt.exact(v)));
      s.margin().ifPresent(v -> total.put("margin", Fmt.exact(v)));
      s.marginRatio().ifPresent(v -> total.put("margin_ratio", Fmt.exact(v, 0)));
      out.row(new ArrayList<>(total.values()));
    }
    return out.toString();
  }

  private Map<String, String> csvRow(ScenarioCost s, String kind) {
    Map<String, String> r = new LinkedHashMap<>();
    for (String c : CSV_COLUMNS) r.put(c, "");
    r.put("scenario", s.name());
    r.put("row", kind);
    r.put("currency", code());
    return r;
  }

  // ---- HTML ----

  private String html() {
    StringBuilder out = new StringBuilder();
    Html.open(out, title);
    Workload w = plan.workload();
    out.append("<h1>").append(Html.escape(title)).append("</h1>\n<p class=\"muted\">").append(Html.escape(per()))
        .append("</p>\n");
    w.description().ifPresent(d -> out.append("<p>").append(Html.escape(d)).append("</p>\n"));

    Optional<ScenarioCost> cheapest = plan.cheapest();
    out.append("<div class=\"cards\">\n");
    for (ScenarioCost s : plan.scenarios()) {
      boolean best = cheapest.isPresent() && cheapest.get() == s;
      out.append("<div class=\"card\"").append(best ? " style=\"border-color:" + Html.BLUE + ";border-width:2px\"" : "")
          .append("><span class=\"muted\">").append(Html.escape(s.name())).append(best ? " · cheapest" : "")
          .append("</span><b>").append(Html.escape(money(s.total()) + " " + code() + star(s))).append("</b>");
      if (s.margin().isPresent()) {
        boolean loss = s.margin().get().isNegative();
        out.append("<span").append(loss ? " class=\"neg\"" : "").append(">margin ").append(Html.escape(margin(s)))
            .append("</span>");
      }
      out.append("</div>\n");
    }
    out.append("</div>\n");

    out.append("<h2>Total per user, by scenario</h2>\n");
    boolean credits = plan.scenarios().stream().anyMatch(s -> !s.credited().isZero());
    boolean fees = plan.scenarios().stream().anyMatch(s -> !s.subscriptions().isEmpty());
    List<String> legend = new ArrayList<>(List.of(Html.BLUE, "pay as you go"));
    if (credits) legend.addAll(List.of(Html.LIGHT_BLUE, "paid by included credit"));
    if (fees) legend.addAll(List.of(Html.ORANGE, "subscription fees"));
    Html.legend(out, legend.toArray(new String[0]));
    List<Html.Bar> totals = new ArrayList<>();
    BigDecimal max = BigDecimal.ZERO;
    for (ScenarioCost s : plan.scenarios()) {
      BigDecimal charged = s.payAsYouGo().minus(s.credited()).amount();
      totals.add(Html.Bar.stacked(s.name(), List.of(charged, s.credited().amount(), s.fees().amount()),
          List.of(Html.BLUE, Html.LIGHT_BLUE, Html.ORANGE), money(s.total()) + " " + code() + star(s)));
      max = max.max(charged.add(s.credited().amount()).add(s.fees().amount()));
    }
    BigDecimal revenue = plan.scenarios().get(0).revenue().map(Money::amount).orElse(null);
    if (revenue != null) max = max.max(revenue);
    Html.barChart(out, "Total per user by scenario", totals, max, revenue,
        revenue == null ? null : "revenue " + money(plan.scenarios().get(0).revenue().get()));
    htmlSummaryTable(out);

    // Every scenario's chart uses one scale, so bars compare across scenarios.
    BigDecimal lineMax = BigDecimal.ZERO;
    for (ScenarioCost s : plan.scenarios()) {
      for (LineCost l : s.lines()) if (l.isPriced()) lineMax = lineMax.max(l.cost().get().amount());
      for (SubscriptionCost c : s.subscriptions()) lineMax = lineMax.max(c.feePerUser().amount());
    }
    for (int i = 0; i < plan.scenarios().size(); i++) htmlScenario(out, i + 1, plan.scenarios().get(i), lineMax);

    out.append("<h2>Where the prices come from</h2>\n<table><tr><th>Catalog entry</th><th>Rule</th><th>As of</th>"
        + "<th>Source</th></tr>\n");
    for (Map.Entry<String, String[]> e : sources().entrySet()) {
      out.append("<tr><td>").append(Html.escape(e.getKey())).append("</td><td>").append(Html.escape(e.getValue()[0]))
          .append("</td><td>").append(Html.escape(e.getValue()[1])).append("</td><td>").append(Html.escape(e.getValue()[2]))
          .append("</td></tr>\n");
    }
    out.append("</table>\n");
    Html.close(out, precision() + " " + rates() + " Savings are against " + plan.scenarios().get(0).name()
        + "; bars in every scenario's chart share one scale.");
    return out.toString();
  }

  private void htmlSummaryTable(StringBuilder out) {
    int users = plan.workload().users();
    out.append("<table><tr><th>Scenario</th><th class=\"n\">Total per user</th><th class=\"n\">")
        .append(users == 1 ? "All users (1)" : "All " + users + " users").append("</th><th class=\"n\">Margin per user</th><th class=\"n\">Saves against ")
        .append(Html.escape(plan.scenarios().get(0).name())).append("</th></tr>\n");
    for (ScenarioCost s : plan.scenarios()) {
      boolean loss = s.margin().map(Money::isNegative).orElse(false);
      boolean dearer = !s.equals(plan.scenarios().get(0))
          && plan.savings(plan.scenarios().get(0).name(), s.name()).amount().isNegative();
      out.append("<tr><td>").append(Html.escape(s.name())).append("</td><td class=\"n\">")
          .append(Html.escape(money(s.total()) + star(s))).append("</td><td class=\"n\">")
          .append(Html.escape(money(s.totalForAllUsers()) + star(s))).append("</td><td class=\"n").append(loss ? " neg" : "")
          .append("\">").append(Html.escape(margin(s))).append("</td><td class=\"n").append(dearer ? " neg" : "")
          .append("\">").append(Html.escape(savings(s))).append("</td></tr>\n");
    }
    out.append("</table>\n");
    if (plan.scenarios().stream().anyMatch(s -> !s.complete())) {
      out.append("<p class=\"muted\">* some lines cannot be served: the total is a lower bound and savings do not compare"
          + " like with like.</p>\n");
    }
  }

  private void htmlScenario(StringBuilder out, int number, ScenarioCost s, BigDecimal max) {
    out.append("<h2>").append(number).append(". ").append(Html.escape(s.name())).append("</h2>\n<p class=\"muted\">")
        .append(Html.escape(s.scenario().summary())).append("</p>\n");
    s.scenario().description().ifPresent(d -> out.append("<p>").append(Html.escape(d)).append("</p>\n"));
    out.append("<p>Total per user <b>").append(Html.escape(money(s.total()) + " " + code() + star(s))).append("</b>");
    if (s.margin().isPresent()) {
      out.append(" · margin <b").append(s.margin().get().isNegative() ? " class=\"neg\"" : "").append(">")
          .append(Html.escape(margin(s))).append("</b>");
    }
    out.append("</p>\n");

    List<Html.Bar> bars = new ArrayList<>();
    for (LineCost l : s.lines()) {
      String label = (l.index() + 1) + ". " + lineName(l);
      if (l.isPriced()) {
        bars.add(Html.Bar.stacked(label, List.of(l.charged().get().amount(), l.credited().amount()),
            List.of(Html.BLUE, Html.LIGHT_BLUE), money(l.cost().get()) + " · " + offerOf(l)));
      } else {
        bars.add(Html.Bar.missing(label, l.status() == LineCost.Status.UNPRICED ? "no known price" : "cannot be served"));
      }
    }
    for (SubscriptionCost c : s.subscriptions()) {
      bars.add(Html.Bar.of(planName(c) + " fee ÷ " + c.sharedBy(), c.feePerUser().amount(), Html.ORANGE,
          money(c.feePerUser())));
    }
    Html.barChart(out, s.name() + ": cost per user by line", bars, max, null, null);

    out.append("<table><tr><th>#</th><th>Line</th><th class=\"n\">Count</th><th>Offer</th><th class=\"n\">Per output</th>"
        + "<th class=\"n\">Cost</th><th class=\"n\">Credit</th><th class=\"n\">Charged</th><th>How</th></tr>\n");
    for (LineCost l : s.lines()) {
      out.append("<tr><td>").append(l.index() + 1).append("</td><td>").append(Html.escape(lineName(l)))
          .append("<br><span class=\"muted\">").append(Html.escape(what(l))).append("</span></td><td class=\"n\">")
          .append(l.line().count()).append("</td><td>").append(Html.escape(offerOf(l))).append("</td>");
      if (l.isPriced()) {
        out.append("<td class=\"n\">").append(Html.escape(unit(l.unitCost().get()))).append("</td><td class=\"n\">")
            .append(Html.escape(money(l.cost().get()))).append("</td><td class=\"n\">").append(Html.escape(money(l.credited())))
            .append("</td><td class=\"n\">").append(Html.escape(money(l.charged().get()))).append("</td><td class=\"muted\">")
            .append(Html.escape(l.derivation())).append("</td>");
      } else {
        out.append("<td colspan=\"5\" class=\"neg\">").append(Html.escape(l.reason().orElse(""))).append("</td>");
      }
      out.append("</tr>\n");
    }
    for (SubscriptionCost c : s.subscriptions()) {
      out.append("<tr><td></td><td>").append(Html.escape(planName(c))).append("<br><span class=\"muted\">fee ")
          .append(Html.escape(money(c.fee()))).append(" ÷ ").append(c.sharedBy()).append(c.sharedBy() == 1 ? " user" : " users")
          .append("; credit ").append(Html.escape(money(c.includedCredit()))).append(", used ")
          .append(Html.escape(money(c.creditUsed()))).append("</span></td><td></td><td>subscription</td><td></td>")
          .append("<td class=\"n\">").append(Html.escape(money(c.feePerUser()))).append("</td><td></td><td class=\"n\">")
          .append(Html.escape(money(c.feePerUser()))).append("</td><td></td></tr>\n");
    }
    out.append("<tr class=\"total\"><td></td><td>Total per user</td><td></td><td></td><td></td><td class=\"n\">")
        .append(Html.escape(money(s.payAsYouGo().plus(s.fees())))).append("</td><td class=\"n\">")
        .append(Html.escape(money(s.credited()))).append("</td><td class=\"n\">").append(Html.escape(money(s.total()) + star(s)))
        .append("</td><td></td></tr>\n</table>\n");

    List<LineCost> unserved = new ArrayList<>();
    for (LineCost l : s.lines()) if (!l.isPriced()) unserved.add(l);
    if (!unserved.isEmpty()) {
      out.append("<div class=\"warn\"><b>").append(unserved.size()).append(unserved.size() == 1 ? " line" : " lines")
          .append(" cannot be served</b>; the total leaves ").append(unserved.size() == 1 ? "it" : "them").append(" out.<ul>");
      for (LineCost l : unserved) {
        out.append("<li>").append(Html.escape((l.index() + 1) + ". " + lineName(l) + ": " + l.reason().orElse("")))
            .append("</li>");
      }
      out.append("</ul></div>\n");
    }
    for (String n : s.notes()) out.append("<div class=\"note\">").append(Html.escape(n)).append("</div>\n");
    s.creditPacks().ifPresent(t -> htmlPacks(out, t));
  }

  private void htmlPacks(StringBuilder out, CreditPacks.Table t) {
    out.append("<h3>Credit packs</h3>\n<table><tr><th>Output</th><th class=\"n\">Credits</th><th class=\"n\">Cost</th>");
    for (CreditPacks.Pack p : t.packs()) {
      out.append("<th class=\"n\">").append(Html.escape(p.name())).append("<br><span class=\"muted\">")
          .append(p.credits()).append(" for ").append(Html.escape(money(p.price()))).append("</span></th>");
    }
    out.append("</tr>\n");
    for (CreditPacks.Row r : t.rows()) {
      out.append("<tr><td>").append(Html.escape(r.output().name())).append("</td><td class=\"n\">")
          .append(Html.escape(Fmt.exact(r.output().credits(), 0))).append("</td><td class=\"n\">")
          .append(Html.escape(unit(r.cost()))).append("</td>");
      for (CreditPacks.Cell c : r.cells()) {
        boolean loss = c.margin().isNegative();
        out.append("<td class=\"n").append(loss ? " neg" : "").append("\">").append(Html.escape(unit(c.margin())))
            .append(c.marginRatio().map(x -> " (" + Fmt.percent(x) + ")").orElse(""))
            .append("<br><span class=\"muted\">break-even ")
            .append(c.breakEvenCredits().isPresent() ? String.valueOf(c.breakEvenCredits().getAsLong()) : "—")
            .append("</span></td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table>\n<p class=\"muted\">Margin per output in each pack (revenue = pack price × credits ÷ pack"
        + " credits, less the cost); break-even: the fewest credits per output that cover its cost.</p>\n");
  }

  /** Builds a {@link PlanReport}. Not threadsafe. */
  public static final class Builder {
    private final CostPlan plan;
    private String title;
    private int scale = -1;

    private Builder(CostPlan plan) {
      this.plan = plan;
    }

    /** Sets the title; by default {@code Cost plan: <workload name>}. */
    public Builder title(String title) { this.title = Objects.requireNonNull(title, "title"); return this; }

    /**
     * Sets the decimal places text and HTML round amounts to; by default the currency's usual places.
     *
     * @throws IllegalArgumentException if {@code scale} is negative
     */
    public Builder scale(int scale) {
      if (scale < 0) throw new IllegalArgumentException("scale < 0: " + scale);
      this.scale = scale;
      return this;
    }

    /** Returns the report. */
    public PlanReport build() {
      return new PlanReport(this);
    }
  }
}
