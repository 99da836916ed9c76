package dev.unigen.provider.luma;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderFactory;
import dev.unigen.testkit.ProviderContractTest;
import mockwebserver3.MockResponse;

/** The Luma Agents provider passes the provider contract as a queue provider. */
class LumaContractTest extends ProviderContractTest {
  LumaContractTest() {
    super(new LumaProviderFactory());
  }
  @Override
  protected ProviderBuilder<?> builder() {
    return LumaProvider.builder();
  }

  @Override
  protected boolean queueProvider() {
    return true;
  }

  /** The 201 with a queued generation that {@code POST /generations} answers. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    boolean video = task.producesVideo();
    return json(201, Fixtures.agents(Fixtures.GEN, video ? "video" : "image", offer.endpoint(task), "queued"));
  }

  /** A generation that is {@code processing}. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(200, Fixtures.agents(job.id(), "image", job.attributes().getOrDefault("endpoint", "uni-1"), "processing"));
  }

  /** Luma's documented error body, {@code {"detail": "..."}}. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, Fixtures.detail(message));
  }
}
