package dev.unigen.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where every call is written before its request leaves, and again when the provider accepts it
 * and before it is polled, so that a process that dies mid-job can be restarted and finish it
 * without paying twice, and account for a call whose answer it never read. Implementations must be threadsafe and
 * durable as far as they claim: {@link #directory} survives a crash mid-write.
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

  /** Releases resources; entries stay where they are. */
  @Override
  default void close() {}
}
