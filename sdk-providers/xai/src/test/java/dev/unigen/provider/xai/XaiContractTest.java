package dev.unigen.provider.xai;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import dev.unigen.testkit.TestMedia;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * xAI passes the provider contract; its jobs are the Grok Imagine videos. A done poll carries the
 * clip itself, with no result to read after it, so there is no completed-but-unreadable answer.
 */
class XaiContractTest extends ProviderContractTest {
  XaiContractTest() {
    super(new XaiProviderFactory());
  }

  /** A chat completion, an image answered at once, or a started video, as the spec documents each. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    if (task == Task.TEXT) return json(200, Fixtures.chatAnswer("a red bicycle at golden hour", 1_087_500L));
    if (task.producesVideo()) return json(200, Fixtures.started(Fixtures.REQUEST_ID));
    return json(200, Fixtures.imageAnswer(TestMedia.png(1024, 1024), "image/png", 200_000_000L));
  }

  /** A video still rendering: 202 with its progress. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(202, "{\"status\":\"pending\",\"progress\":42}");
  }

  /** The image answered with every image withheld by moderation: {@code respect_moderation: false}, no content. */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(json(200, "{\"data\":[{\"url\":null,\"b64_json\":null,\"respect_moderation\":false}],"
        + "\"usage\":{\"cost_in_usd_ticks\":200000000}}"));
  }

  /** The image answered with an empty {@code data}. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return List.of(json(200, "{\"data\":[],\"usage\":{\"cost_in_usd_ticks\":0}}"));
  }

  /** The OpenAI-style error shape, {@code {"error": {"message", "type", "code", "param"}}}. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, "{\"error\":{\"message\":\"" + message.replace("\"", "\\\"")
        + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_argument\",\"param\":null}}");
  }

  /** An account out of credit, as xAI answers it: a 429 in the gRPC-gateway shape, not a 402. */
  @Override
  protected MockResponse noCredit() {
    return json(429, Fixtures.OUT_OF_CREDIT);
  }
}
