package dev.unigen.catalog;

import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Task;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One provider's way of serving one logical model: the provider's own endpoint or model name
 * (per task where they differ), the tasks, the {@link Capabilities}, the {@link PriceRule} (absent
 * when the price is unknown: such an offer is UNPRICED, never free), and when and where the price
 * was read. An offer is identified by provider and model. Immutable and threadsafe.
 */
public final class Offer {
  /** Whose figure the price is. */
  public enum Confidence {
    /** The provider's own price page, API answer or official client. */
    OFFICIAL,
    /** A figure published by someone else, such as a reseller or a benchmark site. */
    THIRD_PARTY;

    /** The catalog name: {@code official} or {@code third-party}. */
    public String wireName() {
      return this == OFFICIAL ? "official" : "third-party";
    }
  }

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");

  private final String provider;
  private final String model;
  private final String endpoint;
  private final Map<Task, String> endpoints;
  private final Set<Task> tasks;
  private final EnumSet<Task> taskSet;
  /** The same tasks as bits by ordinal, asked by {@link #serves} once per offer weighed without reading the set. */
  private final long taskBits;
  private final Capabilities capabilities;
  private final PriceRule price;
  private final LocalDate asOf;
  private final String source;
  private final String notes;
  private final RateLimit rateLimit;
  private final Confidence confidence;
  private final LocalDate retires;
  private final String retirementSource;
  private final Optional<PriceRule> priceValue;

