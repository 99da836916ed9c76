package dev.unigen.provider.leonardo;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * Leonardo passes the provider contract as a queue provider: every create is a generation to poll.
 * Its protocol has no state for {@code completedButUnreadable}: the status and the images come in
 * one answer, so a read that fails says nothing about whether the generation completed.
 */
class LeonardoContractTest extends ProviderContractTest {
  LeonardoContractTest() {
    super(new LeonardoProviderFactory());
  }

  /** The v1 create answer for a platform model (a UUID endpoint), the v2 one for a model name. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    String endpoint = offer.endpoint(task);
    return json(200, Requests.isV1(endpoint)
        ? Fixtures.v1Created(Fixtures.GENERATION, "0.0147", "DOLLARS")
        : Fixtures.v2Created(Fixtures.GENERATION, "0.039", "DOLLARS"));
  }

  @Override
  protected MockResponse running(JobRef job) {
    return json(200, Fixtures.pending(job.id()));
  }

  /** A prompt flagged NSFW: a 400 at the create, as the NSFW guide shows it. */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(error(400, "content moderation filter: naked"));
  }

  /** The create accepted, then the generation {@code COMPLETE} without any image. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return List.of(success(offer, task), json(200, Fixtures.complete(Fixtures.GENERATION, 1024, 1024, false)));
  }

  /** The v1 REST error body; a rejected key comes with code access-denied. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, Fixtures.error(message, status == 401 ? "access-denied" : "unexpected"));
  }
}
