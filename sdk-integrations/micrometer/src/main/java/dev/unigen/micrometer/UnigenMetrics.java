package dev.unigen.micrometer;

import dev.unigen.AllProvidersFailedException;
import dev.unigen.Attempt;
import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.Generation;
import dev.unigen.GenerationException;
import dev.unigen.GenerationListener;
import dev.unigen.GenerationTimeoutException;
import dev.unigen.Generator;
import dev.unigen.InsufficientCreditException;
import dev.unigen.InvalidRequestException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOfferException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.budget.Budget;
import dev.unigen.budget.BudgetExceededException;
import dev.unigen.money.Money;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Records Unigen's generations as Micrometer meters: a {@link GenerationListener} for the events,
 * and gauges read from the {@link Generator} once it is {@linkplain #monitor monitored}. Every tag
 * takes its values from a small set — provider and logical model names from the catalog, task
 * names, outcomes and error kinds — never from prompts, ids or amounts.
 *
 * <pre>{@code
 * UnigenMetrics metrics = UnigenMetrics.builder(registry).dailyCap(Money.usd("5.00")).build();
 * Generator gen = Generator.builder().providersFromEnvironment()
 *     .budget(Budget.perDay(Money.usd("5.00"))).listener(metrics).build();
 * metrics.monitor(gen);
 * }</pre>
 *
 * <p>The meters (see docs/metrics.md): {@code unigen.generations} (counter: provider, model, task,
 * outcome, error), {@code unigen.generation.duration} (timer of successful generations: provider,
 * model, task), {@code unigen.generation.cost} (counter in currency units: provider, model, task,
 * currency), {@code unigen.attempts} (timer: provider, model, outcome), {@code unigen.failovers}
 * (counter: provider left, outcome), {@code unigen.retries} (counter: provider, error), and the
 * gauges {@code unigen.circuit.open} (provider), {@code unigen.budget.spent},
 * {@code unigen.budget.remaining} (period, currency), {@code unigen.budget.reserved} (currency)
 * and {@code unigen.jobs.active}. Threadsafe.
 */
public final class UnigenMetrics implements GenerationListener {
  /** The tag value for something a failure does not say, such as the model of a refused request. */
  static final String NONE = "none";

  private final MeterRegistry registry;
  private final Money dailyCap;
  private final Money monthlyCap;

  private UnigenMetrics(Builder b) {
    this.registry = b.registry;
    this.dailyCap = b.dailyCap;
    this.monthlyCap = b.monthlyCap;
  }

  /** Returns a builder recording into {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * Registers the gauges read from {@code generator}: each provider's circuit breaker, the budget
   * (if it has one) and the jobs in flight. Call it once per generator; the gauges hold the
   * generator weakly, so they stop reporting once it is gone.
   *
   * @throws IllegalArgumentException if a cap given to the builder is in another currency than
   *     the generator's budget
   */
  public UnigenMetrics monitor(Generator generator) {
    Objects.requireNonNull(generator, "generator");
    for (String provider : generator.providers()) {
      Gauge.builder("unigen.circuit.open", generator, g -> g.circuitOpen(provider) ? 1 : 0)
          .description("1 while the provider's circuit breaker is open and its offers are skipped, else 0")
          .tag("provider", provider)
          .register(registry);
    }
    Optional<Budget> budget = generator.budget();
    if (budget.isPresent()) {
      String currency = budget.get().currency().getCurrencyCode();
      checkCurrency(dailyCap, currency);
      checkCurrency(monthlyCap, currency);
      budgetGauge("unigen.budget.spent", generator, "day", currency, b -> b.spentToday(),
          "Spent in the current calendar day of the budget");
      budgetGauge("unigen.budget.spent", generator, "month", currency, b -> b.spentThisMonth(),
          "Spent in the current calendar month of the budget");
      Gauge.builder("unigen.budget.reserved", generator, g -> amount(g, Budget::reserved))
          .description("Set aside for calls under way, not yet committed or released")
          .tag("currency", currency)
          .register(registry);
      if (dailyCap != null) {
        budgetGauge("unigen.budget.remaining", generator, "day", currency, b -> remaining(dailyCap, b.spentToday(), b),
            "What the daily cap still allows: cap - spent - reserved, at least zero");
      }
      if (monthlyCap != null) {
        budgetGauge("unigen.budget.remaining", generator, "month", currency,
            b -> remaining(monthlyCap, b.spentThisMonth(), b),
            "What the monthly cap still allows: cap - spent - reserved, at least zero");
      }
    }
    Gauge.builder("unigen.jobs.active", generator,
            g -> g.jobs().list().stream().filter(j -> !j.status().isDone()).count())
        .description("Jobs submitted or resumed here that have not finished")
        .register(registry);
    return this;
  }

  private void budgetGauge(String name, Generator generator, String period, String currency,
      Function<Budget, Money> read, String description) {
    Gauge.builder(name, generator, g -> amount(g, read))
        .description(description)
        .tags("period", period, "currency", currency)
        .register(registry);
  }

  /** Money as the double a gauge reports; metrics are for charts and alerts, the ledger keeps the exact sums. */
  private static double amount(Generator g, Function<Budget, Money> read) {
    return g.budget().map(read).map(m -> m.amount().doubleValue()).orElse(Double.NaN);
  }

  private static Money remaining(Money cap, Money spent, Budget budget) {
    Money left = cap.minus(spent).minus(budget.reserved());
    return left.isNegative() ? Money.zero(cap.currency()) : left;
  }

  private static void checkCurrency(Money cap, String currency) {
    if (cap != null && !cap.currency().getCurrencyCode().equals(currency)) {
      throw new IllegalArgumentException("the cap " + cap + " is not in the budget's currency " + currency);
    }
  }

  @Override
  public void retrying(String provider, GenerationException error, int nextTry) {
    Counter.builder("unigen.retries")
        .description("Calls retried on the same provider after a failure safe to repeat")
        .tags("provider", provider, "error", errorKind(error))
        .register(registry)
        .increment();
  }

  @Override
  public void attemptEnded(Attempt attempt) {
    Timer.builder("unigen.attempts")
        .description("Offers tried, by how each ended; SKIPPED ones were not sent")
        .tags("provider", attempt.provider(), "model", attempt.model(), "outcome", lower(attempt.outcome().name()))
        .register(registry)
        .record(attempt.elapsed());
  }

  @Override
  public void succeeded(Generation generation) {
    Tags tags = Tags.of("provider", generation.provider(), "model", generation.model(),
        "task", generation.request().task().wireName());
    Counter.builder("unigen.generations")
        .description("Generations finished, by outcome")
        .tags(tags.and("outcome", "success", "error", NONE))
        .register(registry)
        .increment();
    Timer.builder("unigen.generation.duration")
        .description("Time from the request to the result of successful generations, failovers included")
        .tags(tags)
        .register(registry)
        .record(generation.elapsed());
    Optional<Money> cost = generation.cost().actual().or(() -> generation.cost().estimate());
    cost.ifPresent(money -> Counter.builder("unigen.generation.cost")
        .description("What generations cost, as billed or else as estimated")
        // The currency is a tag, not a base unit, so every registry names the meter the same way.
        .tags(tags.and("currency", money.currency().getCurrencyCode()))
        .register(registry)
        // Micrometer counts in doubles: a chart's precision, while the ledger keeps the exact amounts.
        .increment(money.amount().doubleValue()));
    failovers(generation.attempts());
  }

  @Override
  public void failed(GenerationException error) {
    String provider = NONE;
    String model = NONE;
    String task = NONE;
    if (error instanceof AllProvidersFailedException) {
      List<Attempt> attempts = ((AllProvidersFailedException) error).attempts();
      if (!attempts.isEmpty()) {
        Attempt last = attempts.get(attempts.size() - 1);
        provider = last.provider();
        model = last.model();
      }
      failovers(attempts);
    } else if (error instanceof NoOfferException) {
      // Not the model: a misspelled one would become a new tag value.
      task = ((NoOfferException) error).plan().request().task().wireName();
    } else {
      provider = error.provider().orElse(NONE);
    }
    Counter.builder("unigen.generations")
        .description("Generations finished, by outcome")
        .tags("provider", provider, "model", model, "task", task, "outcome", "failure", "error", errorKind(error))
        .register(registry)
        .increment();
  }

  /**
   * Counts each offer left for the next one: every attempt but the last (the one that succeeded, or
   * the last that failed).
   */
  private void failovers(List<Attempt> attempts) {
    for (int i = 0; i < attempts.size() - 1; i++) {
      Attempt left = attempts.get(i);
      Counter.builder("unigen.failovers")
          .description("Offers left for the next one, by the provider left and how its attempt ended")
          .tags("provider", left.provider(), "outcome", lower(left.outcome().name()))
          .register(registry)
          .increment();
    }
  }

  /** A fixed set of error kinds, so the tag stays low-cardinality whatever the message says. */
  static String errorKind(GenerationException e) {
    if (e instanceof RateLimitedException) return "rate_limited";
    if (e instanceof AuthenticationException) return "authentication";
    if (e instanceof InsufficientCreditException) return "insufficient_credit";
    if (e instanceof ContentModeratedException) return "moderated";
    if (e instanceof InvalidRequestException) return "invalid_request";
    if (e instanceof OutcomeUnknownException) return "outcome_unknown";
    if (e instanceof GenerationTimeoutException) return "timeout";
    if (e instanceof JobCanceledException) return "canceled";
    if (e instanceof BudgetExceededException) return "budget_exceeded";
    if (e instanceof NoOfferException) return "no_offer";
    if (e instanceof AllProvidersFailedException) return "all_providers_failed";
    if (e instanceof ProviderFailureException) return "provider_failure";
    return "other";
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Builds {@link UnigenMetrics}. Not threadsafe. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Money dailyCap;
    private Money monthlyCap;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Sets the budget's daily cap, for the {@code unigen.budget.remaining} gauge of period
     * {@code day}; the budget itself does not expose its caps.
     *
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public Builder dailyCap(Money cap) {
      this.dailyCap = checked(cap);
      return this;
    }

    /**
     * Sets the budget's monthly cap, for the {@code unigen.budget.remaining} gauge of period
     * {@code month}.
     *
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public Builder monthlyCap(Money cap) {
      this.monthlyCap = checked(cap);
      return this;
    }

    private static Money checked(Money cap) {
      if (Objects.requireNonNull(cap, "cap").isNegative()) throw new IllegalArgumentException("negative cap: " + cap);
      return cap;
    }

    /** Returns the listener; add it to the generator's builder, then {@link #monitor} the generator. */
    public UnigenMetrics build() {
      return new UnigenMetrics(this);
    }
  }
}
