package dev.unigen.reports;

import dev.unigen.money.Money;
import dev.unigen.planning.BreakEven;
import dev.unigen.planning.CreditPacks;
import dev.unigen.planning.LineCost;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.StepCost;
import dev.unigen.planning.SubscriptionCost;
import dev.unigen.planning.Workload;
import java.util.Map;

/** A plan as plain-text tables: a summary of every scenario, then each scenario's lines, then the sources. */
final class PlanText extends PlanWording {
  PlanText(PlanReport report) {
    super(report);
  }

  @Override
  String render() {
    StringBuilder out = new StringBuilder();
    Workload w = plan.workload();
    out.append(title).append('\n').append(per()).append('\n');
    w.description().ifPresent(d -> out.append(d).append('\n'));
    out.append(precision()).append('\n').append(rates()).append("\n\n");

    out.append("Summary\n");
    String cur = " (" + code() + ")";
    TextTable summary = new TextTable("lrrrl", "Scenario", "Total per user" + cur, "All users" + cur,
        "Margin per user" + cur, "Saves against " + plan.scenarios().get(0).name());
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
      TextTable t = new TextTable("rlrlrrrr", "#", "Line", "Count", "Offer", "Per output" + cur, "Cost" + cur,
          "Credit" + cur, "Charged" + cur);
      for (LineCost l : s.lines()) {
        if (l.isPriced()) {
          t.row(String.valueOf(l.index() + 1), lineName(l), String.valueOf(l.line().count()), offerOf(l) + mark(l),
              unit(l.unitCost().get()), money(l.cost().get()), money(l.credited()), money(l.charged().get()));
        } else {
          t.row(String.valueOf(l.index() + 1), lineName(l), String.valueOf(l.line().count()), offerOf(l) + mark(l), "—", "—", "—",
              l.status() == LineCost.Status.UNPRICED ? "no price" : "not served");
        }
        // A chain line's steps, each on its own offer: per output is one run's, cost the line's share.
        for (StepCost step : l.steps()) {
          t.row("", "  " + stepName(step), "", step.offer().key() + mark(step), step.unitCost().map(this::unit).orElse("—"),
              step.cost().map(this::money).orElse("no price"), "", "");
        }
      }
      for (SubscriptionCost c : s.subscriptions()) {
        t.row("", planName(c) + " fee " + money(c.fee()) + " ÷ " + c.sharedBy(), "", "subscription", "", money(c.feePerUser()),
            "", money(c.feePerUser()));
      }
      for (Map.Entry<String, Money> f : s.fixedCosts().entrySet()) {
        t.row("", f.getKey(), "", "fixed cost", "", money(f.getValue()), "", money(f.getValue()));
      }
      t.row("", "Total per user", "", "", "", money(s.payAsYouGo().plus(s.fees()).plus(s.fixedTotal())), money(s.credited()),
          money(s.total()) + star(s));
      t.appendTo(out, "  ");
      scenarioRates(s).ifPresent(r -> out.append("  Converted at ").append(r).append(".\n"));
      if (anyThirdParty(s)) out.append("  ").append(THIRD_PARTY_NOTE).append('\n');
      for (SubscriptionCost c : s.subscriptions()) {
        out.append("  ").append(planName(c)).append(": included credit ").append(money(c.includedCredit()))
            .append(", used ").append(money(c.creditUsed())).append(" of it by ")
            .append(Fmt.plural(c.sharedBy(), "user", "users")).append(" (usage ").append(money(c.usage())).append(")\n");
      }
      roundingNote(s).ifPresent(n -> out.append("  Rounding: ").append(n).append('\n'));
      derivations(out, s);
      if (s.margin().isPresent()) out.append("  Margin per user: ").append(margin(s)).append('\n');
      for (LineCost l : s.lines()) {
        if (!l.isPriced()) {
          out.append("  Not served: ").append(l.index() + 1).append(' ').append(lineName(l)).append(": ")
              .append(l.reason().orElse("")).append('\n');
        }
      }
      for (BreakEven b : s.breakEvens()) out.append("  Break-even: ").append(breakEven(b)).append('\n');
      for (String n : s.notes()) out.append("  Note: ").append(n).append('\n');
      s.creditPacks().ifPresent(t2 -> packs(out, t2));
    }

    out.append("\nSources\n");
    TextTable sources = new TextTable("llll", "Entry", "Rule", "As of", "Source");
    for (Map.Entry<String, String[]> e : sources().entrySet()) sources.row(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]);
    sources.appendTo(out, "  ");
    return out.toString();
  }

  /**
   * How each priced line (and chain step) was worked out, with units, in the rule's currency; then
   * every choice that was a tie, with the rule that broke it.
   */
  private static void derivations(StringBuilder out, ScenarioCost s) {
    boolean any = false;
    for (LineCost l : s.lines()) {
      if (!l.isPriced()) continue;
      if (!any) out.append("  Worked out:\n");
      any = true;
      out.append("    ").append(l.index() + 1).append(' ').append(lineName(l)).append(": ").append(l.derivation()).append('\n');
      for (StepCost step : l.steps()) {
        out.append("      ").append(stepName(step)).append(": ").append(step.derivation()).append('\n');
      }
    }
    for (LineCost l : s.lines()) {
      String line = (l.index() + 1) + " " + lineName(l);
      l.tie().ifPresent(t -> out.append("  Tie: ").append(line).append(" on ").append(t.chosen().key()).append(": ")
          .append(t).append('\n'));
      for (StepCost step : l.steps()) {
        step.tie().ifPresent(t -> out.append("  Tie: ").append(line).append(", step ").append(step.step()).append(" on ")
            .append(t.chosen().key()).append(": ").append(t).append('\n'));
      }
    }
  }

  /** {@code  †} after a line's offer whose price is a third-party figure. */
  private static String mark(LineCost l) {
    return l.offer().map(o -> thirdParty(o) ? " " + THIRD_PARTY_MARK : "").orElse("");
  }

  private static String mark(StepCost s) {
    return thirdParty(s.offer()) ? " " + THIRD_PARTY_MARK : "";
  }

  private void packs(StringBuilder out, CreditPacks.Table t) {
    out.append("  Credit packs\n");
    String cur = " (" + code() + ")";
    TextTable table = new TextTable("lrrlrrrrr", "Output", "Credits", "Cost" + cur, "Pack", "Per credit" + cur,
        "Revenue" + cur, "Margin" + cur,
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
}
