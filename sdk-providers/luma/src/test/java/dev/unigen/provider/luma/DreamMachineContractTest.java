package dev.unigen.provider.luma;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * The Dream Machine provider passes the provider contract as a queue provider. It gives no
 * {@code completedButUnreadable} answers: the state and the assets come in one answer, so a read
 * that fails never says the generation completed.
 */
class DreamMachineContractTest extends ProviderContractTest {
  DreamMachineContractTest() {
    super(new DreamMachineProviderFactory());
  }

  /** The minimal request with its input images given as URLs, which is all the API takes. */
  @Override
  protected Request request(Offer offer, Task task) {
    Request minimal = super.request(offer, task);
    Request.Builder b = minimal.toBuilder();
    if (minimal.image().isPresent()) b.image(Media.url("https://cdn.example/input.png").withSize(512, 512));
    if (!minimal.references().isEmpty()) {
      Request.Builder fresh = Request.builder(task).model(offer.model());
      minimal.prompt().ifPresent(fresh::prompt);
      fresh.reference(Media.url("https://cdn.example/reference.png"));
      return fresh.build();
    }
    return b.build();
  }

  /** The 201 with a queued generation that the create calls answer. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    return json(201, dream(task, "queued", null));
  }

  /** A generation that is {@code dreaming}. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(200, Fixtures.dream(job.id(), "video", "dreaming", null, null, null));
  }

  /** The 201, then the generation {@code failed} with the failure reason of Luma's prompt moderation. */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(success(offer, task), json(200, dream(task, "failed", "Advanced prompt moderation failed")));
  }

  /** The 201, then the generation {@code completed} with no asset. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return List.of(success(offer, task), json(200, dream(task, "completed", null)));
  }

  private static String dream(Task task, String state, String failure) {
    return Fixtures.dream(Fixtures.DM_GEN, task.producesVideo() ? "video" : "image", state, null, null, failure);
  }

  /** The error body of Luma's OpenAPI, {@code {"detail": "..."}}. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, Fixtures.detail(message));
  }
}
