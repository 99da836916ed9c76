package dev.unigen.jobs;

/** Where a job is. */
public enum JobStatus {
  /** Being planned and sent. */
  SUBMITTING,
  /** Accepted and waiting in the provider's queue. */
  QUEUED,
  /** Running at the provider. */
  RUNNING,
  /** Finished with a result. */
  SUCCEEDED,
  /** Finished without one. */
  FAILED,
  /** Canceled. */
  CANCELED;

  /** True once the status will not change any more. */
  public boolean isDone() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }
}
