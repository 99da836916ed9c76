package dev.unigen.provider.fal;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.protocol.FalQueue;
import dev.unigen.testkit.ProviderContractTest;
import java.util.List;
import mockwebserver3.MockResponse;

/** fal passes the provider contract as a queue provider. */
class FalContractTest extends ProviderContractTest {
  private static final String REQUEST_ID = "80e732af-660e-45cd-bd63-580e4f2a94cc";

  FalContractTest() {
    super(new FalProviderFactory());
  }

  /** The queue's submit answer, its URLs (which keep only owner and app) on the test server. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    String request = server().url("/" + FalQueue.ownerApp(offer.endpoint(task)) + "/requests/" + REQUEST_ID).toString();
    return json(200, "{\"request_id\":\"" + REQUEST_ID + "\",\"response_url\":\"" + request + "\",\"status_url\":\""
        + request + "/status\",\"cancel_url\":\"" + request + "/cancel\",\"queue_position\":0}");
  }

  /** A status read while the request runs: 202 with {@code IN_PROGRESS} and its logs. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(202, "{\"status\":\"IN_PROGRESS\",\"logs\":[{\"message\":\"step 1/4\",\"level\":\"INFO\","
        + "\"source\":\"USER\",\"timestamp\":\"2026-11-23T10:00:00Z\"}]}");
  }

  /** The submit accepted, then a status {@code COMPLETED} with a content-policy error. */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(success(offer, task), json(200, "{\"status\":\"COMPLETED\",\"request_id\":\"" + REQUEST_ID
        + "\",\"error\":\"Output blocked by content policy\",\"error_type\":\"content_policy_violation\"}"));
  }

  /** The submit accepted, {@code COMPLETED}, then a result with no images. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return List.of(success(offer, task), completed(), json(200, "{\"images\":[],\"seed\":1,\"has_nsfw_concepts\":[]}"));
  }

  /** {@code COMPLETED}, then a 503 on the result read. */
  @Override
  protected List<MockResponse> completedButUnreadable(Offer offer, Task task) {
    return List.of(completed(), json(503, "{\"detail\":\"Service unavailable\",\"error_type\":\"runner_connection_error\"}"));
  }

  private static MockResponse completed() {
    return json(200, "{\"status\":\"COMPLETED\",\"request_id\":\"" + REQUEST_ID + "\",\"logs\":[],\"metrics\":{\"inference_time\":1.2}}");
  }

  /** fal's infrastructure error shape, {@code {"detail": ...}}. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, "{\"detail\":\"" + message.replace("\"", "\\\"") + "\"}");
  }
}
