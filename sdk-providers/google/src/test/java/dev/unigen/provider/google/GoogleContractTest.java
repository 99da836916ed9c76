package dev.unigen.provider.google;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderFactory;
import dev.unigen.testkit.ProviderContractTest;
import mockwebserver3.MockResponse;

/**
 * The Gemini API passes the provider contract: its images answer at once, its Veo videos are
 * operations to poll, so the job checks run on Veo 3.1.
 */
class GoogleContractTest extends ProviderContractTest {
  GoogleContractTest() {
    super(new GoogleProviderFactory());
  }
  @Override
  protected ProviderBuilder<?> builder() {
    return GoogleProvider.builder();
  }

  @Override
  protected boolean queueProvider() {
    return true;
  }

  /** The text or image answer of generateContent; the operation predictLongRunning answers with for a video. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    if (task == Task.TEXT) return json(200, Fixtures.textAnswer("a lighthouse at dusk"));
    if (task.producesVideo()) return json(200, Fixtures.operation("models/" + offer.endpoint(task) + "/operations/9ud1k2m0"));
    return json(200, Fixtures.image("image/png", Fixtures.png(64, 64), 1120));
  }

  @Override
  protected MockResponse running(JobRef job) {
    return json(200, Fixtures.running(job.attributes().get("operation")));
  }

  @Override
  protected MockResponse error(int status, String message) {
    return json(status, Fixtures.error(status, Fixtures.status(status), message, null));
  }

  @Override
  protected Offer jobOffer(Catalog catalog) {
    return catalog.offers(Task.TEXT_TO_VIDEO).get(0);
  }

  @Override
  protected Task jobTask(Offer offer) {
    return Task.TEXT_TO_VIDEO;
  }
}
