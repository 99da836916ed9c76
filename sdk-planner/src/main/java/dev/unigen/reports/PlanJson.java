package dev.unigen.reports;

import com.squareup.moshi.JsonWriter;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.planning.BreakEven;
import dev.unigen.planning.CostPlan;
import dev.unigen.planning.CostPlanner;
import dev.unigen.planning.CreditPacks;
import dev.unigen.planning.LineCost;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.StepCost;
import dev.unigen.planning.SubscriptionCost;
import dev.unigen.planning.Tie;
import dev.unigen.planning.Workload;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/** A plan as JSON (report {@code cost-plan}, format 1): every amount exact, as a decimal string. */
final class PlanJson {
  private PlanJson() {}

  static String render(CostPlan plan) {
    return JsonOut.document("cost-plan", w -> {
      Workload wl = plan.workload();
      w.name("workload").beginObject();
      w.name("name").value(wl.name());
      if (wl.description().isPresent()) w.name("description").value(wl.description().get());
      w.name("period").value(wl.period());
      w.name("users").value(wl.users());
      if (wl.revenue().isPresent()) moneyObject(w.name("revenue"), wl.revenue().get());
      w.endObject();
      w.name("currency").value(plan.currency().getCurrencyCode());
      w.name("divisionScale").value(CostPlanner.DIVISION_SCALE);
      w.name("ratesUsed").beginArray();
      for (Map.Entry<String, BigDecimal> e : plan.ratesUsed().entrySet()) {
        String[] p = e.getKey().split("/");
        w.beginObject().name("from").value(p[0]).name("to").value(p[1])
            .name("rate").value(e.getValue().stripTrailingZeros().toPlainString()).endObject();
      }
      w.endArray();
      w.name("scenarios").beginArray();
      for (ScenarioCost s : plan.scenarios()) scenario(w, s);
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
    });
  }

  private static void scenario(JsonWriter w, ScenarioCost s) throws IOException {
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
      if (l.line().chain().isPresent()) w.name("chain").value(l.line().chain().get().name());
      w.name("count").value(l.line().count());
      w.name("requests").value(l.line().requests());
      w.name("status").value(l.status().name().toLowerCase(Locale.ROOT));
      if (l.offer().isPresent()) {
        Offer o = l.offer().get();
        w.name("offer").value(o.key()).name("provider").value(o.provider())
            .name("rule").value(o.price().map(p -> p.kind()).orElse("unpriced"))
            .name("asOf").value(o.asOf().toString()).name("source").value(o.source())
            .name("confidence").value(o.confidence().wireName());
      }
      if (l.isPriced()) {
        moneyObject(w.name("ruleCost"), l.ruleCost().get());
        w.name("cost").value(Fmt.exact(l.cost().get()));
        w.name("unitCost").value(Fmt.exact(l.unitCost().get()));
        w.name("credited").value(Fmt.exact(l.credited()));
        w.name("charged").value(Fmt.exact(l.charged().get()));
        w.name("derivation").value(l.derivation());
      }
      if (l.tie().isPresent()) tie(w, l.tie().get());
      if (l.reason().isPresent()) w.name("reason").value(l.reason().get());
      if (l.isChain()) {
        w.name("steps").beginArray();
        for (StepCost step : l.steps()) step(w, step);
        w.endArray();
      }
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
    w.name("fixedCosts").beginArray();
    for (Map.Entry<String, Money> f : s.fixedCosts().entrySet()) {
      w.beginObject().name("name").value(f.getKey()).name("perUser").value(Fmt.exact(f.getValue())).endObject();
    }
    w.endArray();
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
    w.name("breakEvens").beginArray();
    for (BreakEven b : s.breakEvens()) {
      w.beginObject().name("provider").value(b.subscription().provider()).name("name").value(b.subscription().name())
          .name("held").value(b.held()).name("sharedBy").value(b.sharedBy()).name("fee").value(Fmt.exact(b.fee()))
          .name("includedCredit").value(Fmt.exact(b.includedCredit())).name("output").value(b.outputNoun())
          .name("onPlanPerOutput").value(Fmt.exact(b.onPlanPerOutput()))
          .name("elsewherePerOutput").value(Fmt.exact(b.elsewherePerOutput()));
      if (b.paysOffAbove().isPresent()) {
        w.name("paysOffAbove").value(Fmt.exact(b.paysOffAbove().get(), 0));
      }
      w.name("outputs").value(b.outputs()).name("withPlan").value(Fmt.exact(b.withPlan()))
          .name("payAsYouGo").value(Fmt.exact(b.payAsYouGo())).name("paysOffNow").value(b.paysOffNow());
      w.name("lines").beginArray();
      for (BreakEven.Line l : b.lines()) {
        w.beginObject().name("line").value(l.line()).name("count").value(l.count()).name("onPlan").value(l.onPlan().key())
            .name("onPlanCost").value(Fmt.exact(l.onPlanCost())).name("elsewhere").value(l.elsewhere().key())
            .name("elsewhereCost").value(Fmt.exact(l.elsewhereCost())).endObject();
      }
      w.endArray().endObject();
    }
    w.endArray();
    w.name("notes").beginArray();
    for (String n : s.notes()) w.value(n);
    w.endArray();
    w.endObject();
  }

  private static void step(JsonWriter w, StepCost step) throws IOException {
    Offer o = step.offer();
    w.beginObject().name("name").value(step.step()).name("task").value(step.task().wireName())
        .name("offer").value(o.key()).name("provider").value(o.provider())
        .name("rule").value(o.price().map(p -> p.kind()).orElse("unpriced"))
        .name("asOf").value(o.asOf().toString()).name("source").value(o.source())
        .name("confidence").value(o.confidence().wireName());
    if (step.outputSize().isPresent()) w.name("outputSize").value(step.outputSize().get().toString());
    w.name("status").value(step.isPriced() ? "priced" : "unpriced");
    if (step.isPriced()) {
      moneyObject(w.name("ruleCost"), step.ruleCost().get());
      w.name("cost").value(Fmt.exact(step.cost().get()));
      w.name("unitCost").value(Fmt.exact(step.unitCost().get()));
      w.name("derivation").value(step.derivation());
    }
    if (step.tie().isPresent()) tie(w, step.tie().get());
    w.endObject();
  }

  /** {@code "tie": {"with": [offer keys], "estimate": {…}, "brokenBy": "provider name", "note": "tied with …"}}. */
  private static void tie(JsonWriter w, Tie t) throws IOException {
    w.name("tie").beginObject().name("with").beginArray();
    for (Offer o : t.tiedWith()) w.value(o.key());
    w.endArray();
    moneyObject(w.name("estimate"), t.estimate());
    w.name("brokenBy").value(t.brokenBy()).name("note").value(t.toString()).endObject();
  }

  private static void moneyObject(JsonWriter w, Money m) throws IOException {
    w.beginObject().name("amount").value(Fmt.exact(m)).name("currency").value(m.currency().getCurrencyCode()).endObject();
  }
}
