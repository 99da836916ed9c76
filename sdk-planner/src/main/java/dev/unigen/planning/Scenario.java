package dev.unigen.planning;

import dev.unigen.catalog.Catalog;
import dev.unigen.pricing.Subscription;
import dev.unigen.routing.Strategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One way to serve a workload, to compare with others: which offers the selector may choose and
 * how it ranks them, which subscriptions are held, and any prices that differ from the catalog.
 *
 * <ul>
 *   <li>{@link #cheapest(String)}: every line on the cheapest offer able to serve it.</li>
 *   <li>{@link #allOn(String, String)}: everything on one provider; a line it cannot serve is
 *       reported with the reason.</li>
 *   <li>{@link Builder#assign(String, String)}: a named line on a given provider, even one outside
 *       {@link #providers()}; other lines follow the scenario's strategy and providers.</li>
 *   <li>{@link Builder#subscription(String, String, int)}: a plan such as Hugging Face PRO, its
 *       fee shared by a number of users and its included credit paying first for the lines
 *       served by its provider.</li>
 *   <li>{@link Builder#catalog(Catalog)}: offers and subscriptions that replace or add to the
 *       planner's catalog in this scenario only, such as a published price for a model a provider
 *       no longer serves.</li>
 * </ul>
 *
 * <p>Immutable and threadsafe; the builder is not.
 */
public final class Scenario {
  private final String name;
  private final String description;
  private final Strategy strategy;
  private final Set<String> providers;
  private final Map<String, String> assignments;
  private final List<Held> subscriptions;
  private final Catalog catalog;

  private Scenario(Builder b) {
    name = b.name;
    description = b.description;
    strategy = b.strategy;
    providers = Collections.unmodifiableSet(new LinkedHashSet<>(b.providers));
    assignments = Collections.unmodifiableMap(new LinkedHashMap<>(b.assignments));
    subscriptions = List.copyOf(b.subscriptions);
    catalog = b.catalog;
  }

  /** Returns a scenario that puts every line on the cheapest offer able to serve it. */
  public static Scenario cheapest(String name) {
    return builder(name).build();
  }

  /** Returns a scenario that puts every line on {@code provider}, cheapest offer first. */
  public static Scenario allOn(String name, String provider) {
    return builder(name).providers(provider).build();
  }

  /** Returns a builder for a scenario called {@code name}: cheapest, any provider, no subscription. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Returns a builder holding this scenario's values. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.description = description;
    b.strategy = strategy;
    b.providers.addAll(providers);
    b.assignments.putAll(assignments);
    b.subscriptions.addAll(subscriptions);
    b.catalog = catalog;
    return b;
  }

  /** The scenario's name, unique within a plan. */
  public String name() { return name; }
  /** A sentence about the scenario, if given. */
  public Optional<String> description() { return Optional.ofNullable(description); }
  /** How the selector ranks the offers able to serve a line. */
  public Strategy strategy() { return strategy; }
  /** The providers the selector may choose from; empty means any. */
  public Set<String> providers() { return providers; }
  /** Line name → the provider that must serve it. */
  public Map<String, String> assignments() { return assignments; }
  /** The subscriptions held. */
  public List<Held> subscriptions() { return subscriptions; }
  /** Offers and subscriptions laid over the planner's catalog in this scenario, if any. */
  public Optional<Catalog> catalog() { return Optional.ofNullable(catalog); }

  /** Says in a line how the scenario chooses, such as {@code cheapest; only fal; huggingface/pro shared by 10 users}. */
  public String summary() {
    List<String> parts = new ArrayList<>();
    parts.add(strategy.toString());
    if (!providers.isEmpty()) parts.add("only " + String.join(", ", providers));
    assignments.forEach((line, provider) -> parts.add(line + " on " + provider));
    for (Held h : subscriptions) {
      parts.add(h.provider() + "/" + h.plan()
          + (h.sharedBy().isPresent() ? " shared by " + h.sharedBy().getAsInt() + (h.sharedBy().getAsInt() == 1 ? " user" : " users") : " shared by the workload's users"));
    }
    if (catalog != null) {
      parts.add(catalog.size() + (catalog.size() == 1 ? " catalog override" : " catalog overrides"));
    }
    return String.join("; ", parts);
  }

  @Override
  public String toString() {
    return "Scenario(" + name + ": " + summary() + ")";
  }

  /**
   * A subscription a scenario holds: which provider's plan, and how many users share its fee and
   * its included credit. Each of those users is taken to run the whole workload. Immutable.
   */
  public static final class Held {
    private final String provider;
    private final String plan;
    private final int sharedBy; // 0: the workload's users

    private Held(String provider, String plan, int sharedBy) {
      this.provider = provider;
      this.plan = plan;
      this.sharedBy = sharedBy;
    }

    /** The provider, such as {@code huggingface}. */
    public String provider() { return provider; }
    /** The plan's name in the catalog, such as {@code pro}. */
    public String plan() { return plan; }
    /** How many users share it; empty means the workload's {@link Workload#users()}. */
    public OptionalInt sharedBy() { return sharedBy == 0 ? OptionalInt.empty() : OptionalInt.of(sharedBy); }

    @Override
    public String toString() {
      return provider + "/" + plan;
    }
  }

  /** Builds a {@link Scenario}. Not threadsafe. */
  public static final class Builder {
    private final String name;
    private String description;
    private Strategy strategy = Strategy.cheapest();
    private final Set<String> providers = new LinkedHashSet<>();
    private final Map<String, String> assignments = new LinkedHashMap<>();
    private final List<Held> subscriptions = new ArrayList<>();
    private Catalog catalog;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Sets a sentence about the scenario. */
    public Builder description(String description) { this.description = description; return this; }
    /** Sets how offers are ranked; {@link Strategy#cheapest()} by default. */
    public Builder strategy(Strategy strategy) { this.strategy = Objects.requireNonNull(strategy, "strategy"); return this; }

    /** Restricts every line to offers of these providers (and those given before). */
    public Builder providers(String... providers) {
      for (String p : providers) this.providers.add(Objects.requireNonNull(p, "provider"));
      return this;
    }

    /** Puts the line named {@code line} on {@code provider}, replacing an earlier assignment of it. */
    public Builder assign(String line, String provider) {
      assignments.put(Objects.requireNonNull(line, "line"), Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /** Holds {@code provider}'s plan {@code plan} from the catalog, shared by the workload's users. */
    public Builder subscription(String provider, String plan) {
      subscriptions.add(new Held(Objects.requireNonNull(provider, "provider"), Objects.requireNonNull(plan, "plan"), 0));
      return this;
    }

    /**
     * Holds {@code provider}'s plan {@code plan} from the catalog, shared by {@code sharedBy} users.
     *
     * @throws IllegalArgumentException if {@code sharedBy} is below 1
     */
    public Builder subscription(String provider, String plan, int sharedBy) {
      if (sharedBy < 1) throw new IllegalArgumentException("sharedBy must be at least 1: " + sharedBy);
      subscriptions.add(new Held(Objects.requireNonNull(provider, "provider"), Objects.requireNonNull(plan, "plan"), sharedBy));
      return this;
    }

    /**
     * Holds {@code subscription}, which need not be in the catalog, shared by {@code sharedBy}
     * users; it joins this scenario's catalog overrides.
     *
     * @throws IllegalArgumentException if {@code sharedBy} is below 1
     */
    public Builder subscription(Subscription subscription, int sharedBy) {
      Catalog one = Catalog.of(List.of(), List.of(subscription));
      catalog = catalog == null ? one : catalog.withOverrides(one);
      return subscription(subscription.provider(), subscription.name(), sharedBy);
    }

    /** Lays {@code overrides} over the planner's catalog in this scenario (merged with earlier ones). */
    public Builder catalog(Catalog overrides) {
      Objects.requireNonNull(overrides, "overrides");
      catalog = catalog == null ? overrides : catalog.withOverrides(overrides);
      return this;
    }

    /**
     * Returns the scenario.
     *
     * @throws IllegalArgumentException if the name is blank, or two subscriptions are of one provider
     */
    public Scenario build() {
      if (name.isBlank()) throw new IllegalArgumentException("scenario name is blank");
      Set<String> seen = new HashSet<>();
      for (Held h : subscriptions) {
        if (!seen.add(h.provider())) {
          throw new IllegalArgumentException("scenario " + name + " holds two subscriptions of " + h.provider());
        }
      }
      return new Scenario(this);
    }
  }
}
