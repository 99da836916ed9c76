package dev.unigen.provider.runway;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderFactory;
import dev.unigen.testkit.ProviderContractTest;
import mockwebserver3.MockResponse;

/** Runway passes the provider contract as a queue provider. */
class RunwayContractTest extends ProviderContractTest {
  RunwayContractTest() {
    super(new RunwayProviderFactory());
  }
  @Override
  protected ProviderBuilder<?> builder() {
    return RunwayProvider.builder();
  }

  @Override
  protected boolean queueProvider() {
    return true;
  }

  /** Gen-4.5 text-to-video, Runway's general-purpose model. */
  @Override
  protected Offer sampleOffer(Catalog catalog) {
    return catalog.offers().stream().filter(o -> o.model().equals("gen-4.5")).findFirst().orElseThrow();
  }

  @Override
  protected Task sampleTask(Offer offer) {
    return offer.serves(Task.TEXT_TO_VIDEO) ? Task.TEXT_TO_VIDEO : super.sampleTask(offer);
  }

  /** Every create call answers {@code {"id": ...}}. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    return json(200, Fixtures.created(Fixtures.TASK));
  }

  /** A task that is {@code RUNNING}, with its fractional progress. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(200, Fixtures.running(job.id(), "0.42"));
  }

  /** Runway's error body, {@code {"error": "..."}}. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, Fixtures.error(message));
  }
}
