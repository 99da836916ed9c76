package dev.unigen.examples.provider;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import mockwebserver3.MockResponse;

/** PixelForge passes the provider contract: its factory and the answers its API documents. */
class PixelForgeContractTest extends ProviderContractTest {
  PixelForgeContractTest() {
    super(new PixelForgeProviderFactory());
  }

  @Override
  protected MockResponse success(Offer offer, Task task) {
    return json(202, "{\"id\":\"job_1\",\"status\":\"queued\"}");
  }

  @Override
  protected MockResponse running(JobRef job) {
    return json(200, "{\"id\":\"" + job.id() + "\",\"status\":\"running\",\"progress\":40,\"logs\":[\"step 2/4\"]}");
  }

  @Override
  protected MockResponse error(int status, String message) {
    String code = status == 401 || status == 403 ? "invalid_key" : status == 429 ? "rate_limited"
        : status < 500 ? "invalid_request" : "server_error";
    return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
  }
}
