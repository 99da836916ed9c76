package dev.unigen.internal;

import dev.unigen.jobs.JobStatus;
import dev.unigen.jobs.Progress;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.Provider;

/** What the pipeline tells a running job about itself, and asks it. */
public interface JobObserver {
  /** Unigen's id for the job, the journal's key. */
  String jobId();

  void status(JobStatus status);

  void progress(Progress progress);

  /** A provider accepted the job; cancel goes there from now on. */
  void accepted(Provider provider, JobRef ref);

  boolean canceled();
}
