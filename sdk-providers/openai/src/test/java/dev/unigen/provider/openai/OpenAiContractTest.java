package dev.unigen.provider.openai;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.testkit.ProviderContractTest;
import dev.unigen.testkit.TestMedia;
import java.util.List;
import mockwebserver3.MockResponse;

/** OpenAI passes the provider contract. */
class OpenAiContractTest extends ProviderContractTest {
  OpenAiContractTest() {
    super(new OpenAiProviderFactory());
  }

  /** The API reference's {@code ImagesResponse}: one {@code b64_json} PNG, the echoed options and the token usage. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    return json(200, Fixtures.imagesResponse(List.of(TestMedia.png(1024, 1024)), "png", "1024x1024", "low",
        Fixtures.usage(7, 0, 196)));
  }

  /** OpenAI's error envelope, {@code {"error": {"message", "type", "param", "code"}}}. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, "{\"error\":{\"message\":\"" + message.replace("\"", "\\\"")
        + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
  }
}
