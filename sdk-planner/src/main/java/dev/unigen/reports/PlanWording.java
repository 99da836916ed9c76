package dev.unigen.reports;

import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.planning.BreakEven;
import dev.unigen.planning.CostPlan;
import dev.unigen.planning.CostPlanner;
import dev.unigen.planning.LineCost;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.StepCost;
import dev.unigen.planning.SubscriptionCost;
import dev.unigen.planning.Workload;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the text and HTML renderings of a plan both say, and how they round: amounts to the
 * report's scale, costs per output to up to four places more.
 */
abstract class PlanWording {
  private static final int EXTRA_UNIT_PLACES = 4;

  final CostPlan plan;
  final String title;
  final int scale;

  PlanWording(PlanReport report) {
    plan = report.plan();
    title = report.title();
    scale = report.scale();
  }

  /** The whole rendering. */
  abstract String render();

  /**
   * When the charged amounts as shown do not add up to the total as shown (each was rounded on its
   * own), a sentence saying so; the total is the exact sum, rounded once.
   */
  final Optional<String> roundingNote(ScenarioCost s) {
    BigDecimal shown = BigDecimal.ZERO;
    for (LineCost l : s.lines()) {
      if (l.isPriced()) shown = shown.add(rounded(l.charged().get()));
    }
    for (SubscriptionCost c : s.subscriptions()) shown = shown.add(rounded(c.feePerUser()));
    for (Money f : s.fixedCosts().values()) shown = shown.add(rounded(f));
    BigDecimal total = rounded(s.total());
    if (shown.compareTo(total) == 0) return Optional.empty();
    return Optional.of("the charged amounts shown add up to " + Fmt.fixed(shown, scale) + " as rounded; the total "
        + money(s.total()) + " is their exact sum, rounded once.");
  }

  private BigDecimal rounded(Money m) {
    return Fmt.shown(m, scale);
  }

  final String code() {
    return plan.currency().getCurrencyCode();
  }

  final String money(Money m) {
    return Fmt.fixed(m, scale);
  }

  final String unit(Money m) {
    return Fmt.flex(m.amount(), scale, scale + EXTRA_UNIT_PLACES);
  }

  final String per() {
    Workload w = plan.workload();
    return "per user per " + w.period() + " · " + Fmt.plural(w.users(), "user", "users")
        + w.revenue().map(r -> " · revenue " + Fmt.fixed(r.amount(), Fmt.digits(r.currency())) + " "
            + r.currency().getCurrencyCode() + " per user").orElse("");
  }

  final String precision() {
    return "Amounts in " + code() + ", rounded half-even to " + scale + " decimal places for display (costs per output"
        + " to up to " + (scale + EXTRA_UNIT_PLACES) + "); computed exactly, divisions to "
        + CostPlanner.DIVISION_SCALE + " places.";
  }

  final String rates() {
    if (plan.ratesUsed().isEmpty()) return "No currency conversion.";
    List<String> parts = new ArrayList<>();
    plan.ratesUsed().forEach((pair, rate) -> {
      String[] p = pair.split("/");
      parts.add("1 " + p[0] + " = " + Fmt.group(rate.stripTrailingZeros().toPlainString()) + " " + p[1]);
    });
    return "Rates: " + String.join(", ", parts) + ".";
  }

  final String margin(ScenarioCost s) {
    if (s.margin().isEmpty()) return "—";
    return money(s.margin().get()) + s.marginRatio().map(r -> " (" + Fmt.percent(r) + ")").orElse("");
  }

  final String savings(ScenarioCost s) {
    ScenarioCost first = plan.scenarios().get(0);
    if (s == first) return "baseline";
    CostPlan.Savings v = plan.savings(first.name(), s.name());
    return money(v.amount()) + v.ratio().map(r -> " (" + Fmt.percent(r) + ")").orElse("") + (v.comparable() ? "" : " *");
  }

  /**
   * A subscription weighed against pay-as-you-go, in a sentence: {@code huggingface/pro pays off
   * above 435 images a month: 12.80 an image on huggingface against 330.67 on the cheapest other
   * offers, for a fee of 144,000.00 with 32,000.00 of credit; here 150 a month (1 user × 150), and
   * pay-as-you-go is cheaper: 49,600.00 against 144,000.00}.
   */
  final String breakEven(BreakEven b) {
    String plan = b.subscription().provider() + "/" + b.subscription().name();
    String noun = b.outputNoun();
    String rates = unit(b.onPlanPerOutput()) + " " + code() + " " + (noun.equals("video") ? "a " : "an ") + noun
        + " on " + b.subscription().provider() + " against " + unit(b.elsewherePerOutput()) + " on the cheapest other offers";
    String head = b.paysOffAboveWhole()
        .map(v -> plan + " pays off above " + Fmt.group(String.valueOf(v)) + " " + noun + "s a month: " + rates)
        .orElse(plan + " never pays off on these " + noun + "s: " + rates);
    return head + ", for a fee of " + money(b.fee()) + " with " + money(b.includedCredit()) + " of credit; here "
        + Fmt.group(String.valueOf(b.outputs())) + " a month (" + Fmt.plural(b.sharedBy(), "user", "users") + " × "
        + Fmt.group(String.valueOf(b.outputs() / b.sharedBy())) + "), and "
        + (b.paysOffNow() ? "the plan is cheaper: " + money(b.withPlan()) + " against " + money(b.payAsYouGo())
            : "pay-as-you-go is cheaper: " + money(b.payAsYouGo()) + " against " + money(b.withPlan()))
        + (b.held() ? "" : " (not held in this scenario)") + ".";
  }

