package dev.unigen.provider.stability;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import dev.unigen.testkit.TestMedia;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;

/** Stability passes the provider contract; the creative upscaler is its job offer. */
class StabilityContractTest extends ProviderContractTest {
  /** The error names Stability's reference documents, by status. */
  private static final Map<Integer, String> NAMES = Map.of(400, "bad_request", 401, "unauthorized", 402, "payment_required",
      403, "content_moderation", 404, "not_found", 413, "payload_too_large", 422, "invalid_language",
      429, "rate_limit_exceeded", 500, "internal_error");

  StabilityContractTest() {
    super(new StabilityProviderFactory());
  }

  /** The conservative and creative upscalers need a prompt besides the image. */
  @Override
  protected Request request(Offer offer, Task task) {
    Request r = super.request(offer, task);
    return task == Task.UPSCALE && r.prompt().isEmpty() ? r.toBuilder().prompt("a sharp photo of a lighthouse").build() : r;
  }

  /** {@code {"id"}} from the asynchronous creative upscaler; elsewhere the raw image with its headers. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    if (Endpoint.parse(offer.endpoint(task)).async()) return json(200, "{\"id\":\"" + Fixtures.GENERATION_ID + "\"}");
    return Fixtures.imageResponse(TestMedia.png(1024, 1024), "image/png", "SUCCESS", "343940597");
  }

  /** {@code GET /v2beta/results/{id}} while the generation runs: 202 with the in-progress status. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(202, "{\"id\":\"" + job.id() + "\",\"status\":\"in-progress\"}");
  }

  /** Stability's {@code {"id", "name", "errors"}}; a status without a documented name answers as a gateway would. */
  @Override
  protected MockResponse error(int status, String message) {
    String name = NAMES.get(status);
    if (name == null) return new MockResponse.Builder().code(status).addHeader("Content-Type", "text/plain").body(message).build();
    return Fixtures.error(status, name, message);
  }

  /** The 403 {@code content_moderation} answer; Stability's reference says the request was not charged. */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(Fixtures.error(403, "content_moderation", "Your request was flagged by our content moderation system, as a"
        + " result your request was denied and you were not charged."));
  }

  /** A 200 from the results path, the finished generation, with no image bytes in it. */
  @Override
  protected List<MockResponse> completedButUnreadable(Offer offer, Task task) {
    return List.of(Fixtures.imageResponse(new byte[0], "image/png", "SUCCESS", "343940597"));
  }

  @Override
  protected Offer jobOffer(Catalog catalog) {
    return catalog.offers().stream().filter(o -> o.model().equals("stability-upscale-creative")).findFirst().orElseThrow();
  }
}
