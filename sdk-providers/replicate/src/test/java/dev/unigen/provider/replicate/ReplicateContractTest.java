package dev.unigen.provider.replicate;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import mockwebserver3.MockResponse;

/** Replicate passes the provider contract as a queue provider: a prediction still starting is a job. */
class ReplicateContractTest extends ProviderContractTest {
  ReplicateContractTest() {
    super(new ReplicateProviderFactory());
  }

  /** The create's 201: a prediction still {@code starting} when the wait ended. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    return json(201, Fixtures.pending(Fixtures.ID, offer.endpoint(task).replaceFirst(":.*$", ""), "starting", "{}"));
  }

  /** {@code GET /v1/predictions/{id}} while the model runs. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(200, Fixtures.pending(job.id(), "black-forest-labs/flux-schnell", "processing", "{}"));
  }

  /** RFC 7807 problem details, as Replicate answers errors. */
  @Override
  protected MockResponse error(int status, String message) {
    return Fixtures.problem(status, "Error", message);
  }
}
