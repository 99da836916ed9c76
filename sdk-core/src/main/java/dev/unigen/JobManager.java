package dev.unigen;

import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.jobs.JournalEntry;
import dev.unigen.request.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The jobs of one generator: submitted, resumed from the journal, and found again by id. */
final class JobManager implements Jobs {
  private static final Logger log = LoggerFactory.getLogger(JobManager.class);

  private final Pipeline pipeline;
  private final JobJournal journal;
  private final Set<String> providers;
  private final Map<String, GenerationJob> live = new ConcurrentHashMap<>();

  JobManager(Pipeline pipeline, JobJournal journal, Set<String> providers) {
    this.pipeline = pipeline;
    this.journal = journal;
    this.providers = providers;
  }

  Job<Generation> submit(Request request) {
    GenerationJob job = new GenerationJob(pipeline);
    live.put(job.id(), job);
    job.start(request);
    return job;
  }

  @Override
  public synchronized List<Job<Generation>> resume() {
    List<Job<Generation>> resumed = new ArrayList<>();
    for (JournalEntry e : journal.list()) {
      if (e.state().isDone()) continue;
      GenerationJob running = live.get(e.jobId());
      // A job this process stopped following (lost track of, or closed on) is resumed afresh.
      if (running != null && !running.future().isDone()) {
        resumed.add(running);
        continue;
      }
      if (!providers.contains(e.provider())) {
        log.warn("job {} at {} cannot be resumed: the provider is not configured", e.jobId(), e.provider());
        continue;
      }
      GenerationJob job = new GenerationJob(pipeline, e.jobId());
      live.put(job.id(), job);
      job.follow(pipeline.resume(e, job));
      resumed.add(job);
    }
    return resumed;
  }

  /** Resumes the journaled job that {@code provider} knows as {@code providerJobId}, if there is one. */
  Optional<GenerationJob> resumeByProviderId(String provider, String providerJobId) {
    for (JournalEntry e : journal.list()) {
      if (!e.state().isDone() && e.provider().equals(provider) && e.ref().id().equals(providerJobId)) {
        resume();
        return Optional.ofNullable(live.get(e.jobId()));
      }
    }
    return Optional.empty();
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
