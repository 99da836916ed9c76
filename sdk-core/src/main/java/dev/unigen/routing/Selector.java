package dev.unigen.routing;

import dev.unigen.catalog.Capabilities;
import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.PricingException;
import dev.unigen.request.Request;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a request into a {@link Plan}: lists the offers of the requested model (or, with no model,
 * every offer of the task), keeps those whose provider is allowed, that serve the task, have the
 * capabilities and can be priced within {@code maxCost}, converts estimates to one currency, and
 * lets the {@link Strategy} rank them. Every offer left out keeps its reason.
 *
 * <p>Immutable and threadsafe; the builder is not.
 */
public final class Selector {
  /** Converted estimates keep this many decimals, so sub-cent prices stay comparable. */
  static final int COMPARE_SCALE = 12;

  private final Catalog catalog;
  private final Strategy strategy;
  private final Currency currency;
  private final FxRates fxRates;
  private final Set<String> providers;
  private final boolean budgeted;
  private final Money unpricedCeiling;
  private final Clock clock;
  /** Whether any offer has a shutdown day, so plans need today's date at all. */
  private final boolean retirements;
  private final OfferIndex index;

  private Selector(Builder b) {
    clock = b.clock;
    retirements = b.catalog.offers().stream().anyMatch(o -> o.retires().isPresent());
    budgeted = b.budgeted;
    unpricedCeiling = b.unpricedCeiling;
    catalog = b.catalog;
    strategy = b.strategy;
    currency = b.currency;
    fxRates = b.fxRates;
    providers = Collections.unmodifiableSet(new LinkedHashSet<>(b.providers));
    index = new OfferIndex(catalog);
  }

  /** Returns a builder holding this selector's settings, to make one that differs in some (a newer catalog, say). */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns a builder with an empty catalog, the cheapest strategy, US dollars and no FX rates. */
  public static Builder builder() {
    return new Builder();
  }

  /** The catalog offers come from. */
  public Catalog catalog() {
    return catalog;
  }

  /** The ranking strategy. */
  public Strategy strategy() {
    return strategy;
  }

  /** The currency quotes are compared and reported in. */
  public Currency currency() {
    return currency;
  }

  /** The most an unpriced offer may cost, reserved in its place; empty when unpriced offers are not allowed under a cap. */
  public Optional<Money> unpricedCeiling() {
    return Optional.ofNullable(unpricedCeiling);
  }

  /** The exchange rates estimates are converted with. */
  public FxRates fxRates() {
    return fxRates;
  }

  /** Plans {@code request}: ranked quotes and the reasons for every exclusion. */
  public Plan plan(Request request) {
    LocalDate today = retirements ? LocalDate.now(clock) : LocalDate.MIN;
    boolean named = request.model().isPresent();
    List<Offer> candidates = named ? catalog.offers(request.model().get()) : catalog.offers(request.task());
    // The cheapest strategy ranks quotes made in name order by their position wherever prices tie.
    boolean cheapest = strategy == Strategies.CHEAPEST;
    // With no model, only the offers whose capabilities may serve the request are weighed; the
    // others are still listed with their reasons, worked out when the plan's exclusions are read.
    List<Offer> weighed;
    if (named) {
      weighed = cheapest ? index.byName(request.model().get()) : candidates;
    } else {
      weighed = cheapest ? index.candidatesByName(request) : index.candidates(request);
    }
    List<Quote> quotes = new ArrayList<>(weighed.size());
    for (int i = 0; i < weighed.size(); i++) consider(request, weighed.get(i), quotes, today, false);
    List<Quote> ranked = cheapest ? Strategies.cheapestInNameOrder(quotes) : strategy.rank(quotes);
    return new Plan(request, ranked, () -> exclusions(request, candidates, quotes, ranked, today));
  }