  private Offer(Builder b) {
    provider = b.provider;
    model = b.model;
    endpoint = b.endpoint;
    endpoints = b.endpoints.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(b.endpoints));
    taskSet = EnumSet.copyOf(b.tasks);
    tasks = Collections.unmodifiableSet(taskSet);
    long bits = 0;
    for (Task t : taskSet) bits |= 1L << t.ordinal();
    taskBits = bits;
    capabilities = b.capabilities;
    price = b.price;
    asOf = b.asOf;
    source = b.source;
    notes = b.notes;
    rateLimit = b.rateLimit;
    confidence = b.confidence;
    retires = b.retires;
    retirementSource = b.retirementSource;
    priceValue = Optional.ofNullable(price);
  }

  static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  /** Returns a builder for {@code provider}'s offer of logical model {@code model}. */
  public static Builder builder(String provider, String model) {
    return new Builder(provider, model);
  }

  /** Returns a builder holding this offer's values. */
  public Builder toBuilder() {
    return toBuilder(provider);
  }

  /** Returns a builder holding this offer's values, for the same offer by {@code provider}. */
  public Builder toBuilder(String provider) {
    Builder b = new Builder(provider, model);
    b.endpoint = endpoint;
    b.endpoints.putAll(endpoints);
    b.tasks.addAll(tasks);
    b.capabilities = capabilities;
    b.price = price;
    b.asOf = asOf;
    b.source = source;
    b.notes = notes;
    b.rateLimit = rateLimit;
    b.confidence = confidence;
    b.retires = retires;
    b.retirementSource = retirementSource;
    return b;
  }

  /** The provider's name, such as {@code fal}. */
  public String provider() { return provider; }
  /** The logical model id, such as {@code flux-schnell}. */
  public String model() { return model; }
  /** {@code provider/model}, the offer's identity in a catalog. */
  public String key() { return provider + "/" + model; }
  /** The provider's endpoint or model name used when no per-task one is given. */
  public String endpoint() { return endpoint; }
  /** The provider's endpoint or model name for {@code task}. */
  public String endpoint(Task task) { return endpoints.getOrDefault(task, endpoint); }
  /** Per-task endpoints that differ from {@link #endpoint()}. */
  public Map<Task, String> endpoints() { return endpoints; }
  /** The tasks served. */
  public Set<Task> tasks() { return tasks; }
  /** True if {@code task} is served. */
  public boolean serves(Task task) { return (taskBits & (1L << task.ordinal())) != 0; }
  /** What the offer can do. */
  public Capabilities capabilities() { return capabilities; }
  /** How it is priced; empty when the price is unknown. */
  public Optional<PriceRule> price() { return priceValue; }
  /** The date the price and capabilities were read. */
  public LocalDate asOf() { return asOf; }
  /** Where they were read: a URL or a document name. */
  public String source() { return source; }
  /** Remarks for people reading the catalog. */
  public Optional<String> notes() { return Optional.ofNullable(notes); }
  /** The provider's documented rate for this offer, which submits are held within; empty when none is declared. */
  public Optional<RateLimit> rateLimit() { return Optional.ofNullable(rateLimit); }
  /** Whose figure the price is: the provider's own, or a third party's. */
  public Confidence confidence() { return confidence; }
  /** The day the provider shuts the model down (or did), as announced; empty when none is known. */
  public Optional<LocalDate> retires() { return Optional.ofNullable(retires); }
  /** Where the shutdown was announced; present when {@link #retires()} is. */
  public Optional<String> retirementSource() { return Optional.ofNullable(retirementSource); }
  /** True once {@code today} is on or after the shutdown day: the selector leaves the offer out. */
  public boolean retiredOn(LocalDate today) { return retires != null && !today.isBefore(retires); }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Offer)) return false;
    Offer x = (Offer) o;
    return provider.equals(x.provider) && model.equals(x.model) && endpoint.equals(x.endpoint)
        && endpoints.equals(x.endpoints) && tasks.equals(x.tasks) && capabilities.equals(x.capabilities)
        && Objects.equals(price, x.price) && asOf.equals(x.asOf) && source.equals(x.source)
        && Objects.equals(rateLimit, x.rateLimit) && confidence == x.confidence && Objects.equals(retires, x.retires)
        && Objects.equals(retirementSource, x.retirementSource);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, model, endpoint, asOf);
  }

  @Override
  public String toString() {
    return "Offer(" + key() + " " + endpoint + ", " + (price == null ? "unpriced" : price.kind()) + ", as of " + asOf + ")";
  }

  /** Builds an {@link Offer}. Not threadsafe. */
  public static final class Builder {
    private final String provider;
    private final String model;
    private String endpoint;
    private final Map<Task, String> endpoints = new EnumMap<>(Task.class);
    private final Set<Task> tasks = EnumSet.noneOf(Task.class);
    private Capabilities capabilities = Capabilities.NONE;
    private PriceRule price;
    private LocalDate asOf;
    private String source;
    private String notes;
    private RateLimit rateLimit;
    private Confidence confidence = Confidence.OFFICIAL;
    private LocalDate retires;
    private String retirementSource;

    private Builder(String provider, String model) {
      this.provider = Objects.requireNonNull(provider, "provider");
      this.model = Objects.requireNonNull(model, "model");
    }

    /** Sets the provider's endpoint or model name. */
    public Builder endpoint(String endpoint) { this.endpoint = endpoint; return this; }
    /** Sets the endpoint for one task (and adds the task). */
    public Builder endpoint(Task task, String endpoint) {
      endpoints.put(Objects.requireNonNull(task, "task"), Objects.requireNonNull(endpoint, "endpoint"));
      tasks.add(task);
      return this;
    }
    /** Adds served tasks. */
    public Builder tasks(Task... tasks) { Collections.addAll(this.tasks, tasks); return this; }
    /** Sets the capabilities. */
    public Builder capabilities(Capabilities capabilities) { this.capabilities = Objects.requireNonNull(capabilities, "capabilities"); return this; }
    /** Sets the price rule; null means unpriced. */
    public Builder price(PriceRule price) { this.price = price; return this; }
    /** Sets when and where the offer was read. */
    public Builder provenance(LocalDate asOf, String source) {
      this.asOf = asOf;
      this.source = source;
      return this;
    }
    /** Sets remarks. */
    public Builder notes(String notes) { this.notes = notes; return this; }
    /** Sets the provider's documented rate for this offer; null for none. */
    public Builder rateLimit(RateLimit rateLimit) { this.rateLimit = rateLimit; return this; }
    /** Sets whose figure the price is; {@link Confidence#OFFICIAL} by default. */
    public Builder confidence(Confidence confidence) { this.confidence = Objects.requireNonNull(confidence, "confidence"); return this; }
    /** Sets the announced shutdown day and where it was announced. */
    public Builder retires(LocalDate day, String source) {
      this.retires = Objects.requireNonNull(day, "day");
      this.retirementSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Returns the offer.
     *
     * @throws IllegalArgumentException if a name is malformed, no task is served, or the
     *     endpoint, date or source is missing
     */
    public Offer build() {
      if (!NAME.matcher(provider).matches()) throw new IllegalArgumentException("provider name must be lowercase [a-z0-9.-]: '" + provider + "'");
      if (!NAME.matcher(model).matches()) throw new IllegalArgumentException("model id must be lowercase [a-z0-9.-]: '" + model + "'");
      if (tasks.isEmpty()) throw new IllegalArgumentException(provider + "/" + model + ": no task");
      if (endpoint == null || endpoint.isBlank()) {
        if (endpoints.size() == tasks.size() && !endpoints.isEmpty()) endpoint = endpoints.values().iterator().next();
        else throw new IllegalArgumentException(provider + "/" + model + ": no endpoint");
      }
      if (asOf == null) throw new IllegalArgumentException(provider + "/" + model + ": no asOf date");
      if (source == null || source.isBlank()) throw new IllegalArgumentException(provider + "/" + model + ": no source");
      return new Offer(this);
    }
  }

  /**
   * The rate a provider documents for one offer, or for its whole account: how many requests may
   * start per second and how many may run at once. Unigen holds its submits within it, queueing a
   * burst instead of sending it into 429s. Immutable.
   */
  public static final class RateLimit {
    private final double perSecond;
    private final int concurrent;
    private final boolean sharedByProvider;

    private RateLimit(double perSecond, int concurrent, boolean sharedByProvider) {
      this.perSecond = perSecond;
      this.concurrent = concurrent;
      this.sharedByProvider = sharedByProvider;
    }

    /**
     * A limit on this offer alone: {@code perSecond} requests started per second (0 for none) and
     * {@code concurrent} at once (0 for none).
     *
     * @throws IllegalArgumentException if a value is negative or not finite, or both are 0
     */
    public static RateLimit of(double perSecond, int concurrent) {
      return create(perSecond, concurrent, false);
    }

    /**
     * A limit the provider sets on the whole account, with the same values as {@link #of}: every
     * offer of the provider declaring this same limit shares it, so their submits together keep
     * within it.
     *
     * @throws IllegalArgumentException if a value is negative or not finite, or both are 0
     */
    public static RateLimit sharedByProvider(double perSecond, int concurrent) {
      return create(perSecond, concurrent, true);
    }

    private static RateLimit create(double perSecond, int concurrent, boolean shared) {
      if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
        throw new IllegalArgumentException("requests per second must be a finite number of at least 0: " + perSecond);
      }
      if (concurrent < 0) throw new IllegalArgumentException("concurrent must not be negative: " + concurrent);
      if (perSecond == 0 && concurrent == 0) throw new IllegalArgumentException("a rate limit needs a rate or a concurrency");
      return new RateLimit(perSecond, concurrent, shared);
    }

    /** Requests that may start per second; empty when only concurrency is limited. */
    public OptionalDouble requestsPerSecond() {
      return perSecond > 0 ? OptionalDouble.of(perSecond) : OptionalDouble.empty();
    }

    /** Requests that may run at once; empty when only the rate is limited. */
    public OptionalInt concurrent() {
      return concurrent > 0 ? OptionalInt.of(concurrent) : OptionalInt.empty();
    }

    /**
     * Whether the limit is the provider's on the whole account (catalog {@code "scope": "provider"}),
     * shared by every offer of that provider declaring the same limit, rather than this offer's own.
     */
    public boolean sharedByProvider() {
      return sharedByProvider;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof RateLimit)) return false;
      RateLimit r = (RateLimit) o;
      return r.perSecond == perSecond && r.concurrent == concurrent && r.sharedByProvider == sharedByProvider;
    }

    @Override
    public int hashCode() {
      return (Double.hashCode(perSecond) * 31 + concurrent) * 31 + Boolean.hashCode(sharedByProvider);
    }

    @Override
    public String toString() {
      return "RateLimit(" + (perSecond > 0 ? perSecond + "/s" : "any rate") + ", "
          + (concurrent > 0 ? concurrent + " at once" : "any concurrency")
          + (sharedByProvider ? ", shared by the provider" : "") + ")";
    }
  }
}
