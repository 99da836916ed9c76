package dev.unigen.provider.wavespeed;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.testkit.ProviderContractTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;

/** WaveSpeed passes the provider contract as a queue provider. */
class WaveSpeedContractTest extends ProviderContractTest {
  WaveSpeedContractTest() {
    super(new WaveSpeedProviderFactory());
  }

  /** Wan 2.6 text-to-video: one POST with no media to upload first. */
  @Override
  protected Offer sampleOffer(Catalog catalog) {
    return catalog.offers().stream().filter(o -> o.model().equals("wan-2.6")).findFirst().orElseThrow();
  }

  @Override
  protected Task sampleTask(Offer offer) {
    return offer.serves(Task.TEXT_TO_VIDEO) ? Task.TEXT_TO_VIDEO : super.sampleTask(offer);
  }

  /**
   * The minimal request with its image and video given as URLs, which WaveSpeed fetches itself, so
   * that each call is the one POST the canned answer is for; Animate also needs its character image.
   */
  @Override
  protected Request request(Offer offer, Task task) {
    Request minimal = super.request(offer, task);
    Request.Builder b = minimal.toBuilder();
    if (minimal.image().isPresent() || task == Task.VIDEO_TO_VIDEO) {
      b.image(Media.url(server().url("/inputs/image.png").toString()).withSize(512, 512));
    }
    if (minimal.video().isPresent()) {
      b.video(Media.url(server().url("/inputs/video.mp4").toString()).withDuration(Duration.ofSeconds(5)));
    }
    return b.build();
  }

  /** The envelope around a {@code created} prediction, its {@code urls.get} on the test server. */
  @Override
  protected MockResponse success(Offer offer, Task task) {
    return json(200, Fixtures.created(offer.endpoint(task)).replace("https://api.wavespeed.ai/", server().url("/").toString()));
  }

  /** The envelope around a {@code processing} prediction. */
  @Override
  protected MockResponse running(JobRef job) {
    return json(200, Fixtures.processing(job.attributes().getOrDefault("endpoint", "alibaba/wan-2.6/text-to-video")));
  }

  /**
   * The task accepted, then read {@code failed} with the documented code 1200, "Content
   * Moderation" (wavespeed.ai/docs/error-codes); still an HTTP 200 with {@code code: 200}.
   */
  @Override
  protected List<MockResponse> moderated(Offer offer, Task task) {
    return List.of(success(offer, task), json(200, Fixtures.envelope(Fixtures.prediction(Fixtures.TASK, offer.endpoint(task),
        "failed", List.of(), "The content contains sensitive information.", "\"code\":1200"))));
  }

  /** The task accepted, then read {@code completed} with no outputs at every read. */
  @Override
  protected List<MockResponse> withoutOutput(Offer offer, Task task) {
    List<MockResponse> answers = new ArrayList<>(List.of(success(offer, task)));
    for (int i = 0; i < RESULT_READS; i++) answers.addAll(completedButUnreadable(offer, task));
    return answers;
  }

  /** A read finding the task {@code completed} but its {@code outputs} empty. */
  @Override
  protected List<MockResponse> completedButUnreadable(Offer offer, Task task) {
    return List.of(json(200, Fixtures.envelope(Fixtures.prediction(Fixtures.TASK, offer.endpoint(task), "completed", List.of(),
        "", "\"executionTime\":41250"))));
  }

  /** The v3 envelope, which error answers carry too. */
  @Override
  protected MockResponse error(int status, String message) {
    return json(status, "{\"code\":" + status + ",\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
  }
}
