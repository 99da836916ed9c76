package dev.unigen.planning;

import dev.unigen.Chain;
import dev.unigen.NoOfferException;
import dev.unigen.catalog.Capabilities;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.internal.Suggest;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.pricing.Charge;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.PricingException;
import dev.unigen.pricing.Subscription;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Selector;
import dev.unigen.routing.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Works out what a {@link Workload} costs on each {@link Scenario}, from a {@link Catalog}, in one
 * currency: the answer to "what will next month cost on each mix of providers?".
 *
 * <p>For each scenario and each line, the planner builds the line's {@link WorkloadLine#request()
 * request} (one call, asking for {@link WorkloadLine#perRequest()} outputs), restricts it to the
 * provider the scenario assigns to the line if any, and lets a {@link Selector} with the
 * scenario's strategy and providers choose the offer (an assignment wins over the providers). That offer's {@link PriceRule} then prices
 * the line exactly, in the rule's currency:
 *
 * <pre>
 * cost = ⌊count ÷ perRequest⌋ × estimate(call of perRequest outputs)
 *      + estimate(call of the remaining outputs)            (when count is not a multiple)
 * </pre>
 *
 * <p>so a per-output rule charges every output, and a per-request rule (or a token rule's prompt)
 * charges every call: 1,000 images a month at one per call are 1,000 calls. A line that runs a
 * {@link Chain} is quoted with {@link Chain#quote(Selector)} on the same selector (each step on the
 * offer the scenario's strategy ranks first, priced on the size the steps before it produce; an
 * assigned chain line has every step on its provider), and each step is priced as a line of one
 * call per run:
 *
 * <pre>
 * cost = Σ over steps of count × estimate(the step's request on its offer)
 * </pre>
 *
 * <p>The cost is then
 * converted to the plan's currency with the {@link FxRates}: exactly, by multiplying, for a rate
 * stated in the direction of the conversion (such as 16,000 IDR per USD); by division to
 * {@link #DIVISION_SCALE} places for a rate stated the other way. Subscriptions, margins and
 * credit packs follow; see {@link ScenarioCost} and {@link SubscriptionCost}.
 *
 * <p>Nothing is rounded except a division (a share per user, a ratio, a price per credit, a cost
 * per output), which keeps {@link #DIVISION_SCALE} decimal places; reports round for display only.
 *
 * <pre>{@code
 * CostPlanner planner = CostPlanner.builder()
 *     .catalog(Catalog.fromClasspath())
 *     .currency(Currency.getInstance("IDR"))
 *     .fxRates(FxRates.builder().rate("USD", "IDR", "16000").build())
 *     .build();
 * CostPlan plan = planner.plan(workload, List.of(Scenario.allOn("All fal", "fal"), Scenario.cheapest("Cheapest")));
 * }</pre>
 *
 * <p>Immutable and threadsafe; the builder is not.
 */
public final class CostPlanner {
  /** Decimal places kept by every division the planner makes (half-even), and by conversions through an inverse rate. */
  public static final int DIVISION_SCALE = 20;

  // How many exclusions a reason spells out before it counts the rest.
  private static final int REASONS_SHOWN = 3;

  private final Catalog catalog;
  private final FxRates fxRates;
  private final Currency currency;

  private CostPlanner(Builder b) {
    catalog = b.catalog;
    fxRates = b.fxRates;
    currency = b.currency;
  }

  /** Returns a builder with an empty catalog, no exchange rates and US dollars. */
  public static Builder builder() {
    return new Builder();
  }

  /** The catalog offers and subscriptions come from, before any scenario's overrides. */
  public Catalog catalog() { return catalog; }
  /** The rates amounts are converted with. */
  public FxRates fxRates() { return fxRates; }
  /** The currency of every amount in a plan. */
  public Currency currency() { return currency; }

  /**
   * Prices {@code workload} on each of {@code scenarios}.
   *
   * @throws IllegalArgumentException if there is no scenario, two share a name, a scenario
   *     assigns a line the workload does not have, or holds a subscription its catalog lacks; a
   *     {@link PlanningException} if a line names a model, or a scenario a provider, that no
   *     catalog has (a misspelling, with the nearest known name)
   * @throws dev.unigen.money.CurrencyMismatchException if the revenue, a pack price, a
   *     subscription, a fixed cost or a stated output cost is in a currency with no rate to the plan's
   */
  public CostPlan plan(Workload workload, Collection<Scenario> scenarios) {
    Objects.requireNonNull(workload, "workload");
    if (scenarios.isEmpty()) throw new IllegalArgumentException("no scenario to plan");
    Set<String> names = new HashSet<>();
    for (Scenario s : scenarios) {
      if (!names.add(s.name())) throw new IllegalArgumentException("two scenarios named " + s.name());
      for (String line : s.assignments().keySet()) {
        if (workload.line(line).isEmpty()) {
          throw new IllegalArgumentException("scenario " + s.name() + " assigns line '" + line
              + "', which workload " + workload.name() + " does not have");
        }
      }
    }
    checkNames(workload, scenarios);
    Amounts amounts = new Amounts(fxRates, currency);
    Money revenue = workload.revenue().map(amounts::convert).orElse(null);
    List<ScenarioCost> results = new ArrayList<>(scenarios.size());
    for (Scenario s : scenarios) results.add(plan(workload, s, amounts, revenue));
    return new CostPlan(workload, currency, amounts.used(), results);
  }

  /**
   * Prices {@code workload} on {@code scenarios}.
   *
   * @throws IllegalArgumentException as {@link #plan(Workload, Collection)} does
   */
  public CostPlan plan(Workload workload, Scenario... scenarios) {
    return plan(workload, List.of(scenarios));
  }

  /** {@code f} per user in the plan's currency: a cost shared by all users is divided among them. */
  private static Money fixedPerUser(Workload.FixedCost f, int users, Amounts amounts) {
    Money m = amounts.convert(f.amount());
    return f.perUser() ? m : Amounts.divide(m, users);
  }

  /**
   * Checks, as {@link #plan(Workload, Collection)} does first, that every model a line or chain
   * step names and every provider a line or scenario names is in this planner's catalog or in a
   * scenario's own: a name no catalog knows is a typo far more often than a model nobody serves.
   * For validating a workload without pricing it.
   *
   * @throws PlanningException naming the line or scenario and the unknown name, with the nearest
   *     known one
   */
  public void checkNames(Workload workload, Collection<Scenario> scenarios) {
    Objects.requireNonNull(workload, "workload");
    Set<String> models = new TreeSet<>(catalog.models());
    Set<String> providers = new TreeSet<>(catalog.providers());
    for (Scenario s : scenarios) {
      s.catalog().ifPresent(c -> {
        models.addAll(c.models());
        providers.addAll(c.providers());
      });
    }
    for (int i = 0; i < workload.lines().size(); i++) {
      WorkloadLine line = workload.lines().get(i);
      String label = "line " + (i + 1) + line.name().map(n -> " (" + n + ")").orElse("");
      if (line.chain().isPresent()) {
        Chain chain = line.chain().get();
        for (String step : chain.stepNames()) {
          String model = chain.model(step).orElse(null);
          if (model != null && !models.contains(model)) {
            throw new PlanningException(label + ", chain " + chain.name() + ", step " + step + ": model '" + model
                + "' is in no catalog" + Suggest.didYouMean(model, models));
          }
        }
        continue;
      }
      String model = line.request().model().orElse(null);
      if (model != null && !models.contains(model)) {
        throw new PlanningException(label + ": model '" + model + "' is in no catalog"
            + Suggest.didYouMean(model, models));
      }
      for (String p : line.request().providers()) unknownProvider(p, providers, label);
    }
    for (Scenario s : scenarios) {
      String label = "scenario " + s.name();
      for (String p : s.providers()) unknownProvider(p, providers, label);
      for (String p : s.assignments().values()) unknownProvider(p, providers, label);
    }
  }

  private static void unknownProvider(String provider, Set<String> known, String label) {
    if (!known.contains(provider)) {
      throw new PlanningException(label + ": provider '" + provider + "' is in no catalog"
          + Suggest.didYouMean(provider, known));
    }
  }

  private ScenarioCost plan(Workload workload, Scenario scenario, Amounts amounts, Money revenue) {
    Catalog effective = scenario.catalog().map(catalog::withOverrides).orElse(catalog);
    Selector.Builder sb = Selector.builder().catalog(effective).strategy(scenario.strategy())
        .currency(currency).fxRates(fxRates);
    // An assigned line names its provider itself (the request allows only that one), so the
    // assignment wins over the scenario's list of providers.
    Selector forAssigned = sb.build();
    for (String p : scenario.providers()) sb.provider(p);
    Selector selector = scenario.providers().isEmpty() ? forAssigned : sb.build();

    List<LineCost> lines = new ArrayList<>(workload.lines().size());
    for (int i = 0; i < workload.lines().size(); i++) {
      WorkloadLine line = workload.lines().get(i);
      String assigned = line.name().map(scenario.assignments()::get).orElse(null);
      if (line.chain().isPresent()) {
        // Every step of an assigned chain runs on its provider, so the selector allows only that one.
        Selector chainSelector = assigned == null ? selector : Selector.builder().catalog(effective)
            .strategy(scenario.strategy()).currency(currency).fxRates(fxRates).provider(assigned).build();
        lines.add(priceChain(i, line, chainSelector, scenario, assigned, amounts));
      } else {
        lines.add(price(i, line, assigned == null ? selector : forAssigned, scenario, assigned, amounts));
      }
    }

    List<String> notes = new ArrayList<>();
    List<SubscriptionCost> subscriptions = new ArrayList<>();
    Money fees = Money.zero(currency);
    for (Scenario.Held held : scenario.subscriptions()) {
      SubscriptionCost sc = subscribe(held, effective, workload, scenario, lines, amounts);
      subscriptions.add(sc);
      fees = fees.plus(sc.feePerUser());
      sc.note().ifPresent(notes::add);
    }

    Money payAsYouGo = Money.zero(currency);
    Money credited = Money.zero(currency);
    for (LineCost l : lines) {
      if (l.isPriced()) payAsYouGo = payAsYouGo.plus(l.cost().get());
      credited = credited.plus(l.credited());
    }
    Map<String, Money> fixed = new LinkedHashMap<>();
    for (Workload.FixedCost f : workload.fixedCosts()) fixed.put(f.name(), fixedPerUser(f, workload.users(), amounts));
    CreditPacks.Table packs = workload.creditPacks().map(p -> creditPacks(p, lines, amounts, notes)).orElse(null);
    List<BreakEven> breakEvens = new ArrayList<>();
    for (Subscription sub : effective.subscriptions()) {
      breakEven(sub, effective, workload, scenario, lines, subscriptions, amounts).ifPresent(breakEvens::add);
    }
    return new ScenarioCost(scenario, workload.users(), lines, subscriptions, payAsYouGo, credited, fees, fixed, revenue,
        packs, notes, breakEvens);
  }

  private LineCost price(int index, WorkloadLine line, Selector selector, Scenario scenario, String assigned,
      Amounts amounts) {
    Request request = assigned == null ? line.request() : line.request().toBuilder().allowProvider(assigned).build();
    Plan plan = selector.plan(request);
    if (plan.isEmpty()) {
      Set<String> allowed = assigned != null ? Set.of(assigned) : scenario.providers();
      return LineCost.unservable(index, line, reason(request, plan, allowed), currency, plan.excluded());
    }
    Offer offer = plan.best().get().offer();
    if (offer.price().isEmpty()) return LineCost.unpriced(index, line, offer, currency, plan.excluded());
    PriceRule rule = offer.price().get();
    Capabilities caps = offer.capabilities();
    Size size = caps.defaultSize().orElse(PriceRule.DEFAULT_SIZE);
    Duration duration = caps.defaultDuration().orElse(PriceRule.DEFAULT_DURATION);
    try {
      Charge perCall = rule.estimateCharge(request, size, duration);
      long calls = line.fullRequests();
      Money ruleCost = perCall.amount().get().times(calls);
      // One output a call: "100 × 2 MP × 0.003 USD/MP"; several: "2 calls × 4 × 2 MP × 0.003 USD/MP".
      String per = line.perRequest() > 1 ? "calls" : null;
      StringBuilder how = new StringBuilder(Amounts.times(calls, per, perCall.detail()));
      if (line.remainderRequest().isPresent()) {
        Charge last = rule.estimateCharge(line.remainderRequest().get(), size, duration);
        ruleCost = ruleCost.plus(last.amount().get());
        how.append(" + ").append(Amounts.times(1, "calls", last.detail()));
      }
      how.append(" = ").append(Amounts.plain(ruleCost));
      return LineCost.priced(index, line, offer, ruleCost, amounts.convert(ruleCost), how.toString(), plan.excluded(),
          Tie.of(plan, scenario.strategy()).orElse(null));
    } catch (PricingException | ArithmeticException e) {
      return LineCost.unservable(index, line, offer.key() + ": " + e.getMessage(), currency, plan.excluded());
    }
  }

  /**
   * Prices one run of the line's chain on {@code selector} and multiplies each step by the count:
   * every step's offer is the chain quote's, its request the one the quote priced (sizes flowing
   * from step to step), its cost that offer's rule applied exactly, as for a line of one call.
   */
  private LineCost priceChain(int index, WorkloadLine line, Selector selector, Scenario scenario, String assigned,
      Amounts amounts) {
    Chain chain = line.chain().get();
    Chain.Quote quote;
    try {
      quote = chain.quote(selector);
    } catch (NoOfferException e) {
      Plan plan = e.plan();
      Set<String> allowed = assigned != null ? Set.of(assigned) : scenario.providers();
      String step = plan.request().tags().getOrDefault(Chain.STEP_TAG, "?");
      return LineCost.unservable(index, line, "step " + step + ": " + reason(plan.request(), plan, allowed), currency,
          plan.excluded());
    }
    long count = line.count();
    List<StepCost> steps = new ArrayList<>(quote.steps().size());
    String unpriced = null;
    Money cost = Money.zero(currency);
    Money ruleCost = null;
    boolean oneCurrency = true;
    for (Chain.StepQuote q : quote.steps()) {
      Offer offer = q.chosen().offer();
      Size out = q.outputSize().orElse(null);
      if (offer.price().isEmpty()) {
        steps.add(new StepCost(q.step(), q.task(), offer, out, count, null, null, "", q.plan().excluded(), null));
        if (unpriced == null) unpriced = "step " + q.step() + ": no known price for " + offer.key();
        continue;
      }
      PriceRule rule = offer.price().get();
      Capabilities caps = offer.capabilities();
      Charge perRun;
      try {
        perRun = rule.estimateCharge(q.plan().request(), caps.defaultSize().orElse(PriceRule.DEFAULT_SIZE),
            caps.defaultDuration().orElse(PriceRule.DEFAULT_DURATION));
      } catch (PricingException | ArithmeticException e) {
        return LineCost.unservable(index, line, "step " + q.step() + ": " + offer.key() + ": " + e.getMessage(), currency,
            q.plan().excluded());
      }
      Money stepRule = perRun.amount().get().times(count);
      Money stepCost = amounts.convert(stepRule);
      steps.add(new StepCost(q.step(), q.task(), offer, out, count, stepRule, stepCost,
          Amounts.times(count, null, perRun.detail()) + " = " + Amounts.plain(stepRule), q.plan().excluded(),
          Tie.of(q.plan(), scenario.strategy()).orElse(null)));
      cost = cost.plus(stepCost);
      if (ruleCost == null) ruleCost = stepRule;
      else if (oneCurrency && ruleCost.currency().equals(stepRule.currency())) ruleCost = ruleCost.plus(stepRule);
      else oneCurrency = false;
    }
    if (unpriced != null) return LineCost.unpricedChain(index, line, steps, unpriced, currency);
    Money total = oneCurrency ? ruleCost : cost;
    Money perRunTotal = Amounts.divide(total, count);
    String how = Amounts.count(count) + (count == 1 ? " run" : " runs") + " × " + Amounts.plain(perRunTotal) + "/run (chain "
        + chain.name() + ", " + steps.size() + (steps.size() == 1 ? " step)" : " steps)") + " = " + Amounts.plain(total);
    return LineCost.chain(index, line, steps, total, cost, how);
  }

  /** The selector's exclusions in a sentence: what kept each offer out, or who offers the model at all. */
  private static String reason(Request request, Plan plan, Set<String> allowed) {
    String what = request.model().map(m -> "model " + m).orElse("task " + request.task().wireName());
    List<Exclusion> excluded = plan.excluded();
    if (excluded.isEmpty()) return "no offer of " + what + " in the catalog";
    List<Exclusion> telling = new ArrayList<>();
    SortedSet<String> elsewhere = new TreeSet<>();
    for (Exclusion e : excluded) {
      if (e.reason() == Exclusion.Reason.PROVIDER_NOT_ALLOWED) elsewhere.add(e.offer().provider());
      else telling.add(e);
    }
    if (telling.isEmpty()) {
      return String.join(" or ", allowed) + (allowed.size() == 1 ? " does" : " do") + " not offer " + what
          + "; offered by " + String.join(", ", elsewhere);
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(REASONS_SHOWN, telling.size()); i++) {
      Exclusion e = telling.get(i);
      if (i > 0) s.append("; ");
      s.append(e.offer().key()).append(": ").append(e.detail());
    }
    if (telling.size() > REASONS_SHOWN) s.append("; and ").append(telling.size() - REASONS_SHOWN).append(" more offers");
    return s.toString();
  }

  /** Applies {@code held}'s included credit to the lines its provider serves, in order, and works out its fee. */
  private SubscriptionCost subscribe(Scenario.Held held, Catalog effective, Workload workload, Scenario scenario,
      List<LineCost> lines, Amounts amounts) {
    Subscription sub = null;
    for (Subscription s : effective.subscriptions()) {
      if (s.provider().equals(held.provider()) && s.name().equals(held.plan())) sub = s;
    }
    if (sub == null) {
      throw new IllegalArgumentException("scenario " + scenario.name() + " holds subscription " + held
          + ", which is not in its catalog");
    }
    int sharedBy = held.sharedBy().orElse(workload.users());
    Money fee = amounts.convert(sub.monthlyFee());
    Money included = amounts.convert(sub.includedCredit());
    Money perUser = Money.zero(currency);
    for (LineCost l : lines) perUser = perUser.plus(l.costOn(sub.provider()));
    Money usage = perUser.times(sharedBy);
    Money used = included.min(usage);
    // Each user's share of the credit pays for that user's lines on the provider, first line first.
    Money left = Amounts.divide(used, sharedBy);
    for (int i = 0; i < lines.size() && !left.isZero(); i++) {
      LineCost l = lines.get(i);
      Money on = l.costOn(sub.provider());
      if (on.isZero()) continue;
      Money credit = left.min(on);
      lines.set(i, l.withCredit(l.credited().plus(credit)));
      left = left.minus(credit);
    }
    String note = sub.freeUnits().isPresent()
        ? sub.provider() + "/" + sub.name() + ": the free quota of " + sub.freeUnits().get().toPlainString() + " "
            + sub.freeUnit().orElse("units") + " a month is not applied; the plan overstates rather than hides cost"
        : null;
    return new SubscriptionCost(sub, sharedBy, fee, included, usage, used, note);
  }

  /**
   * Weighs {@code sub} against pay-as-you-go in this scenario: the lines its provider serves here,
   * and those it could serve more cheaply than any other provider (unless assigned elsewhere), each
   * against the cheapest offer of another provider the scenario allows. Empty when no line can be
   * weighed: none on the provider, or none with an offer elsewhere. Chain lines are not weighed.
   */
  private Optional<BreakEven> breakEven(Subscription sub, Catalog effective, Workload workload, Scenario scenario,
      List<LineCost> lines, List<SubscriptionCost> held, Amounts amounts) {
    String provider = sub.provider();
    Set<String> allowed = new TreeSet<>(scenario.providers().isEmpty() ? effective.providers() : scenario.providers());
    boolean providerAllowed = allowed.contains(provider);
    allowed.remove(provider);
    if (allowed.isEmpty()) return Optional.empty();
    Selector.Builder others = Selector.builder().catalog(effective).strategy(Strategy.cheapest()).currency(currency)
        .fxRates(fxRates);
    for (String p : allowed) others.provider(p);
    Selector elsewhere = others.build();
    Selector onProvider = Selector.builder().catalog(effective).strategy(Strategy.cheapest()).currency(currency)
        .fxRates(fxRates).provider(provider).build();
    Scenario cheapest = Scenario.cheapest(scenario.name());
    List<BreakEven.Line> weighed = new ArrayList<>();
    for (LineCost l : lines) {
      WorkloadLine line = l.line();
      if (line.chain().isPresent()) continue;
      LineCost here = l.isPriced() && l.offer().get().provider().equals(provider) ? l : null;
      String assigned = line.name().map(scenario.assignments()::get).orElse(null);
      if (here == null && (assigned != null || !providerAllowed)) continue;
      LineCost other = price(l.index(), line, elsewhere, cheapest, null, amounts);
      if (!other.isPriced()) continue;
      if (here == null) {
        LineCost on = price(l.index(), line, onProvider, cheapest, null, amounts);
        // With the plan, a line moves to the provider only where the provider is the cheaper.
        if (!on.isPriced() || !other.cost().get().isGreaterThan(on.cost().get())) continue;
        here = on;
      }
      weighed.add(new BreakEven.Line(line.label(), line.count(), here.offer().get(), here.cost().get(),
          other.offer().get(), other.cost().get()));
    }
    if (weighed.isEmpty()) return Optional.empty();
    int sharedBy = workload.users();
    boolean holds = false;
    for (SubscriptionCost c : held) {
      if (c.subscription().provider().equals(provider) && c.subscription().name().equals(sub.name())) {
        sharedBy = c.sharedBy();
        holds = true;
      }
    }
    return Optional.of(new BreakEven(sub, holds, sharedBy, amounts.convert(sub.monthlyFee()),
        amounts.convert(sub.includedCredit()), weighed));
  }

  /** The credit-pack table with this scenario's output costs, or null (with a note) if a line it needs is unpriced. */
  private static CreditPacks.Table creditPacks(CreditPacks packs, List<LineCost> lines,
      Amounts amounts, List<String> notes) {
    for (CreditPacks.Output o : packs.outputs()) {
      for (String name : o.lines()) {
        LineCost l = named(lines, name);
        if (!l.isPriced()) {
          notes.add("credit packs not worked out: output '" + o.name() + "' needs line '" + name
              + "', which is not priced (" + l.reason().orElse("") + ")");
          return null;
        }
      }
    }
    return packs.table(amounts, o -> {
      if (o.cost().isPresent()) return o.cost().get();
      Money sum = Money.zero(amounts.target());
      for (String name : o.lines()) {
        sum = sum.plus(named(lines, name).unitCost().get());
      }
      return sum;
    });
  }

  private static LineCost named(List<LineCost> lines, String name) {
    for (LineCost l : lines) if (l.line().name().filter(name::equals).isPresent()) return l;
    throw new IllegalStateException("no line " + name); // Workload.build checked the names
  }

  @Override
  public String toString() {
    return "CostPlanner(" + catalog + ", " + currency.getCurrencyCode() + ")";
  }

  /** Builds a {@link CostPlanner}. Not threadsafe. */
  public static final class Builder {
    private Catalog catalog = Catalog.empty();
    private FxRates fxRates = FxRates.none();
    private Currency currency = Currency.getInstance("USD");

    private Builder() {}

    /** Sets the catalog. */
    public Builder catalog(Catalog catalog) { this.catalog = Objects.requireNonNull(catalog, "catalog"); return this; }
    /** Sets the exchange rates. */
    public Builder fxRates(FxRates fxRates) { this.fxRates = Objects.requireNonNull(fxRates, "fxRates"); return this; }
    /** Sets the currency of every amount in a plan; US dollars by default. */
    public Builder currency(Currency currency) { this.currency = Objects.requireNonNull(currency, "currency"); return this; }

    /** Returns the planner. */
    public CostPlanner build() {
      return new CostPlanner(this);
    }
  }
}
