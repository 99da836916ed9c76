package dev.unigen.provider.luma;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * The Luma Agents provider passes the provider contract as a queue provider. It gives no
 * {@code completedButUnreadable} answers: the state and the output come in one answer, so a read
 * that fails never says the generation completed.
 */
class LumaContractTest extends ProviderContractTest {
  LumaContractTest() {
    super(new LumaProviderFactory());
  }

  /** The 201 with a queued generation that {@code POST /generations} answers. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    return json(201, Fixtures.agents(Fixtures.GEN, task.producesVideo() ? "video" : "image", offer.endpoint(task), "queued"));
  }

  /** A generation that is {@code processing}. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(200, Fixtures.agents(job.id(), "image", job.attributes().get(JobRef.ENDPOINT), "processing"));
  }

  /** The 201, then the generation {@code failed} with {@code content_moderated} and the guide's description of it. */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(success(offer, task), json(200, Fixtures.agentsFailed(Fixtures.GEN, "content_moderated",
        "Prompt or input image violated content guidelines")));
  }

  /** The 201, then the generation {@code completed} with no output. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return List.of(success(offer, task), json(200, Fixtures.agents(Fixtures.GEN, "image", offer.endpoint(task), "completed")));
  }

  /** Luma's documented error body, {@code {"detail": "..."}}. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, Fixtures.detail(message));
  }
}
