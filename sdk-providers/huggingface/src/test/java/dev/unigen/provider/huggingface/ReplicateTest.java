package dev.unigen.provider.huggingface;

import static dev.unigen.provider.huggingface.Fixtures.KEY;
import static dev.unigen.provider.huggingface.Fixtures.call;
import static dev.unigen.provider.huggingface.Fixtures.prompt;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.ContentModeratedException;
import dev.unigen.InvalidRequestException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The replicate route: official and versioned models, Prefer: wait, and predictions still running. */
class ReplicateTest {
  private static final String PREDICTION = "{\"id\":\"gm3qorzdhgbfurvjtvhg6dckhu\",\"model\":\"black-forest-labs/flux-schnell\","
      + "\"version\":\"hidden\",\"input\":{\"prompt\":\"x\"},\"logs\":\"\",\"error\":null,\"status\":\"%s\",\"output\":%s,"
      + "\"created_at\":\"2026-11-23T10:00:00.123Z\",\"data_removed\":false,\"metrics\":{%s},"
      + "\"urls\":{\"get\":\"https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu\","
      + "\"cancel\":\"https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel\"}}";

  @StartStop private final MockWebServer server = TestServers.started();
  private final HuggingFaceProvider provider = HuggingFaceProvider.builder().build(Fixtures.context(server));

  private static String prediction(String status, String output, String metrics) {
    return String.format(PREDICTION, status, output, metrics);
  }

  @Test
  void anOfficialModelIsCalledByNameWithPreferWait() throws Throwable {
    server.enqueue(json(201, prediction("succeeded", "[\"https://replicate.delivery/xezq/out-0.webp\"]", "\"predict_time\":0.62")));
    Submission s = await(provider.submit(call("replicate:black-forest-labs/flux-schnell",
        prompt("a kite").size(1024, 1024).steps(4).seed(9).build())));

    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/replicate/v1/models/black-forest-labs/flux-schnell/predictions", r.getUrl().encodedPath());
    assertEquals("wait", r.getHeaders().get("Prefer"));
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
    assertEquals("{\"input\":{\"prompt\":\"a kite\",\"width\":1024,\"height\":1024,\"num_inference_steps\":4,\"seed\":9}}",
        r.getBody().utf8());

    ProviderOutput out = s.output().orElseThrow();
    assertEquals("https://replicate.delivery/xezq/out-0.webp", out.assets().get(0).url().orElseThrow());
    assertEquals("image/webp", out.assets().get(0).mediaType());
    assertEquals(new BigDecimal("0.62"), out.usage().computeSeconds().orElseThrow());
    assertEquals("gm3qorzdhgbfurvjtvhg6dckhu", out.providerRequestId().orElseThrow());
  }

  @Test
  void aVersionedModelIdGoesToPredictionsWithItsVersion() throws Throwable {
    server.enqueue(json(201, prediction("succeeded", "\"https://replicate.delivery/pbxt/a.png\"", "")));
    await(provider.submit(call("replicate:stability-ai/sdxl:7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc",
        prompt("a kite").aspectRatio("3:2").count(2).build())));
    RecordedRequest r = server.takeRequest();
    assertEquals("/replicate/v1/predictions", r.getUrl().encodedPath());
    // An aspect ratio is passed as Replicate's aspect_ratio, not turned into a size.
    assertEquals("{\"input\":{\"prompt\":\"a kite\",\"aspect_ratio\":\"3:2\",\"num_outputs\":2},"
        + "\"version\":\"7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc\"}", r.getBody().utf8());
  }

  @Test
  void aPredictionStillRunningAfterTheWaitIsPolled() throws Throwable {
    server.enqueue(json(201, prediction("starting", "null", "")));
    JobRef job = await(provider.submit(call("replicate:black-forest-labs/flux-schnell", prompt("x").build()))).job().orElseThrow();
    assertEquals("gm3qorzdhgbfurvjtvhg6dckhu", job.id());
    assertEquals(server.url("/replicate/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu").toString(), job.pollUrl().orElseThrow());
    server.takeRequest();

    server.enqueue(json(200, prediction("starting", "null", "")));
    server.enqueue(json(200, prediction("processing", "null", "")));
    server.enqueue(json(200, prediction("succeeded", "[\"https://replicate.delivery/xezq/out-0.png\"]", "\"predict_time\":1.5")));
    assertEquals(PollResult.State.QUEUED, await(provider.poll(job)).state());
    assertEquals(PollResult.State.RUNNING, await(provider.poll(job)).state());
    PollResult done = await(provider.poll(job));
    assertEquals("image/png", done.output().orElseThrow().assets().get(0).mediaType());

    RecordedRequest poll = server.takeRequest();
    assertEquals("GET", poll.getMethod());
    assertEquals("/replicate/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu", poll.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, poll.getHeaders().get("Authorization"));
  }

  @Test
  void failedCanceledAndAbortedPredictions() throws Throwable {
    server.enqueue(json(201, prediction("failed", "null", "")
        .replace("\"error\":null", "\"error\":\"NSFW content detected. Try running it again, or try a different prompt.\"")));
    TestCalls.failure(ContentModeratedException.class,
        () -> provider.submit(call("replicate:black-forest-labs/flux-schnell",
        prompt("x").build())));

    server.enqueue(json(201, prediction("failed", "null", "").replace("\"error\":null", "\"error\":\"E1001: CUDA out of memory\"")));
    ProviderFailureException oom = TestCalls.failure(ProviderFailureException.class,
        () -> provider.submit(call("replicate:black-forest-labs/flux-schnell", prompt("x").build())));
    assertEquals("huggingface: E1001: CUDA out of memory", oom.getMessage());

    JobRef job = JobRef.of("huggingface", "p1", null, null, java.util.Map.of("route", "replicate"));
    server.enqueue(json(200, prediction("canceled", "null", "")));
    server.enqueue(json(200, prediction("aborted", "null", "")));
    server.enqueue(json(200, prediction("succeeded", "null", "").replace("\"data_removed\":false", "\"data_removed\":true")));
    PollResult canceled = await(provider.poll(job));
    assertEquals(PollResult.State.CANCELED, canceled.state());
    assertTrue(canceled.error().orElseThrow() instanceof JobCanceledException);
    assertEquals(PollResult.State.CANCELED, await(provider.poll(job)).state());
    PollResult removed = await(provider.poll(job));
    assertTrue(removed.error().orElseThrow() instanceof NoOutputException);
    assertTrue(removed.ran(), "it succeeded, so it is billed and never bought again");

    // Succeeded under Prefer: wait with an empty output: it ran, so it is followed as a job, not bought elsewhere.
    server.enqueue(json(201, prediction("succeeded", "[]", "")));
    Submission s = await(provider.submit(call("replicate:black-forest-labs/flux-schnell", prompt("x").build())));
    assertTrue(s.job().isPresent(), "followed as a job");
  }

  @Test
  void problemJsonErrorsAreReadFromDetail() {
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(422).addHeader("Content-Type", "application/problem+json")
        .body("{\"title\":\"Input validation failed\",\"detail\":\"- input.num_inference_steps: Must be less than or equal to 4\",\"status\":422}")
        .build());
    InvalidRequestException e = TestCalls.failure(InvalidRequestException.class,
        () -> provider.submit(call("replicate:black-forest-labs/flux-schnell", prompt("x").steps(28).build())));
    assertEquals("huggingface: 422 - input.num_inference_steps: Must be less than or equal to 4", e.getMessage());
  }
}
