package dev.unigen;

import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.request.Request;
import dev.unigen.spi.PollResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs of one generator: submitted, resumed from the journal, found again by id, and found by
 * a webhook naming the provider's job.
 */
final class JobManager implements Generator.Jobs {
  private static final Logger log = LoggerFactory.getLogger(JobManager.class);

  private final Pipeline pipeline;
  private final JobJournal journal;
  private final Set<String> providers;
  private final Map<String, GenerationJob> live = new ConcurrentHashMap<>();
  private final JobJournal.Listener listener = new JobJournal.Listener() {
    @Override
    public void takeOver() {
      try {
        List<Job<Generation>> taken = resume();
        if (!taken.isEmpty()) log.info("took over or resumed {} job(s) from the journal", taken.size());
      } catch (RuntimeException e) {
        log.warn("could not take over jobs from the journal: {}", e.toString());
      }
    }

    @Override
    public void nudged(String jobId) {
      pipeline.lookAt(jobId);
    }
  };

  JobManager(Pipeline pipeline, JobJournal journal, Set<String> providers) {
    this.pipeline = pipeline;
    this.journal = journal;
    this.providers = providers;
    journal.listen(listener);
  }

  Job<Generation> submit(Request request) {
    GenerationJob job = new GenerationJob();
    live.put(job.id(), job);
    job.follow(pipeline.run(request, job));
    return job;
  }

  @Override
  public synchronized List<Job<Generation>> resume() {
    List<Job<Generation>> resumed = new ArrayList<>();
    for (JournalEntry e : journal.claimUnfinished(providers)) {
      resume(e).ifPresent(resumed::add);
    }
    return resumed;
  }

  /** Resumes the one unfinished entry {@code e}; the job running it here if there is one. */
  private synchronized Optional<GenerationJob> resume(JournalEntry e) {
    GenerationJob running = live.get(e.jobId());
    // A call this process is still making is left to its owner: never two owners of one call.
    if (pipeline.follows(e.jobId())) return Optional.ofNullable(running);
    // A job this process stopped following (lost track of, or closed on) is resumed afresh.
    if (running != null && !running.future().isDone()) return Optional.of(running);
    // The entry was read a moment ago, and its call may have ended here since (an owner writes its
    // last entry before it stops following): only what the journal still has unfinished is resumed.
    Optional<JournalEntry> current = journal.get(e.jobId());
    if (current.isEmpty() || current.get().state().isDone()) return Optional.empty();
    if (!providers.contains(e.provider())) {
      log.warn("job {} at {} cannot be resumed: the provider is not configured", e.jobId(), e.provider());
      return Optional.empty();
    }
    GenerationJob job = new GenerationJob(e.jobId());
    live.put(job.id(), job);
    job.follow(pipeline.resume(current.get(), job));
    return Optional.of(job);
  }

  /**
   * Hands a verified webhook's news about the job {@code provider} knows as {@code providerJobId}
   * to the job: the one this process follows, else exactly the unfinished journaled job it names,
   * resumed here, or looked at by the live process that holds it. False if no such job is known.
   */
  boolean deliver(String provider, String providerJobId, PollResult result) {
    if (pipeline.deliver(provider, providerJobId, result)) return true;
    if (!result.isDone()) return false;
    // No owner follows it here (a restart, or another process's job): find exactly that job.
    Optional<JournalEntry> named = journal.findUnfinished(provider, providerJobId);
    if (named.isEmpty()) return false;
    Optional<JournalEntry> claimed = journal.claim(named.get().jobId());
    if (claimed.isPresent()) {
      resume(claimed.get());
      return pipeline.deliver(provider, providerJobId, result);
    }
    // Another live process holds it: it polls the job at once, and its answer ends the job there.
    return journal.nudge(named.get().jobId());
  }

  /** Stops hearing from the journal; the generator is closing. */
  void close() {
    journal.unlisten(listener);
  }

  @Override
  public List<Job<Generation>> list() {
    List<Job<Generation>> all = new ArrayList<>(live.values());
    all.sort((a, b) -> a.id().compareTo(b.id()));
    return all;
  }

  @Override
  public Optional<Job<Generation>> get(String id) {
    return Optional.ofNullable(live.get(id));
  }

  @Override
  public JobJournal journal() {
    return journal;
  }
}
