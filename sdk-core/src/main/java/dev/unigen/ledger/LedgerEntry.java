package dev.unigen.ledger;

import dev.unigen.internal.Ids;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import dev.unigen.request.Task;
import java.time.Instant;
import java.util.Collections;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One attempt at one provider, as the {@link CostLedger} records it: what was asked of whom, how it
 * ended, what it was estimated and really cost, and how much of that an included subscription
 * credit paid. A generation that failed over has one entry per provider tried, all with the same
 * {@link #generationId()}.
 *
 * <p>The estimate, the actual and the credit are in one currency. An entry never holds an API key;
 * callers keep keys out of {@link #detail()} and the tags. This class is immutable and threadsafe.
 */
public final class LedgerEntry {
  /** How an attempt ended. */
  public enum Outcome {
    /** The provider produced the result. */
    SUCCEEDED,
    /** The provider answered with a failure. */
    FAILED,
    /** The request may or may not have been accepted (and billed): a timeout or broken connection after sending. */
    OUTCOME_UNKNOWN,
    /** The caller canceled the attempt. */
    CANCELED
  }

  private static final Currency USD = Currency.getInstance("USD");

  private final String id;
  private final String generationId;
  private final Instant timestamp;
  private final String provider;
  private final String model;
  private final String endpoint;
  private final String task;
  private final Outcome outcome;
  private final boolean billed;
  private final Money estimate;
  private final Money actual;
  private final CostBasis basis;
  private final Money credited;
  // True when the credit was set by the caller or already applied by a ledger; the ledger then keeps it.
  private final boolean creditDecided;
  private final Map<String, String> tags;
  private final String providerRequestId;
  private final String detail;

  private LedgerEntry(Builder b) {
    id = b.id;
    generationId = b.generationId;
    timestamp = b.timestamp;
    provider = b.provider;
    model = b.model;
    endpoint = b.endpoint;
    task = b.task;
    outcome = b.outcome;
    billed = b.billedSet != null ? b.billed : b.outcome == Outcome.SUCCEEDED;
    estimate = b.estimate;
    actual = b.actual;
    basis = b.basis;
    creditDecided = b.credited != null;
    // Without an actual the credit is zero in the entry's currency, whatever currency a zero was given in.
    credited = b.credited != null && b.actual != null ? b.credited : Money.zero(currencyOf(b.actual, b.estimate));
    tags = Collections.unmodifiableSortedMap(new TreeMap<>(b.tags));
    providerRequestId = b.providerRequestId;
    detail = b.detail;
  }

  /** Returns a builder with a fresh random id and nothing else set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this entry's values, including its credit. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The entry's unique id. */
  public String id() { return id; }
  /** The generation this attempt belongs to; shared by every attempt of one generation. */
  public String generationId() { return generationId; }
  /** When the attempt ended (or was recorded). Credits and daily totals use this instant. */
  public Instant timestamp() { return timestamp; }
  /** The provider, such as {@code fal}. */
  public String provider() { return provider; }
  /** The logical model id, such as {@code flux-schnell}. */
  public String model() { return model; }
  /** The provider's endpoint or model name that was called. */
  public String endpoint() { return endpoint; }
  /** The task's wire name, such as {@code text-to-image}. */
  public String task() { return task; }
  /** How the attempt ended. */
  public Outcome outcome() { return outcome; }
  /** Whether the provider billed this attempt, as far as is known. */
  public boolean billed() { return billed; }
  /** The price estimated before the call, if the offer was priced. */
  public Optional<Money> estimate() { return Optional.ofNullable(estimate); }
  /** What the attempt really cost, if known; absent is unknown, not zero. */
  public Optional<Money> actual() { return Optional.ofNullable(actual); }
  /** How {@link #actual()} was arrived at. */
  public CostBasis basis() { return basis; }
  /** The part of the actual paid by an included subscription credit or free quota; zero if none. */
  public Money credited() { return credited; }
  /** Tags such as {@code user} and {@code project}; sorted by key. */
  public Map<String, String> tags() { return tags; }
  /** The provider's id for the request, such as a fal request id, if it gave one. */
  public Optional<String> providerRequestId() { return Optional.ofNullable(providerRequestId); }
  /** How the actual was derived, or why the attempt failed; empty if nothing was said. */
  public String detail() { return detail; }

  /**
   * How much the actual is above the estimate, when it is: an overrun, which the entry's detail
   * also reports. Empty when either is unknown or the actual is not above the estimate.
   */
  public Optional<Money> overrun() {
    if (actual == null || estimate == null || !actual.isGreaterThan(estimate)) return Optional.empty();
    return Optional.of(actual.minus(estimate));
  }

  /** What is left to pay: the actual minus the credit; empty when the actual is unknown. */
  public Optional<Money> charged() {
    return actual == null ? Optional.empty() : Optional.of(actual.minus(credited));
  }

  /** True if the credit was set explicitly or applied by a ledger, so a ledger keeps it as is. */
  boolean creditDecided() {
    return creditDecided;
  }

  /** Returns this entry with {@code credit} as its decided credit. */
  LedgerEntry withCredit(Money credit) {
    return toBuilder().credited(credit).build();
  }

  /** The currency of the entry's amounts: the actual's, else the estimate's, else US dollars. */
  Currency currency() {
    return currencyOf(actual, estimate);
  }

  private static Currency currencyOf(Money actual, Money estimate) {
    if (actual != null) return actual.currency();
    if (estimate != null) return estimate.currency();
    return USD;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof LedgerEntry)) return false;
    LedgerEntry e = (LedgerEntry) o;
    return id.equals(e.id) && generationId.equals(e.generationId) && timestamp.equals(e.timestamp)
        && provider.equals(e.provider) && model.equals(e.model) && endpoint.equals(e.endpoint)
        && task.equals(e.task) && outcome == e.outcome && billed == e.billed
        && Objects.equals(estimate, e.estimate) && Objects.equals(actual, e.actual)
        && basis == e.basis && credited.equals(e.credited) && tags.equals(e.tags)
        && Objects.equals(providerRequestId, e.providerRequestId) && detail.equals(e.detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, generationId, timestamp, provider, model, outcome, actual);
  }

  @Override
  public String toString() {
    return "LedgerEntry(" + id + " " + timestamp + " " + provider + "/" + model + " " + task + " "
        + outcome + (actual == null ? "" : " actual " + actual) + (credited.isZero() ? "" : " credited " + credited)
        + ")";
  }

  /** Builds a {@link LedgerEntry}. Not threadsafe. */
  public static final class Builder {
    private String id;
    private String generationId;
    private Instant timestamp;
    private String provider;
    private String model;
    private String endpoint;
    private String task;
    private Outcome outcome;
    private Boolean billedSet; // null: default by outcome
    private boolean billed;
    private Money estimate;
    private Money actual;
    private CostBasis basis;
    private Money credited;
    private Map<String, String> tags = new TreeMap<>();
    private String providerRequestId;
    private String detail = "";

    private Builder() {
      id = Ids.random();
    }

    private Builder(LedgerEntry e) {
      id = e.id;
      generationId = e.generationId;
      timestamp = e.timestamp;
      provider = e.provider;
      model = e.model;
      endpoint = e.endpoint;
      task = e.task;
      outcome = e.outcome;
      billedSet = Boolean.TRUE;
      billed = e.billed;
      estimate = e.estimate;
      actual = e.actual;
      basis = e.basis;
      credited = e.creditDecided ? e.credited : null;
      tags = new TreeMap<>(e.tags);
      providerRequestId = e.providerRequestId;
      detail = e.detail;
    }

    /** Sets the unique id; by default a random UUID. */
    public Builder id(String id) { this.id = Objects.requireNonNull(id, "id"); return this; }
    /** Sets the generation this attempt belongs to. Required. */
    public Builder generationId(String generationId) { this.generationId = Objects.requireNonNull(generationId, "generationId"); return this; }
    /** Sets when the attempt ended. Required. */
    public Builder timestamp(Instant timestamp) { this.timestamp = Objects.requireNonNull(timestamp, "timestamp"); return this; }
    /** Sets the provider. Required. */
    public Builder provider(String provider) { this.provider = Objects.requireNonNull(provider, "provider"); return this; }
    /** Sets the logical model id. Required. */
    public Builder model(String model) { this.model = Objects.requireNonNull(model, "model"); return this; }
    /** Sets the provider's endpoint or model name that was called. Required. */
    public Builder endpoint(String endpoint) { this.endpoint = Objects.requireNonNull(endpoint, "endpoint"); return this; }
    /** Sets the task by its wire name, such as {@code text-to-image}. Required. */
    public Builder task(String task) { this.task = Objects.requireNonNull(task, "task"); return this; }
    /** Sets the task. */
    public Builder task(Task task) { return task(task.wireName()); }
    /** Sets how the attempt ended. Required. */
    public Builder outcome(Outcome outcome) { this.outcome = Objects.requireNonNull(outcome, "outcome"); return this; }
    /** Sets whether the provider billed the attempt; by default true for {@link Outcome#SUCCEEDED} and false otherwise. */
    public Builder billed(boolean billed) { this.billedSet = Boolean.TRUE; this.billed = billed; return this; }
    /** Sets the estimate made before the call. */
    public Builder estimate(Money estimate) { this.estimate = Objects.requireNonNull(estimate, "estimate"); return this; }
    /** Sets the actual cost. */
    public Builder actual(Money actual) { this.actual = Objects.requireNonNull(actual, "actual"); return this; }
    /** Sets how the actual was arrived at. Required. */
    public Builder basis(CostBasis basis) { this.basis = Objects.requireNonNull(basis, "basis"); return this; }

    /**
     * Sets the subscription credit already applied to the actual, even zero. A ledger keeps a
     * credit set here, as when replaying entries from another ledger; left unset, the ledger
     * applies the provider's included credit itself.
     */
    public Builder credited(Money credited) { this.credited = Objects.requireNonNull(credited, "credited"); return this; }

    /** Adds the tag {@code key=value}, replacing an earlier value of the key. */
    public Builder tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Replaces all tags with {@code tags}. */
    public Builder tags(Map<String, String> tags) {
      TreeMap<String, String> copy = new TreeMap<>();
      tags.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "tag key"), Objects.requireNonNull(v, "tag value")));
      this.tags = copy;
      return this;
    }

    /** Sets the provider's id for the request. */
    public Builder providerRequestId(String id) { this.providerRequestId = Objects.requireNonNull(id, "providerRequestId"); return this; }
    /** Sets how the actual was derived or why the attempt failed. Must not contain secrets. */
    public Builder detail(String detail) { this.detail = Objects.requireNonNull(detail, "detail"); return this; }

    /**
     * Returns the entry.
     *
     * @throws IllegalArgumentException if a required value is missing or blank, an amount is
     *     negative, the amounts are in different currencies, a credit exceeds the actual or is set
     *     without one, or a tag key is blank
     */
    public LedgerEntry build() {
      requireText(id, "id");
      requireText(generationId, "generationId");
      requireText(provider, "provider");
      requireText(model, "model");
      requireText(endpoint, "endpoint");
      requireText(task, "task");
      if (timestamp == null) throw new IllegalArgumentException("timestamp is required");
      if (outcome == null) throw new IllegalArgumentException("outcome is required");
      if (basis == null) throw new IllegalArgumentException("basis is required");
      requireNonNegative(estimate, "estimate");
      requireNonNegative(actual, "actual");
      requireNonNegative(credited, "credited");
      if (estimate != null && actual != null && !estimate.currency().equals(actual.currency())) {
        throw new IllegalArgumentException("estimate " + estimate + " and actual " + actual + " are in different currencies");
      }
      if (credited != null) {
        if (actual == null) {
          if (!credited.isZero()) throw new IllegalArgumentException("credited " + credited + " without an actual");
        } else if (!credited.currency().equals(actual.currency()) || credited.isGreaterThan(actual)) {
          throw new IllegalArgumentException("credited " + credited + " must be in the actual's currency and at most " + actual);
        }
      }
      for (String key : tags.keySet()) {
        if (key.isBlank()) throw new IllegalArgumentException("blank tag key");
      }
      return new LedgerEntry(this);
    }

    private static void requireText(String value, String name) {
      if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " is required");
    }

    private static void requireNonNegative(Money m, String name) {
      if (m != null && m.isNegative()) throw new IllegalArgumentException("negative " + name + ": " + m);
    }
  }
}
