package dev.unigen.reports;

import dev.unigen.money.Money;
import dev.unigen.planning.BreakEven;
import dev.unigen.planning.CostPlan;
import dev.unigen.planning.LineCost;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.StepCost;
import dev.unigen.planning.SubscriptionCost;
import dev.unigen.planning.Tie;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plan as RFC 4180 CSV: one row per line, chain step, subscription, fixed cost, break-even, note
 * and scenario total, every amount exact. A chain step's row ({@code step}) follows its line's,
 * whose cost is the steps' sum. It carries what the text and HTML say: each price's confidence,
 * each line's derivation, ties and the rule that broke them, when a subscription pays off, and the
 * rates a total rests on.
 */
final class PlanCsv {
  private static final List<String> COLUMNS = List.of("scenario", "row", "line", "name", "task", "model", "count",
      "requests", "status", "offer", "rule", "as_of", "source", "currency", "rule_cost", "rule_currency", "cost",
      "unit_cost", "credited", "charged", "revenue", "margin", "margin_ratio", "reason",
      "confidence", "derivation", "tie", "tie_broken_by", "pays_off_above", "pay_as_you_go", "elsewhere_per_output", "note");

  private PlanCsv() {}

  static String render(CostPlan plan) {
    String code = plan.currency().getCurrencyCode();
    CsvOut out = new CsvOut().row(COLUMNS);
    for (ScenarioCost s : plan.scenarios()) {
      for (LineCost l : s.lines()) {
        Map<String, String> r = row(code, s, "line");
        r.put("line", String.valueOf(l.index() + 1));
        r.put("name", PlanWording.lineName(l));
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
          r.put("confidence", o.confidence().wireName());
        });
        if (l.isPriced()) {
          r.put("rule_cost", Fmt.exact(l.ruleCost().get()));
          r.put("rule_currency", l.ruleCost().get().currency().getCurrencyCode());
          r.put("cost", Fmt.exact(l.cost().get()));
          r.put("unit_cost", Fmt.exact(l.unitCost().get()));
          r.put("credited", Fmt.exact(l.credited()));
          r.put("charged", Fmt.exact(l.charged().get()));
          r.put("derivation", l.derivation());
        }
        r.put("reason", l.reason().orElse(""));
        l.tie().ifPresent(t -> tie(r, t));
        out.row(new ArrayList<>(r.values()));
        for (StepCost step : l.steps()) out.row(new ArrayList<>(step(code, s, l, step).values()));
      }
      for (SubscriptionCost c : s.subscriptions()) {
        Map<String, String> r = row(code, s, "subscription");
        r.put("name", PlanWording.planName(c) + " shared by " + c.sharedBy());
        r.put("as_of", c.subscription().asOf());
        r.put("source", c.subscription().source());
        r.put("cost", Fmt.exact(c.feePerUser()));
        r.put("charged", Fmt.exact(c.feePerUser()));
        r.put("note", c.note().orElse(""));
        out.row(new ArrayList<>(r.values()));
      }
      for (Map.Entry<String, Money> f : s.fixedCosts().entrySet()) {
        Map<String, String> r = row(code, s, "fixed");
        r.put("name", f.getKey());
        r.put("cost", Fmt.exact(f.getValue()));
        r.put("charged", Fmt.exact(f.getValue()));
        out.row(new ArrayList<>(r.values()));
      }
      for (BreakEven b : s.breakEvens()) out.row(new ArrayList<>(breakEven(code, s, b).values()));
      for (String n : s.notes()) {
        Map<String, String> r = row(code, s, "note");
        r.put("note", n);
        out.row(new ArrayList<>(r.values()));
      }
      Map<String, String> total = row(code, s, "total");
      total.put("status", s.complete() ? "complete" : "incomplete");
      total.put("cost", Fmt.exact(s.payAsYouGo().plus(s.fees()).plus(s.fixedTotal())));
      total.put("credited", Fmt.exact(s.credited()));
      total.put("charged", Fmt.exact(s.total()));
      s.revenue().ifPresent(v -> total.put("revenue", Fmt.exact(v)));
      s.margin().ifPresent(v -> total.put("margin", Fmt.exact(v)));
      s.marginRatio().ifPresent(v -> total.put("margin_ratio", Fmt.exact(v, 0)));
      total.put("note", rates(plan, s));
      out.row(new ArrayList<>(total.values()));
    }
    return out.toString();
  }

  private static Map<String, String> step(String code, ScenarioCost s, LineCost l, StepCost step) {
    Map<String, String> r = row(code, s, "step");
    r.put("line", String.valueOf(l.index() + 1));
    r.put("name", PlanWording.lineName(l) + " / " + step.step());
    r.put("task", step.task().wireName());
    r.put("model", step.offer().model());
    r.put("count", String.valueOf(l.line().count()));
    r.put("requests", String.valueOf(l.line().count()));
    r.put("status", step.isPriced() ? "priced" : "unpriced");
    r.put("offer", step.offer().key());
    r.put("rule", step.offer().price().map(p -> p.kind()).orElse("unpriced"));
    r.put("as_of", step.offer().asOf().toString());
    r.put("source", step.offer().source());
    r.put("confidence", step.offer().confidence().wireName());
    step.tie().ifPresent(t -> tie(r, t));
    if (step.isPriced()) {
      r.put("rule_cost", Fmt.exact(step.ruleCost().get()));
      r.put("rule_currency", step.ruleCost().get().currency().getCurrencyCode());
      r.put("cost", Fmt.exact(step.cost().get()));
      r.put("unit_cost", Fmt.exact(step.unitCost().get()));
      r.put("derivation", step.derivation());
    }
    return r;
  }

  private static void tie(Map<String, String> r, Tie t) {
    r.put("tie", t.toString());
    r.put("tie_broken_by", t.brokenBy());
  }

  /**
   * A subscription weighed against pay-as-you-go: outputs a month in {@code count}, the plan's cost
   * per output in {@code unit_cost} and the cheapest other offers' in {@code elsewhere_per_output},
   * the month with the plan in {@code cost} and without it in {@code pay_as_you_go}, and the volume
   * above which it pays off in {@code pays_off_above} (empty: never).
   */
  private static Map<String, String> breakEven(String code, ScenarioCost s, BreakEven b) {
    Map<String, String> r = row(code, s, "break_even");
    r.put("name", b.subscription().provider() + "/" + b.subscription().name());
    r.put("count", String.valueOf(b.outputs()));
    r.put("status", b.paysOffNow() ? "plan_cheaper" : "pay_as_you_go_cheaper");
    r.put("as_of", b.subscription().asOf());
    r.put("source", b.subscription().source());
    r.put("cost", Fmt.exact(b.withPlan()));
    r.put("unit_cost", Fmt.exact(b.onPlanPerOutput()));
    b.paysOffAbove().ifPresent(v -> r.put("pays_off_above", Fmt.exact(v, 0)));
    r.put("pay_as_you_go", Fmt.exact(b.payAsYouGo()));
    r.put("elsewhere_per_output", Fmt.exact(b.elsewherePerOutput()));
    r.put("note", b.outputNoun() + "s a month for " + Fmt.plural(b.sharedBy(), "user", "users") + "; fee "
        + Fmt.exact(b.fee()) + ", included credit " + Fmt.exact(b.includedCredit()) + (b.held() ? "; held" : "; not held"));
    return r;
  }

  /** The rates the scenario's total rests on, exactly: {@code 1 USD = 16000 IDR}; empty without conversion. */
  private static String rates(CostPlan plan, ScenarioCost s) {
    List<String> parts = new ArrayList<>();
    PlanWording.ratesOf(plan, s).forEach((pair, rate) -> {
      String[] p = pair.split("/");
      parts.add("1 " + p[0] + " = " + Fmt.exact(rate, 0) + " " + p[1]);
    });
    return parts.isEmpty() ? "" : "rates: " + String.join(", ", parts);
  }

  private static Map<String, String> row(String code, ScenarioCost s, String kind) {
    Map<String, String> r = new LinkedHashMap<>();
    for (String c : COLUMNS) r.put(c, "");
    r.put("scenario", s.name());
    r.put("row", kind);
    r.put("currency", code);
    return r;
  }
}
