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

  /**
   * A GPT image model's safety refusal: 400 with {@code code: "moderation_blocked"} and its
   * {@code moderation_details}.
   */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(json(400, "{\"error\":{\"message\":\"Your request was rejected by the safety system. If you believe"
        + " this is an error, contact us at help.openai.com and include the request ID req_1.\",\"type\":"
        + "\"image_generation_user_error\",\"param\":null,\"code\":\"moderation_blocked\",\"moderation_details\":"
        + "{\"moderation_stage\":\"output\",\"categories\":[\"violence\"]}}}"));
  }

  /** An {@code ImagesResponse} whose {@code data} holds no image. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return List.of(json(200, Fixtures.imagesResponse(List.of(), "png", "1024x1024", "low", Fixtures.usage(7, 0, 0))));
  }

  /** OpenAI's error envelope, {@code {"error": {"message", "type", "param", "code"}}}. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, "{\"error\":{\"message\":\"" + message.replace("\"", "\\\"")
        + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
  }
}