  /** Why each candidate not quoted was left out, in catalog order, then the quotes not ranked. */
  private List<Exclusion> exclusions(Request request, List<Offer> candidates, List<Quote> quotes, List<Quote> ranked,
      LocalDate today) {
    Map<Offer, Boolean> quoted = new IdentityHashMap<>();
    for (Quote q : quotes) quoted.put(q.offer(), Boolean.TRUE);
    List<Exclusion> excluded = new ArrayList<>();
    List<Quote> ignored = new ArrayList<>(1);
    for (Offer offer : candidates) {
      if (quoted.containsKey(offer)) continue;
      Exclusion why = consider(request, offer, ignored, today, true);
      if (why != null) excluded.add(why);
    }
    if (ranked.size() != quotes.size()) {
      Map<Quote, Boolean> kept = new IdentityHashMap<>();
      for (Quote q : ranked) kept.put(q, Boolean.TRUE);
      for (Quote q : quotes) {
        if (!kept.containsKey(q)) excluded.add(new Exclusion(q.offer(), Exclusion.Reason.NOT_CHOSEN, "not chosen by " + strategy));
      }
    }
    return excluded;
  }

  /**
   * Adds a quote for {@code offer} to {@code quotes}, or returns why it cannot serve: null unless
   * {@code explain}, since most offers weighed for a request naming no model are refused and their
   * reasons are read, if at all, later.
   */
  private Exclusion consider(Request request, Offer offer, List<Quote> quotes, LocalDate today, boolean explain) {
    String provider = offer.provider();
    if (offer.retiredOn(today)) {
      return explain ? new Exclusion(offer, Exclusion.Reason.RETIRED, "retired on " + offer.retires().get() + " ("
          + offer.retirementSource().get() + ")") : null;
    }
    if (!providers.isEmpty() && !providers.contains(provider)) {
      return explain ? new Exclusion(offer, Exclusion.Reason.PROVIDER_NOT_ALLOWED, provider + " is not configured") : null;
    }
    if (!request.providers().isEmpty() && !request.providers().contains(provider)) {
      return explain ? new Exclusion(offer, Exclusion.Reason.PROVIDER_NOT_ALLOWED, provider + " is not allowed by the request") : null;
    }
    if (!offer.serves(request.task())) {
      return explain ? new Exclusion(offer, Exclusion.Reason.TASK_NOT_OFFERED, request.task().wireName() + " not offered") : null;
    }
    Capabilities caps = offer.capabilities();
    if (explain) {
      Optional<String> missing = caps.whyNot(request);
      if (missing.isPresent()) return new Exclusion(offer, Exclusion.Reason.CAPABILITY_MISSING, missing.get());
    } else if (!caps.allows(request)) {
      return null;
    }
    Optional<PriceRule> rule = offer.price();
    if (rule.isEmpty()) {
      Exclusion refused = unpriced(request, offer);
      if (refused != null) return explain ? refused : null;
      quotes.add(new Quote(offer, null));
      return null;
    }
    Money estimate;
    try {
      estimate = rule.get().estimate(request, caps.defaultSize().orElse(PriceRule.DEFAULT_SIZE),
          caps.defaultDuration().orElse(PriceRule.DEFAULT_DURATION));
    } catch (PricingException | ArithmeticException e) {
      return explain ? new Exclusion(offer, Exclusion.Reason.NOT_PRICEABLE, e.getMessage()) : null;
    }
    if (!estimate.currency().equals(currency)) {
      if (!fxRates.canConvert(estimate.currency(), currency)) {
        return explain ? new Exclusion(offer, Exclusion.Reason.CURRENCY, "priced in " + estimate.currency().getCurrencyCode()
            + " with no rate to " + currency.getCurrencyCode()) : null;
      }
      estimate = fxRates.convert(estimate, currency, COMPARE_SCALE);
    }
    if (request.maxCost().isPresent()) {
      Money max = request.maxCost().get();
      if (!fxRates.canConvert(estimate.currency(), max.currency())) {
        return explain ? new Exclusion(offer, Exclusion.Reason.CURRENCY, "maxCost in " + max.currency().getCurrencyCode()
            + " with no rate from " + estimate.currency().getCurrencyCode()) : null;
      }
      if (fxRates.convert(estimate, max.currency(), COMPARE_SCALE).isGreaterThan(max)) {
        return explain ? new Exclusion(offer, Exclusion.Reason.OVER_MAX_COST, "estimate " + estimate + " is above maxCost " + max) : null;
      }
    }
    quotes.add(new Quote(offer, estimate));
    return null;
  }

