package dev.unigen.reports;

import dev.unigen.money.Money;
import dev.unigen.planning.BreakEven;
import dev.unigen.planning.CreditPacks;
import dev.unigen.planning.LineCost;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.StepCost;
import dev.unigen.planning.SubscriptionCost;
import dev.unigen.planning.Tie;
import dev.unigen.planning.Workload;
import dev.unigen.planning.WorkloadLine;
import dev.unigen.request.ControlNet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan as one self-contained HTML page: a card and a bar per scenario, the summary table, then
 * each scenario's chart and lines on one shared scale, its credit packs, and the sources.
 */
final class PlanHtml extends PlanWording {
  PlanHtml(PlanReport report) {
    super(report);
  }

  @Override
  String render() {
    StringBuilder out = new StringBuilder();
    Html.open(out, title, per());
    Workload w = plan.workload();
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
        out.append("<span").append(loss ? " class=\"neg\"" : "").append(">margin <span class=\"nw\">")
            .append(Html.escape(margin(s))).append("</span></span>");
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
    summaryTable(out);

    // Every scenario's chart uses one scale, so bars compare across scenarios.
    BigDecimal lineMax = BigDecimal.ZERO;
    for (ScenarioCost s : plan.scenarios()) {
      for (LineCost l : s.lines()) if (l.isPriced()) lineMax = lineMax.max(l.cost().get().amount());
      for (SubscriptionCost c : s.subscriptions()) lineMax = lineMax.max(c.feePerUser().amount());
    }
    for (int i = 0; i < plan.scenarios().size(); i++) scenario(out, i + 1, plan.scenarios().get(i), lineMax);

    out.append("<h2>Where the prices come from</h2>\n<table><tr><th>Catalog entry</th><th>Rule</th><th>As of</th>"
        + "<th>Source</th></tr>\n");
    for (Map.Entry<String, String[]> e : sources().entrySet()) {
      out.append("<tr id=\"").append(Html.anchor(e.getKey())).append("\"><td>").append(Html.escape(e.getKey()))
          .append("</td><td>").append(Html.escape(e.getValue()[0])).append("</td><td class=\"d\">")
          .append(Html.escape(e.getValue()[1])).append("</td><td class=\"src\">").append(Html.link(e.getValue()[2]))
          .append("</td></tr>\n");
    }
    out.append("</table>\n");
    Html.close(out, precision() + " " + rates() + " Savings are against " + plan.scenarios().get(0).name()
        + "; bars in every scenario's chart share one scale.");
    return out.toString();
  }

