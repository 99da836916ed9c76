package dev.unigen.provider.getimg;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * GetImg passes the provider contract: images answer at once, and its videos are the jobs the
 * queue checks use. Two fault answers are left to the defaults, for want of a documented state:
 * GetImg documents no code or shape for a request refused for its content ({@code moderated}),
 * and a video's status and output come in one answer, so no completed job has a result read of its
 * own that could fail ({@code completedButUnreadable}).
 */
class GetImgContractTest extends ProviderContractTest {
  GetImgContractTest() {
    super(new GetImgProviderFactory());
  }

  /** API v2 takes input images as public URLs only: the minimal request's image is one. */
  @Override
  protected Request request(Offer offer, Task task) {
    Request minimal = super.request(offer, task);
    if (minimal.image().isEmpty()) return minimal;
    return minimal.toBuilder().image(Media.url("https://example.com/inputs/frame.png").withSize(512, 512)).build();
  }

  @Override
  protected MockResponse success(Offer offer, Task task) {
    return task.producesVideo() ? json(202, Fixtures.videoAccepted()) : json(200, Fixtures.image("0.03", Fixtures.LATER));
  }

  /** The image answered {@code completed}, and billed, with an empty {@code data}. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return List.of(json(200, Fixtures.imageWithoutData()));
  }

  @Override
  protected MockResponse running(JobRef job) {
    return json(200, Fixtures.videoPending());
  }

  @Override
  protected MockResponse error(int status, String message) {
    String code = status == 401 ? "invalid_api_key" : status == 429 ? "rate_limit_exceeded"
        : status < 500 ? "invalid_request" : "server_error";
    return json(status, Fixtures.error(code, message));
  }
}
