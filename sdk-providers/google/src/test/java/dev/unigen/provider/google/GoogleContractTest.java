package dev.unigen.provider.google;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * The Gemini API passes the provider contract: its images answer at once, its Veo videos are
 * operations to poll, so the job checks run on Veo 3.1.
 */
class GoogleContractTest extends ProviderContractTest {
  GoogleContractTest() {
    super(new GoogleProviderFactory());
  }

  /** The text or image answer of generateContent; the operation predictLongRunning answers with for a video. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    if (task == Task.TEXT) return json(200, Fixtures.textAnswer("a lighthouse at dusk"));
    if (task.producesVideo()) return json(200, Fixtures.operation(Fixtures.OPERATION));
    return json(200, Fixtures.image("image/png", Fixtures.png(64, 64), 1120));
  }

  @Override
  protected MockResponse running(JobRef job) {
    return json(200, Fixtures.running(job.attributes().get("operation")));
  }

  /** A 200 whose candidate holds no image and ends with {@code IMAGE_SAFETY}. */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(json(200, Fixtures.noImage("IMAGE_SAFETY")));
  }

  /** A 200 whose candidate ends with {@code STOP} holding text only: the model answered in words. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return List.of(json(200, Fixtures.textOnly("Here is a lighthouse at dusk, in words.")));
  }

  /** The operation done with its video, then a 503 from the Files API when the video is downloaded. */
  @Override
  protected List<MockResponse> completedButUnreadable(Offer offer, Task task) {
    return List.of(json(200, Fixtures.done(Fixtures.OPERATION, Fixtures.videoUri(server(), "vzfhd8sgq3ek"))),
        error(503, "The service is currently unavailable."));
  }

  @Override
  protected MockResponse error(int status, String message) {
    return json(status, Fixtures.error(status, Fixtures.status(status), message, null));
  }
}
