package dev.unigen.provider.replicate;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import java.util.List;
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

  /**
   * The create accepted, then the prediction {@code failed} with the error Replicate's FLUX models
   * raise when every image was NSFW (replicate/cog-flux).
   */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(success(offer, task), json(200, Fixtures.prediction(Fixtures.ID, "black-forest-labs/flux-schnell", "failed",
        "{}", "null", "\"All generated images contained NSFW content. Try running it again with a different prompt.\"", "",
        "1.2")));
  }

  /** The create accepted, then the prediction {@code succeeded} with an empty {@code output}. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return List.of(success(offer, task), json(200, Fixtures.succeeded(Fixtures.ID, "black-forest-labs/flux-schnell", "{}",
        "[]", "1.2")));
  }

  /** A poll finding the prediction {@code succeeded} but its {@code output} still {@code null}. */
  @Override
  protected List<MockResponse> completedButUnreadable(Offer offer, Task task) {
    return List.of(json(200, Fixtures.succeeded(Fixtures.ID, offer.endpoint(task).replaceFirst(":.*$", ""), "{}", "null", "40.0")));
  }

  /** RFC 7807 problem details, as Replicate answers errors. */
  @Override
  protected MockResponse error(int status, String message) {
    return Fixtures.problem(status, "Error", message);
  }
}