  /**
   * Why an unpriced offer may not be used: nothing could hold its cost to a budget or a request's
   * maxCost unless the user stated a ceiling for unpriced offers. Null when it may.
   */
  private Exclusion unpriced(Request request, Offer offer) {
    if (strategy.requiresPrice()) return new Exclusion(offer, Exclusion.Reason.UNPRICED, "no known price");
    if (unpricedCeiling == null && budgeted) {
      return new Exclusion(offer, Exclusion.Reason.UNPRICED,
          "no known price, and a budget caps spend: set an unpriced ceiling to allow it");
    }
    if (request.maxCost().isPresent()) {
      Money max = request.maxCost().get();
      if (unpricedCeiling == null) {
        return new Exclusion(offer, Exclusion.Reason.UNPRICED, "no known price to hold to maxCost " + max);
      }
      if (!fxRates.canConvert(unpricedCeiling.currency(), max.currency())
          || fxRates.convert(unpricedCeiling, max.currency(), COMPARE_SCALE).isGreaterThan(max)) {
        return new Exclusion(offer, Exclusion.Reason.OVER_MAX_COST,
            "no known price, and the unpriced ceiling " + unpricedCeiling + " is above maxCost " + max);
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "Selector(" + catalog + ", " + strategy + ", " + currency.getCurrencyCode() + ")";
  }

  /** Builds a {@link Selector}. Not threadsafe. */
  public static final class Builder {
    private Catalog catalog = Catalog.empty();
    private Strategy strategy = Strategy.cheapest();
    private Currency currency = Currency.getInstance("USD");
    private FxRates fxRates = FxRates.none();
    private final Set<String> providers = new LinkedHashSet<>();
    private boolean budgeted;
    private Money unpricedCeiling;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    private Builder(Selector s) {
      catalog = s.catalog;
      strategy = s.strategy;
      currency = s.currency;
      fxRates = s.fxRates;
      providers.addAll(s.providers);
      budgeted = s.budgeted;
      unpricedCeiling = s.unpricedCeiling;
      clock = s.clock;
    }

    /** Sets the clock whose date decides which offers are retired; the UTC system clock by default. */
    public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

    /** Sets the catalog. */
    public Builder catalog(Catalog catalog) { this.catalog = Objects.requireNonNull(catalog, "catalog"); return this; }
    /** Sets the ranking strategy. */
    public Builder strategy(Strategy strategy) { this.strategy = Objects.requireNonNull(strategy, "strategy"); return this; }
    /** Sets the currency quotes are compared in. */
    public Builder currency(Currency currency) { this.currency = Objects.requireNonNull(currency, "currency"); return this; }
    /** Sets the exchange rates for offers priced in other currencies. */
    public Builder fxRates(FxRates fxRates) { this.fxRates = Objects.requireNonNull(fxRates, "fxRates"); return this; }
    /** Restricts plans to offers of {@code provider} and the others given; by default all are used. */
    public Builder provider(String provider) { providers.add(Objects.requireNonNull(provider, "provider")); return this; }

    /**
     * Says a budget caps spend, so an unpriced offer, whose cost nothing could hold to the cap, is
     * excluded unless an {@linkplain #unpricedCeiling unpriced ceiling} is set.
     */
    public Builder budgeted(boolean budgeted) { this.budgeted = budgeted; return this; }
    /**
     * Allows unpriced offers under a budget or a request's maxCost, taking {@code ceiling} as the
     * most one call may cost: it is what gets reserved, then settled on the actual cost.
     */
    public Builder unpricedCeiling(Money ceiling) { this.unpricedCeiling = Objects.requireNonNull(ceiling, "ceiling"); return this; }

    /** Returns the selector. */
    public Selector build() {
      return new Selector(this);
    }
  }
}
