package dev.unigen.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where every call is written before its request leaves, and again when the provider accepts it
 * and before it is polled, so that a process that dies mid-job can be restarted and finish it
 * without paying twice, and account for a call whose answer it never read. Implementations must be threadsafe and
 * durable as far as they claim: {@link #directory} survives a crash mid-write.
 *
 * <p>A journal of one process ({@link #inMemory}, {@link #directory}) holds every job it has. A
 * journal shared by several processes (a database) also says which process holds each unfinished
 * job, so that exactly one follows it: it overrides {@link #claimUnfinished}, {@link #claim},
 * {@link #findUnfinished}, {@link #nudge}, {@link #firstDelivery}, {@link #forgetDelivery} and
 * {@link #listen}, whose defaults are right for one process.
 */
public interface JobJournal extends AutoCloseable {
  /** A journal in memory, for tests and short-lived processes. */
  static JobJournal inMemory() {
    return new MemoryJobJournal();
  }

  /**
   * A journal of one JSON file per job in {@code directory} (created if missing), each written to
   * a temporary file, forced to disk, then atomically renamed over the old one, so a crash leaves
   * either the old entry or the new one, never half of one.
   *
   * @throws java.io.UncheckedIOException if the directory cannot be created or read
   */
  static JobJournal directory(Path directory) {
    return new FileJobJournal(directory);
  }

  /**
   * Writes {@code entry}, replacing any entry of the same job; durable when this returns.
   *
   * @throws java.io.UncheckedIOException if it cannot be written
   */
  void put(JournalEntry entry);

  /** The entry of job {@code jobId}. */
  Optional<JournalEntry> get(String jobId);

  /** Every entry, oldest first. */
  List<JournalEntry> list();

  /** Removes job {@code jobId}'s entry, if there is one. */
  void remove(String jobId);

  /**
   * Takes, for this process, the unfinished entries of {@code providers} that no other live process
   * holds, and returns them oldest first: the jobs {@code jobs().resume()} then follows. The
   * default, for a journal of one process, returns every unfinished entry of {@link #list()}.
   *
   * @throws RuntimeException if the journal cannot be read
   */
  default List<JournalEntry> claimUnfinished(Set<String> providers) {
    return list().stream().filter(e -> !e.state().isDone() && providers.contains(e.provider()))
        .collect(Collectors.toList());
  }

  /**
   * Takes unfinished job {@code jobId} for this process unless another live process holds it, and
   * returns its entry; empty if it is finished, unknown, or held elsewhere. The default, for a
   * journal of one process, returns the entry if it is unfinished.
   *
   * @throws RuntimeException if the journal cannot be read
   */
  default Optional<JournalEntry> claim(String jobId) {
    return get(jobId).filter(e -> !e.state().isDone());
  }

  /**
   * The unfinished entry of the job {@code provider} knows as {@code providerJobId}, held by any
   * process; empty if there is none. The default looks through {@link #list()}.
   *
   * @throws RuntimeException if the journal cannot be read
   */
  default Optional<JournalEntry> findUnfinished(String provider, String providerJobId) {
    return list().stream().filter(e -> !e.state().isDone() && e.provider().equals(provider)
        && e.ref().map(r -> r.id().equals(providerJobId)).orElse(false)).findFirst();
  }

  /**
   * Tells the live process holding unfinished job {@code jobId} that news of it (a webhook) reached
   * another process, so that it looks at the job now; true if such a process was told. The default,
   * for a journal of one process, tells no one and returns false.
   *
   * @throws RuntimeException if the journal cannot be reached
   */
  default boolean nudge(String jobId) {
    return false;
  }

  /**
   * Records webhook delivery {@code deliveryId} of {@code provider} as received; false if a process
   * already recorded it, so that a copy reaching another process is a duplicate there too. The
   * default, for a journal of one process, records nothing and returns true: the webhook receiver
   * remembers the deliveries of its own process.
   *
   * @throws RuntimeException if the journal cannot be reached
   */
  default boolean firstDelivery(String provider, String deliveryId) {
    return true;
  }

  /**
   * Forgets webhook delivery {@code deliveryId} of {@code provider}, which changed nothing, so that
   * the provider's retry of it is handled. The default does nothing.
   *
   * @throws RuntimeException if the journal cannot be reached
   */
  default void forgetDelivery(String provider, String deliveryId) {}

  /**
   * Lets {@code listener} hear what other processes sharing this journal need of this one. The
   * default, for a journal of one process, never calls it.
   */
  default void listen(Listener listener) {}

  /** Stops calling {@code listener}. */
  default void unlisten(Listener listener) {}

  /**
   * What a journal shared by several processes asks of the generator using it. Called on a thread
   * of the journal's own, one call at a time; a call throws nothing.
   */
  interface Listener {
    /** Unfinished jobs that no live process holds can be taken over: resume them. */
    void takeOver();

    /** News of unfinished job {@code jobId}, which this process holds, reached another process: look at it now. */
    void nudged(String jobId);
  }

  /** Releases resources; entries stay where they are. */
  @Override
  default void close() {}
}
