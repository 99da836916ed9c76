package dev.unigen.jobs;

import dev.unigen.money.Money;
import dev.unigen.request.Request;
import dev.unigen.spi.JobRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the journal knows of one call to a provider: the provider, the request, its estimate and
 * the client-side id it was sent with; once the provider accepts it, the provider's job handle
 * (id, poll and cancel URLs); and where it is. Written before the request leaves
 * ({@link State#SUBMITTING}) and again when the provider accepts the job, so a restarted process
 * can finish the job without submitting it again, and can account for a call whose answer was
 * lost. It never holds an API key. Immutable; build with {@link #builder}.
 */
public final class JournalEntry {
  /** Where a journaled job is. */
  public enum State {
    /**
     * Written before the request left; no answer was read yet. After a restart it is looked up at
     * the provider where it can find calls by their client-side id, else recorded as
     * {@link #OUTCOME_UNKNOWN}.
     */
    SUBMITTING,
    /** Accepted by the provider and not finished: resumed after a restart. */
    ACCEPTED,
    /** Finished with output. */
    SUCCEEDED,
    /** Finished without output. */
    FAILED,
    /** Canceled. */
    CANCELED,
    /**
     * Sent before a restart whose answer was lost, and not found at the provider: it may have been
     * accepted and billed. The ledger records it so, with its estimate counted.
     */
    OUTCOME_UNKNOWN;

    /** True once the job will not change any more. */
    public boolean isDone() {
      return this != ACCEPTED && this != SUBMITTING;
    }
  }

  private final String jobId;
  private final String generationId;
  private final State state;
  private final String provider;
  private final JobRef ref;
  private final String callId;
  private final String model;
  private final Request request;
  private final Money estimate;
  private final Instant created;
  private final Instant updated;
  private final String detail;
  private final List<String> assets;

  private JournalEntry(Builder b) {
    jobId = Objects.requireNonNull(b.jobId, "jobId");
    generationId = Objects.requireNonNull(b.generationId, "generationId");
    state = Objects.requireNonNull(b.state, "state");
    ref = b.ref;
    provider = b.ref != null ? b.ref.provider() : Objects.requireNonNull(b.provider, "provider");
    if (ref == null && state == State.ACCEPTED) throw new NullPointerException("ref: an accepted entry names the provider's job");
    callId = b.callId;
    model = Objects.requireNonNull(b.model, "model");
    request = Objects.requireNonNull(b.request, "request");
    estimate = b.estimate;
    created = Objects.requireNonNull(b.created, "created");
    updated = b.updated != null ? b.updated : b.created;
    detail = b.detail == null ? "" : b.detail;
    assets = List.copyOf(b.assets);
  }

  /** Returns a builder for job {@code jobId}. */
  public static Builder builder(String jobId) {
    return new Builder(jobId);
  }

  /**
   * Reads an entry from the JSON document {@link #toJson()} writes (journal format 2; format 1 is
   * read too).
   *
   * @throws RuntimeException naming the field if the document is not a journal entry
   */
  public static JournalEntry fromJson(String json) {
    return JournalJson.read(Objects.requireNonNull(json, "json"));
  }

  /**
   * This entry as one JSON document in the journal's format (version 2), as {@link JobJournal#directory}
   * stores it: amounts as decimal strings, the request with its media by reference, never an API key.
   */
  public String toJson() {
    return JournalJson.write(this);
  }

  /** Returns a builder holding this entry's values. */
  public Builder toBuilder() {
    Builder b = new Builder(jobId);
    b.generationId = generationId; b.state = state; b.provider = provider; b.ref = ref; b.callId = callId;
    b.model = model; b.request = request;
    b.estimate = estimate; b.created = created; b.updated = updated; b.detail = detail; b.assets = assets;
    return b;
  }

  /** Unigen's job id. */
  public String jobId() { return jobId; }
  /** The generation id the ledger records the job under. */
  public String generationId() { return generationId; }
  /** Where the job is. */
  public State state() { return state; }
  /**
   * The provider's handle on the job, once the provider accepted one; empty while
   * {@link State#SUBMITTING}, and for a call answered at once or refused.
   */
  public Optional<JobRef> ref() { return Optional.ofNullable(ref); }
  /** The provider's name. */
  public String provider() { return provider; }
  /**
   * The client-side id the call was sent with (the provider's idempotency key or task id where its
   * API takes one); also the id of the call's ledger entry. Empty for an entry written without one.
   */
  public Optional<String> callId() { return Optional.ofNullable(callId); }
  /** The logical model. */
  public String model() { return model; }
  /** The request. */
  public Request request() { return request; }
  /** The estimate the offer was chosen on. */
  public Optional<Money> estimate() { return Optional.ofNullable(estimate); }
  /** When the entry was first written: when the request was about to leave, or was accepted. */
  public Instant created() { return created; }
  /** When the entry last changed. */
  public Instant updated() { return updated; }
  /** Why it failed, or a summary of what it produced. */
  public String detail() { return detail; }
  /** Where its outputs were stored or can be fetched. */
  public List<String> assets() { return assets; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof JournalEntry)) return false;
    JournalEntry e = (JournalEntry) o;
    return jobId.equals(e.jobId) && generationId.equals(e.generationId) && state == e.state
        && provider.equals(e.provider) && Objects.equals(ref, e.ref) && Objects.equals(callId, e.callId)
        && model.equals(e.model) && request.toJson().equals(e.request.toJson()) && Objects.equals(estimate, e.estimate)
        && created.equals(e.created) && updated.equals(e.updated) && detail.equals(e.detail) && assets.equals(e.assets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, state, updated);
  }

  @Override
  public String toString() {
    return "JournalEntry(" + jobId + " " + state + " " + (ref != null ? ref : provider) + ")";
  }

  /** Builds a {@link JournalEntry}. Not threadsafe. */
  public static final class Builder {
    private final String jobId;
    private String generationId;
    private State state = State.ACCEPTED;
    private String provider;
    private JobRef ref;
    private String callId;
    private String model;
    private Request request;
    private Money estimate;
    private Instant created;
    private Instant updated;
    private String detail;
    private List<String> assets = List.of();

    private Builder(String jobId) {
      this.jobId = jobId;
    }

    /** Sets the generation id. */
    public Builder generationId(String id) { this.generationId = id; return this; }
    /** Sets the state. */
    public Builder state(State state) { this.state = state; return this; }
    /** Sets the provider's handle on the accepted job, and with it the provider. */
    public Builder ref(JobRef ref) { this.ref = ref; return this; }
    /** Sets the provider, for an entry written before the provider accepted the job. */
    public Builder provider(String provider) { this.provider = provider; return this; }
    /** Sets the client-side id the call was sent with. */
    public Builder callId(String callId) { this.callId = callId; return this; }
    /** Sets the logical model. */
    public Builder model(String model) { this.model = model; return this; }
    /** Sets the request. */
    public Builder request(Request request) { this.request = request; return this; }
    /** Sets the estimate; null for an unpriced offer. */
    public Builder estimate(Money estimate) { this.estimate = estimate; return this; }
    /** Sets when the job was accepted. */
    public Builder created(Instant at) { this.created = at; return this; }
    /** Sets when the entry changed. */
    public Builder updated(Instant at) { this.updated = at; return this; }
    /** Sets the failure or a summary of the outputs. */
    public Builder detail(String detail) { this.detail = detail; return this; }
    /** Sets where the outputs are. */
    public Builder assets(List<String> assets) { this.assets = List.copyOf(assets); return this; }

    /**
     * Returns the entry.
     *
     * @throws NullPointerException if a required value is missing: the provider's job handle for
     *     an {@link State#ACCEPTED} entry, else the provider at least
     */
    public JournalEntry build() {
      return new JournalEntry(this);
    }
  }
}
