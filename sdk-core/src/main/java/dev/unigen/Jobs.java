package dev.unigen;

import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import java.util.List;
import java.util.Optional;

/**
 * The generator's jobs: those submitted or resumed in this process, and the journal that outlives
 * it. Call {@link #resume()} at start-up to finish the jobs a previous process left running — they
 * are polled again, never submitted again. Threadsafe.
 */
public interface Jobs {
  /**
   * Re-attaches every unfinished journaled job whose provider is configured, and returns them:
   * an accepted job is polled to its end; a call whose answer was lost (still submitting when the
   * process died) is looked up at the provider where it can find calls, else recorded in the ledger
   * as an unknown outcome with its estimate counted. Nothing is submitted again. Jobs already
   * running in this process are returned as they are.
   */
  List<Job<Generation>> resume();

  /** The jobs submitted or resumed in this process, oldest first. */
  List<Job<Generation>> list();

  /** The job with {@code id}, if it was submitted or resumed in this process. */
  Optional<Job<Generation>> get(String id);

  /** The journal, with the history of every call. */
  JobJournal journal();
}
