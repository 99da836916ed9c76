package dev.unigen.provider.together;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.testkit.ProviderContractTest;
import dev.unigen.testkit.TestMedia;
import java.util.List;
import mockwebserver3.MockResponse;

/** Together passes the provider contract. */
class TogetherContractTest extends ProviderContractTest {
  TogetherContractTest() {
    super(new TogetherProviderFactory());
  }

  /** The OpenAPI ImageResponse with one ImageResponseDataB64 item. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    return json(200, Fixtures.b64Response(offer.endpoint(task), TestMedia.png(1024, 1024)));
  }

  /** A 422: Together's safety checker found NSFW content (docs, error codes). */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(json(422, Fixtures.error("The safety checker found NSFW content in the generated image.",
        "invalid_request_error", null)));
  }

  /** The OpenAPI ImageResponse with an empty {@code data}. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return List.of(json(200, Fixtures.b64Response(offer.endpoint(task))));
  }

  /** The OpenAPI ErrorData envelope. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, Fixtures.error(message, "invalid_request_error", null));
  }
}
