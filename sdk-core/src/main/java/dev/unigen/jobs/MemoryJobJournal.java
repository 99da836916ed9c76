package dev.unigen.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A journal held in a map. */
final class MemoryJobJournal implements JobJournal {
  private final Map<String, JournalEntry> entries = new ConcurrentHashMap<>();

  @Override
  public void put(JournalEntry entry) {
    entries.put(entry.jobId(), entry);
  }

  @Override
  public Optional<JournalEntry> get(String jobId) {
    return Optional.ofNullable(entries.get(jobId));
  }

  @Override
  public List<JournalEntry> list() {
    List<JournalEntry> all = new ArrayList<>(entries.values());
    all.sort(Comparator.comparing(JournalEntry::created).thenComparing(JournalEntry::jobId));
    return all;
  }

  @Override
  public void remove(String jobId) {
    entries.remove(jobId);
  }

  @Override
  public String toString() {
    return "JobJournal(in memory, " + entries.size() + " jobs)";
  }
}
