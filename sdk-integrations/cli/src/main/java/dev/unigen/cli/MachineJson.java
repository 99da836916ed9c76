package dev.unigen.cli;

import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Subscription;
import dev.unigen.request.Task;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} output of {@code quote} and {@code catalog list}, in the shapes docs/cli.md
 * documents: every amount an object of a decimal string and its currency
 * ({@code {"amount": "0.0013", "currency": "USD"}}), never a binary floating-point number; a
 * missing value is {@code null}, never left out.
 */
final class MachineJson {
  private MachineJson() {}

  /** {@code {"amount": "0.0013", "currency": "USD"}}, the amount without trailing zeros; null for none. */
  static Map<String, Object> money(Money m) {
    if (m == null) return null;
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("amount", Quotes.plain(m.amount()));
    o.put("currency", m.currency().getCurrencyCode());
    return o;
  }

  /** {@code unigen quote --json}: the request, the ranked quotes and the offers left out. */
  static String quote(String model, Task task, String request, Currency currency, List<Converters.Rate> rates, Plan plan) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("model", model);
    o.put("task", task.wireName());
    o.put("request", request);
    o.put("currency", currency.getCurrencyCode());
    List<Object> fx = new ArrayList<>();
    for (Converters.Rate r : rates) {
      Map<String, Object> rate = new LinkedHashMap<>();
      rate.put("from", r.from.getCurrencyCode());
      rate.put("to", r.to.getCurrencyCode());
      rate.put("rate", Quotes.plain(r.rate));
      fx.add(rate);
    }
    o.put("rates", fx);
    List<Object> quotes = new ArrayList<>();
    for (int i = 0; i < plan.quotes().size(); i++) {
      Quote q = plan.quotes().get(i);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("rank", new Json.Number(String.valueOf(i + 1)));
      offerKey(q.offer(), line);
      line.put("endpoint", q.offer().endpoint(plan.request().task()));
      line.put("rule", q.rule());
      line.put("estimate", money(q.estimate().orElse(null)));
      line.put("ruleEstimate", money(Quotes.ruleEstimate(q, plan.request()).orElse(null)));
      line.put("asOf", q.offer().asOf().toString());
      line.put("source", q.offer().source());
      quotes.add(line);
    }
    o.put("quotes", quotes);
    List<Object> excluded = new ArrayList<>();
    for (Exclusion e : plan.excluded()) {
      Map<String, Object> line = new LinkedHashMap<>();
      offerKey(e.offer(), line);
      line.put("reason", e.reason().name());
      line.put("detail", e.detail());
      excluded.add(line);
    }
    o.put("excluded", excluded);
    return Json.print(o) + "\n";
  }

  /** {@code unigen catalog list --json}: the offers and the subscriptions listed. */
  static String catalog(List<Offer> offers, List<Subscription> subscriptions) {
    List<Object> list = new ArrayList<>();
    for (Offer offer : offers) {
      Map<String, Object> line = new LinkedHashMap<>();
      offerKey(offer, line);
      List<Object> tasks = new ArrayList<>();
      for (Task t : Task.values()) if (offer.serves(t)) tasks.add(t.wireName());
      line.put("tasks", tasks);
      line.put("rule", offer.price().map(PriceRule::kind).orElse(null));
      line.put("currency", offer.price().map(p -> p.currency().getCurrencyCode()).orElse(null));
      line.put("unitPrice", money(offer.price().flatMap(PriceRule::unitPrice).orElse(null)));
      line.put("confidence", offer.confidence().wireName());
      line.put("asOf", offer.asOf().toString());
      line.put("source", offer.source());
      list.add(line);
    }
    List<Object> plans = new ArrayList<>();
    for (Subscription s : subscriptions) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("plan", s.provider() + "/" + s.name());
      line.put("provider", s.provider());
      line.put("name", s.name());
      line.put("monthlyFee", money(s.monthlyFee()));
      line.put("includedCredit", money(s.includedCredit()));
      line.put("asOf", s.asOf());
      line.put("source", s.source());
      plans.add(line);
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("offers", list);
    o.put("subscriptions", plans);
    return Json.print(o) + "\n";
  }

  private static void offerKey(Offer offer, Map<String, Object> line) {
    line.put("offer", offer.key());
    line.put("provider", offer.provider());
    line.put("model", offer.model());
  }
}