  /** The mark a third-party price carries in text: {@code †}, explained under the table. */
  static final String THIRD_PARTY_MARK = "†";

  /** The footnote that explains {@link #THIRD_PARTY_MARK}. */
  static final String THIRD_PARTY_NOTE = "† third-party price: the figure comes from a page other than the provider's"
      + " own (its source is listed under Sources); check it before relying on it.";

  /** True if the offer's price was taken from a third-party page rather than the provider's own. */
  static boolean thirdParty(Offer o) {
    return o.confidence() == Offer.Confidence.THIRD_PARTY;
  }

  /** True if any line or chain step of the scenario is priced from a third-party page. */
  static boolean anyThirdParty(ScenarioCost s) {
    for (LineCost l : s.lines()) {
      if (l.offer().map(PlanWording::thirdParty).orElse(false)) return true;
      for (StepCost step : l.steps()) if (thirdParty(step.offer())) return true;
    }
    return false;
  }

  /**
   * The exchange rates this scenario's figures rest on, next to its total: {@code 1 USD = 16,000
   * IDR}; empty when every price it uses is in the plan's currency.
   */
  final Optional<String> scenarioRates(ScenarioCost s) {
    List<String> parts = new ArrayList<>();
    ratesOf(plan, s).forEach((pair, rate) -> {
      String[] p = pair.split("/");
      parts.add("1 " + p[0] + " = " + Fmt.group(rate.stripTrailingZeros().toPlainString()) + " " + p[1]);
    });
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", parts));
  }

  /**
   * Of the rates the plan used ({@link CostPlan#ratesUsed()}, keyed {@code FROM/TO}), those that
   * convert a price, fee or fixed cost of scenario {@code s}: the rates its total rests on.
   */
  static Map<String, BigDecimal> ratesOf(CostPlan plan, ScenarioCost s) {
    String code = plan.currency().getCurrencyCode();
    java.util.Set<String> foreign = new java.util.TreeSet<>();
    for (LineCost l : s.lines()) {
      l.ruleCost().ifPresent(m -> foreign.add(m.currency().getCurrencyCode()));
      for (StepCost step : l.steps()) step.ruleCost().ifPresent(m -> foreign.add(m.currency().getCurrencyCode()));
    }
    for (SubscriptionCost c : s.subscriptions()) foreign.add(c.subscription().monthlyFee().currency().getCurrencyCode());
    for (Workload.FixedCost f : plan.workload().fixedCosts()) foreign.add(f.amount().currency().getCurrencyCode());
    foreign.remove(code);
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    plan.ratesUsed().forEach((pair, rate) -> {
      String[] p = pair.split("/");
      if (foreign.contains(p[0]) && p[1].equals(code) || foreign.contains(p[1]) && p[0].equals(code)) out.put(pair, rate);
    });
    return out;
  }

  /** Every catalog entry a figure came from, keyed by offer or plan: rule, as of, source. */
  final Map<String, String[]> sources() {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (ScenarioCost s : plan.scenarios()) {
      for (LineCost l : s.lines()) {
        l.offer().ifPresent(o -> source(out, o));
        for (StepCost step : l.steps()) source(out, step.offer());
      }
      for (SubscriptionCost c : s.subscriptions()) {
        out.putIfAbsent(planName(c), new String[] {"subscription", c.subscription().asOf(), c.subscription().source()});
      }
    }
    return out;
  }

  private static void source(Map<String, String[]> out, Offer o) {
    out.putIfAbsent(o.key(), new String[] {o.price().map(p -> p.kind()).orElse("unpriced")
        + (thirdParty(o) ? ", third-party" : ""), o.asOf().toString(), o.source()});
  }

  /** The line's offer, or for a chain line the chain and its steps, whose offers {@link #stepName} rows show. */
  static String offerOf(LineCost l) {
    if (l.isChain()) {
      int n = l.line().chain().get().stepNames().size();
      return "chain " + l.line().chain().get().name() + ", " + n + (n == 1 ? " step" : " steps");
    }
    return l.offer().map(Offer::key).orElse("—");
  }

  /** A chain step as a row under its line: {@code · mask (segmentation)}. */
  static String stepName(StepCost s) {
    return "· " + s.step() + " (" + s.task().wireName() + ")";
  }

  /** Marks a total that leaves out lines no provider can serve. */
  static String star(ScenarioCost s) {
    return s.complete() ? "" : " *";
  }

  static String lineName(LineCost l) {
    return l.line().label();
  }

  /** A subscription as {@code provider/plan}; the CSV names it so too. */
  static String planName(SubscriptionCost c) {
    return c.subscription().provider() + "/" + c.subscription().name();
  }
}
