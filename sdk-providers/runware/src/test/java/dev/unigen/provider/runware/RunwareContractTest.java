package dev.unigen.provider.runware;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runware passes the provider contract; its video tasks are jobs polled with {@code getResponse}.
 * Runware answers each task under the {@code taskUUID} it was sent, which the client makes, so the
 * canned answers carry {@link Fixtures#TASK} and the server puts the sent UUID in its place.
 */
class RunwareContractTest extends ProviderContractTest {
  RunwareContractTest() {
    super(new RunwareProviderFactory());
  }

  @BeforeEach
  void echoTaskUuids() {
    Echo echo = new Echo();
    echo.setFailFast(error(503, "the contract test queued no answer for this request"));
    server().setDispatcher(echo);
  }

  /** One result item as the docs show it for each task; for video, the acknowledgement of an async task. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    String url = server().url("/image/ws/2/ii/b7db282d-2943-4f12-992f-77df3ad3ec71").toString();
    switch (task) {
      case TEXT_TO_VIDEO:
      case IMAGE_TO_VIDEO:
        return json(200, "{\"data\":[{\"taskType\":\"videoInference\",\"taskUUID\":\"" + Fixtures.TASK + "\"}]}");
      case POSE_MAP:
      case DEPTH_MAP:
      case EDGE_MAP:
        return json(200, "{\"data\":[{\"taskType\":\"imageControlNetPreProcess\",\"taskUUID\":\"" + Fixtures.TASK + "\","
            + "\"guideImageUUID\":\"b7db282d-2943-4f12-992f-77df3ad3ec71\",\"guideImageURL\":\"" + url + ".jpg\","
            + "\"inputImageUUID\":\"8e08e451-5828-45fa-b402-fabc1dad0cb6\",\"cost\":0.0013}]}");
      case UPSCALE:
      case REMOVE_BACKGROUND:
        return json(200, "{\"data\":[{\"taskType\":\"" + (task == Task.UPSCALE ? "upscale" : "removeBackground") + "\","
            + "\"taskUUID\":\"" + Fixtures.TASK + "\",\"imageUUID\":\"b7db282d-2943-4f12-992f-77df3ad3ec71\","
            + "\"inputImageUUID\":\"8e08e451-5828-45fa-b402-fabc1dad0cb6\",\"imageURL\":\"" + url + ".png\",\"cost\":0.0024}]}");
      default:
        return json(200, "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + Fixtures.TASK + "\","
            + "\"imageUUID\":\"b7db282d-2943-4f12-992f-77df3ad3ec71\",\"imageURL\":\"" + url + ".jpg\","
            + "\"seed\":3614157524222286418,\"cost\":0.0013}]}");
    }
  }

  /** The docs' {@code getResponse} answer while the video is processing. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(200, "{\"data\":[{\"taskType\":\"videoInference\",\"taskUUID\":\"" + job.id() + "\",\"status\":\"processing\"}]}");
  }

  /**
   * The request refused by Runware's content check ({@code safety.blockContent}): the task fails
   * with {@code sensitiveContentDetected} and is not charged (runware.ai/docs, Content Safety).
   * The docs give the code, not the HTTP status; the code alone decides the error.
   */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(json(400, "{\"errors\":[{\"code\":\"sensitiveContentDetected\",\"message\":\"Sensitive content"
        + " was detected in the request\",\"taskType\":\"imageInference\",\"taskUUID\":\"" + Fixtures.TASK + "\"}]}"));
  }

  /** A 200 whose {@code data[]} holds no item for the task. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    return List.of(json(200, "{\"data\":[]}"));
  }

  /** A {@code getResponse} item with {@code status: "success"} but no {@code videoURL} to read. */
  @Override
  protected List<MockResponse> completedButUnreadable(Offer offer, Task task) {
    return List.of(json(200, "{\"data\":[{\"taskType\":\"videoInference\",\"taskUUID\":\"" + Fixtures.TASK + "\","
        + "\"status\":\"success\",\"videoUUID\":\"9719745e-0f81-4905-b8b4-96698f2bc605\",\"cost\":0.924}]}"));
  }

  /** The {@code getResponse} answer for a finished image task: its result item, with its status. */
  @Override
  protected List<MockResponse> found(Offer offer, Task task) {
    String url = server().url("/image/ws/2/ii/b7db282d-2943-4f12-992f-77df3ad3ec71.jpg").toString();
    return List.of(json(200, "{\"data\":[{\"taskType\":\"imageInference\",\"taskUUID\":\"" + Fixtures.TASK + "\","
        + "\"status\":\"success\",\"imageUUID\":\"b7db282d-2943-4f12-992f-77df3ad3ec71\",\"imageURL\":\"" + url + "\","
        + "\"seed\":3614157524222286418,\"cost\":0.0013}]}"));
  }

  /** Runware's {@code errors[]} envelope, with a code of runware-python's error table that fits the status. */
  @Override
  protected MockResponse error(int status, String message) {
    String code;
    switch (status) {
      case 400: code = "validationFailed"; break;
      case 401: code = "invalidApiKey"; break;
      case 402: code = "insufficientCredits"; break;
      case 403: code = "forbidden"; break;
      case 429: code = "rateLimitExceeded"; break;
      case 503: code = "serviceUnavailable"; break;
      default: code = "internalServerError"; break;
    }
    return json(status, "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"")
        + "\",\"taskType\":\"imageInference\"}]}");
  }

  /** A poll is a {@code getResponse} task; everything else Runware is sent is a task to run. */
  @Override
  protected boolean isPoll(RecordedRequest request) {
    return "getResponse".equals(Fixtures.str(Fixtures.task(request), "taskType"));
  }

  /** Answers in order, as queued, with {@link Fixtures#TASK} replaced by the UUID of the task sent. */
  private static final class Echo extends QueueDispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      MockResponse queued = super.dispatch(request);
      if (queued.getBody() == null || request.getBody() == null) return queued;
      Buffer body = new Buffer();
      try {
        queued.getBody().writeTo(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String text = body.readUtf8();
      if (!text.contains(Fixtures.TASK)) return queued;
      String uuid = Fixtures.str(Fixtures.task(request), "taskUUID");
      return queued.newBuilder().body(text.replace(Fixtures.TASK, uuid)).build();
    }
  }
}
