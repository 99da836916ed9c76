package dev.unigen.provider.runway;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * Runway passes the provider contract as a queue provider. It gives no
 * {@code completedButUnreadable} answers: a task's status and its output come in one answer, so a
 * read that fails never says the task succeeded.
 */
class RunwayContractTest extends ProviderContractTest {
  RunwayContractTest() {
    super(new RunwayProviderFactory());
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

  /** The task started, then {@code FAILED} with {@code SAFETY.INPUT.TEXT}: the prompt was refused by moderation. */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(success(offer, task), json(200, Fixtures.failed(Fixtures.TASK,
        "The prompt was rejected by content moderation.", "SAFETY.INPUT.TEXT")));
  }

  /** The task started, then {@code SUCCEEDED} with an empty {@code output}. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return List.of(success(offer, task), json(200, Fixtures.succeeded(Fixtures.TASK)));
  }

  /** Runway's error body, {@code {"error": "..."}}. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, Fixtures.error(message));
  }
}
