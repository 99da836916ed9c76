package dev.unigen.reports;

import dev.unigen.money.Money;
import dev.unigen.planning.CostPlan;
import dev.unigen.planning.LineCost;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.StepCost;
import dev.unigen.planning.SubscriptionCost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plan as RFC 4180 CSV: one row per line, chain step, subscription and scenario total, every
 * amount exact. A chain step's row ({@code step}) follows its line's, whose cost is the steps' sum.
 */
final class PlanCsv {
  private static final List<String> COLUMNS = List.of("scenario", "row", "line", "name", "task", "model", "count",
      "requests", "status", "offer", "rule", "as_of", "source", "currency", "rule_cost", "rule_currency", "cost",
      "unit_cost", "credited", "charged", "revenue", "margin", "margin_ratio", "reason");

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
        for (StepCost step : l.steps()) out.row(new ArrayList<>(step(code, s, l, step).values()));
      }
      for (SubscriptionCost c : s.subscriptions()) {
        Map<String, String> r = row(code, s, "subscription");
        r.put("name", PlanWording.planName(c) + " shared by " + c.sharedBy());
        r.put("as_of", c.subscription().asOf());
        r.put("source", c.subscription().source());
        r.put("cost", Fmt.exact(c.feePerUser()));
        r.put("charged", Fmt.exact(c.feePerUser()));
        out.row(new ArrayList<>(r.values()));
      }
      for (Map.Entry<String, Money> f : s.fixedCosts().entrySet()) {
        Map<String, String> r = row(code, s, "fixed");
        r.put("name", f.getKey());
        r.put("cost", Fmt.exact(f.getValue()));
        r.put("charged", Fmt.exact(f.getValue()));
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
    if (step.isPriced()) {
      r.put("rule_cost", Fmt.exact(step.ruleCost().get()));
      r.put("rule_currency", step.ruleCost().get().currency().getCurrencyCode());
      r.put("cost", Fmt.exact(step.cost().get()));
      r.put("unit_cost", Fmt.exact(step.unitCost().get()));
    }
    return r;
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
