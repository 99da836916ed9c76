package dev.unigen.provider.luma;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderFactory;
import dev.unigen.testkit.ProviderContractTest;
import mockwebserver3.MockResponse;

/** The Dream Machine provider passes the provider contract as a queue provider. */
class DreamMachineContractTest extends ProviderContractTest {
  DreamMachineContractTest() {
    super(new DreamMachineProviderFactory());
  }
  @Override
  protected ProviderBuilder<?> builder() {
    return DreamMachineProvider.builder();
  }

  @Override
  protected boolean queueProvider() {
    return true;
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
    return json(201, Fixtures.dream(Fixtures.DM_GEN, task.producesVideo() ? "video" : "image", "queued", null, null, null));
  }

  /** A generation that is {@code dreaming}. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(200, Fixtures.dream(job.id(), "video", "dreaming", null, null, null));
  }

  /** The error body of Luma's OpenAPI, {@code {"detail": "..."}}. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, Fixtures.detail(message));
  }
}