  private void summaryTable(StringBuilder out) {
    int users = plan.workload().users();
    String cur = " (" + code() + ")";
    out.append("<table><tr><th>Scenario</th><th class=\"n\">Total per user").append(cur).append("</th><th class=\"n\">")
        .append(users == 1 ? "All users (1)" : "All " + users + " users").append(cur)
        .append("</th><th class=\"n\">Margin per user").append(cur).append("</th><th class=\"n\">Saves against ")
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

  private void scenario(StringBuilder out, int number, ScenarioCost s, BigDecimal max) {
    out.append("<h2>").append(number).append(". ").append(Html.escape(s.name())).append("</h2>\n<p class=\"muted\">")
        .append(Html.escape(s.scenario().summary())).append("</p>\n");
    s.scenario().description().ifPresent(d -> out.append("<p>").append(Html.escape(d)).append("</p>\n"));
    out.append("<p>Total per user <b>").append(Html.escape(money(s.total()) + " " + code() + star(s))).append("</b>");
    scenarioRates(s).ifPresent(r -> out.append(" <span class=\"muted nw\">(at ").append(Html.escape(r)).append(")</span>"));
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

    out.append("<table><tr><th>#</th><th>Line</th><th class=\"n\">Count</th><th>Offer</th><th class=\"n\">Per output (" + code()
        + ")</th><th class=\"n\">Cost (" + code() + ")</th><th class=\"n\">Credit (" + code()
        + ")</th><th class=\"n\">Charged (" + code() + ")</th><th>How</th></tr>\n");
    for (LineCost l : s.lines()) {
      out.append("<tr><td>").append(l.index() + 1).append("</td><td>").append(Html.escape(lineName(l)))
          .append("<br><span class=\"muted\">").append(Html.escape(what(l))).append("</span></td><td class=\"n\">")
          .append(l.line().count()).append("</td><td>").append(l.offer().isPresent()
              ? "<a href=\"#" + Html.anchor(offerOf(l)) + "\">" + Html.escape(offerOf(l)) + "</a>" + badge(l.offer().get()) : "—")
          .append(tie(l.tie())).append("</td>");
      if (l.isPriced()) {
        out.append("<td class=\"n\">").append(Html.escape(unit(l.unitCost().get()))).append("</td><td class=\"n\">")
            .append(Html.escape(money(l.cost().get()))).append("</td><td class=\"n\">").append(Html.escape(money(l.credited())))
            .append("</td><td class=\"n\">").append(Html.escape(money(l.charged().get()))).append("</td><td class=\"muted w\">")
            .append(Html.escape(l.derivation())).append("</td>");
      } else {
        out.append("<td colspan=\"5\" class=\"neg w\">").append(Html.escape(l.reason().orElse(""))).append("</td>");
      }
      out.append("</tr>\n");
      for (StepCost step : l.steps()) {
        out.append("<tr class=\"muted\"><td></td><td>").append(Html.escape(stepName(step)))
            .append(step.outputSize().map(sz -> "<br><span class=\"muted\">" + Html.escape(sz.toString()) + "</span>").orElse(""))
            .append("</td><td></td><td><a href=\"#").append(Html.anchor(step.offer().key())).append("\">")
            .append(Html.escape(step.offer().key())).append("</a>").append(badge(step.offer())).append(tie(step.tie())).append("</td><td class=\"n\">")
            .append(Html.escape(step.unitCost().map(this::unit).orElse("—"))).append("</td><td class=\"n\">")
            .append(Html.escape(step.cost().map(this::money).orElse("no price")))
            .append("</td><td></td><td></td><td class=\"muted w\">").append(Html.escape(step.derivation())).append("</td></tr>\n");
      }
    }
    for (SubscriptionCost c : s.subscriptions()) {
      out.append("<tr><td></td><td>").append(Html.escape(planName(c))).append("<br><span class=\"muted\">fee ")
          .append(Html.escape(money(c.fee()))).append(" ÷ ").append(Fmt.plural(c.sharedBy(), "user", "users"))
          .append("; credit ").append(Html.escape(money(c.includedCredit()))).append(", used ")
          .append(Html.escape(money(c.creditUsed()))).append("</span></td><td></td><td>subscription</td><td></td>")
          .append("<td class=\"n\">").append(Html.escape(money(c.feePerUser()))).append("</td><td></td><td class=\"n\">")
          .append(Html.escape(money(c.feePerUser()))).append("</td><td></td></tr>\n");
    }
    for (Map.Entry<String, Money> f : s.fixedCosts().entrySet()) {
      out.append("<tr><td></td><td>").append(Html.escape(f.getKey())).append("</td><td></td><td>fixed cost</td><td></td>")
          .append("<td class=\"n\">").append(Html.escape(money(f.getValue()))).append("</td><td></td><td class=\"n\">")
          .append(Html.escape(money(f.getValue()))).append("</td><td></td></tr>\n");
    }
    out.append("<tr class=\"total\"><td></td><td>Total per user</td><td></td><td></td><td></td><td class=\"n\">")
        .append(Html.escape(money(s.payAsYouGo().plus(s.fees()).plus(s.fixedTotal())))).append("</td><td class=\"n\">")
        .append(Html.escape(money(s.credited()))).append("</td><td class=\"n\">").append(Html.escape(money(s.total()) + star(s)))
        .append("</td><td></td></tr>\n</table>\n");
    if (anyThirdParty(s)) {
      out.append("<p class=\"muted\"><span class=\"badge\">third-party</span> ")
          .append(Html.escape(THIRD_PARTY_NOTE.substring(THIRD_PARTY_MARK.length() + 1))).append("</p>\n");
    }
    roundingNote(s).ifPresent(n -> out.append("<div class=\"note\">Rounding: ").append(Html.escape(n)).append("</div>\n"));

    List<LineCost> unserved = new ArrayList<>();
    for (LineCost l : s.lines()) if (!l.isPriced()) unserved.add(l);
    if (!unserved.isEmpty()) {
      out.append("<div class=\"warn\"><b>").append(Fmt.plural(unserved.size(), "line", "lines"))
          .append(" cannot be served</b>; the total leaves ").append(unserved.size() == 1 ? "it" : "them").append(" out.<ul>");
      for (LineCost l : unserved) {
        out.append("<li>").append(Html.escape((l.index() + 1) + ". " + lineName(l) + ": " + l.reason().orElse("")))
            .append("</li>");
      }
      out.append("</ul></div>\n");
    }
    for (BreakEven b : s.breakEvens()) {
      out.append("<div class=\"note\">Break-even: ").append(Html.escape(breakEven(b))).append("</div>\n");
    }
    for (String n : s.notes()) out.append("<div class=\"note\">").append(Html.escape(n)).append("</div>\n");
    s.creditPacks().ifPresent(t -> packs(out, t));
  }

  private void packs(StringBuilder out, CreditPacks.Table t) {
    out.append("<h3>Credit packs</h3>\n<table><tr><th>Output</th><th class=\"n\">Credits</th><th class=\"n\">Cost (" + code() + ")</th>");
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

  /** A small badge after an offer whose price is a third-party figure; nothing for an official one. */
  private static String badge(dev.unigen.catalog.Offer o) {
    return thirdParty(o) ? " <span class=\"badge\" title=\"price from a third-party page, not the provider's own\">"
        + "third-party</span>" : "";
  }

  /** A tie under the offer it chose: {@code tied with … ; chosen by provider name}, or nothing. */
  private static String tie(Optional<Tie> t) {
    return t.map(x -> "<br><span class=\"muted\">" + Html.escape(x.toString()) + "</span>").orElse("");
  }

  /** The line's parameters in a few words: {@code text-to-image sdxl 1024x1024 openpose, 4 per call}. */
  private static String what(LineCost l) {
    WorkloadLine w = l.line();
    if (w.chain().isPresent()) {
      List<String> tasks = new ArrayList<>();
      for (String step : w.chain().get().stepNames()) tasks.add(w.chain().get().task(step).wireName());
      return "chain " + w.chain().get().name() + ": " + String.join(" → ", tasks);
    }
    StringBuilder s = new StringBuilder(w.task().wireName()).append(' ').append(w.model().orElse("(any model)"));
    w.size().ifPresent(sz -> s.append(' ').append(sz));
    w.quality().ifPresent(q -> s.append(' ').append(q));
    w.duration().ifPresent(d -> s.append(' ').append(Fmt.exact(BigDecimal.valueOf(d.toMillis(), 3), 0)).append(" s"));
    w.resolution().ifPresent(r -> s.append(' ').append(r));
    if (w.audio()) s.append(" audio");
    for (ControlNet.Kind k : w.controlNets()) s.append(' ').append(k.wireName());
    if (w.references() > 0) s.append(", ").append(Fmt.plural(w.references(), "reference", "references"));
    if (w.loras() > 0) s.append(", ").append(Fmt.plural(w.loras(), "LoRA", "LoRAs"));
    w.steps().ifPresent(n -> s.append(", ").append(n).append(" steps"));
    if (w.perRequest() > 1) s.append(", ").append(w.perRequest()).append(" per call");
    return s.toString();
  }
}
