package dev.unigen.spi;

import java.util.Objects;
import java.util.Optional;

/** The answer to a submit: the output at once, or a job the provider accepted. Immutable. */
public final class Submission {
  private final ProviderOutput output;
  private final JobRef job;

  private Submission(ProviderOutput output, JobRef job) {
    this.output = output;
    this.job = job;
  }

  /** The provider answered with the output. */
  public static Submission completed(ProviderOutput output) {
    return new Submission(Objects.requireNonNull(output, "output"), null);
  }

  /** The provider accepted a job to poll. */
  public static Submission accepted(JobRef job) {
    return new Submission(null, Objects.requireNonNull(job, "job"));
  }

  /** The output, if the provider answered at once. */
  public Optional<ProviderOutput> output() {
    return Optional.ofNullable(output);
  }

  /** The accepted job, if the provider queued the request. */
  public Optional<JobRef> job() {
    return Optional.ofNullable(job);
  }
}
