package dev.unigen.provider.huggingface;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import dev.unigen.testkit.TestMedia;
import java.util.List;
import mockwebserver3.MockResponse;
import okio.Buffer;

/**
 * Hugging Face passes the provider contract: hf-inference offers answer at once with the image,
 * the fal-ai offer is a queue job.
 */
class HuggingFaceContractTest extends ProviderContractTest {
  private static final String REQUEST_ID = "764cabcf-b745-4b3e-ae38-1200304cf45b";

  HuggingFaceContractTest() {
    super(new HuggingFaceProviderFactory());
  }

  /** The bundled offer on the fal-ai route, whose submit is a job. */
  @Override
  protected Offer jobOffer(Catalog catalog) {
    return catalog.offers().stream().filter(o -> o.endpoint().startsWith("fal-ai:")).findFirst().orElseThrow();
  }

  /** hf-inference answers with the image bytes; fal's queue with its submit answer, on fal's own host. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    if (offer.endpoint(task).startsWith("fal-ai:")) {
      String request = "https://queue.fal.run/fal-ai/stable-diffusion-v35-large/requests/" + REQUEST_ID;
      return json(200, "{\"status\":\"IN_QUEUE\",\"request_id\":\"" + REQUEST_ID + "\",\"response_url\":\"" + request
          + "\",\"status_url\":\"" + request + "/status\",\"cancel_url\":\"" + request + "/cancel\",\"queue_position\":0}");
    }
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
        .body(new Buffer().write(TestMedia.png(1024, 1024))).build();
  }

  /** fal's status {@code COMPLETED} through the router, then a 503 on the result read. */
  @Override
  protected List<MockResponse> completedButUnreadable(Offer offer, Task task) {
    return List.of(json(200, "{\"status\":\"COMPLETED\",\"request_id\":\"" + REQUEST_ID + "\",\"logs\":[],"
        + "\"metrics\":{\"inference_time\":1.2}}"),
        json(503, "{\"detail\":\"Service unavailable\",\"error_type\":\"runner_connection_error\"}"));
  }

  /** fal's status while the request runs, through the router. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(202, "{\"status\":\"IN_PROGRESS\",\"logs\":[]}");
  }
}
