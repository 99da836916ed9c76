package dev.unigen.provider.xai;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderFactory;
import dev.unigen.testkit.ProviderContractTest;
import dev.unigen.testkit.TestMedia;
import mockwebserver3.MockResponse;

/** xAI passes the provider contract; its jobs are the Grok Imagine videos. */
class XaiContractTest extends ProviderContractTest {
  XaiContractTest() {
    super(new XaiProviderFactory());
  }
  @Override
  protected ProviderBuilder<?> builder() {
    return XaiProvider.builder();
  }

  @Override
  protected boolean queueProvider() {
    return true;
  }

  /** A chat completion, an image answered at once, or a started video, as the spec documents each. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    if (task == Task.TEXT) return json(200, Fixtures.chatAnswer("a red bicycle at golden hour", 1_087_500L));
    if (task.producesVideo()) return json(200, Fixtures.started(Fixtures.REQUEST_ID));
    return json(200, Fixtures.imageAnswer(TestMedia.png(1024, 1024), "image/png", 200_000_000L));
  }

  /** A video still rendering: 202 with its progress. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(202, "{\"status\":\"pending\",\"progress\":42}");
  }

  /** The OpenAI-style error shape, {@code {"error": {"message", "type", "code", "param"}}}. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, "{\"error\":{\"message\":\"" + message.replace("\"", "\\\"")
        + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_argument\",\"param\":null}}");
  }

  @Override
  protected Offer jobOffer(Catalog catalog) {
    return catalog.offer(XaiProvider.NAME, "grok-imagine-video").orElseThrow();
  }

  @Override
  protected Task jobTask(Offer offer) {
    return Task.TEXT_TO_VIDEO;
  }
}
