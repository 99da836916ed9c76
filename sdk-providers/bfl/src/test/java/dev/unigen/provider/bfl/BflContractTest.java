package dev.unigen.provider.bfl;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import java.util.List;
import mockwebserver3.MockResponse;

/** BFL passes the provider contract as a queue provider. */
class BflContractTest extends ProviderContractTest {
  BflContractTest() {
    super(new BflProviderFactory());
  }

  /** BFL's AsyncResponse, its polling URL on the test server. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    return json(200, "{\"id\":\"" + Fixtures.TASK + "\",\"polling_url\":\""
        + server().url("/v1/get_result?id=" + Fixtures.TASK) + "\",\"cost\":3.0,\"input_mp\":0.0,\"output_mp\":1.0}");
  }

  /** A {@code Pending} task answer of {@code GET /v1/get_result}. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(200, Fixtures.pending(job.id(), "null"));
  }

  /** The task accepted, then the documented {@code Content Moderated} answer: {@code result} null, not charged. */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(success(offer, task), json(200, "{\"id\":\"" + Fixtures.TASK + "\",\"status\":\"Content Moderated\","
        + "\"result\":null}"));
  }

  /** A {@code Ready} answer, the status BFL charges for, whose {@code result} has no {@code sample} to read. */
  @Override
  protected List<MockResponse> completedButUnreadable(Offer offer, Task task) {
    return List.of(json(200, "{\"id\":\"" + Fixtures.TASK + "\",\"status\":\"Ready\",\"result\":{\"prompt\":"
        + "\"a red bicycle in the rain\",\"seed\":1},\"progress\":null}"));
  }

  /** FastAPI's {@code {"detail": ...}}, the shape BFL's errors take. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, "{\"detail\":\"" + message.replace("\"", "\\\"") + "\"}");
  }
}
