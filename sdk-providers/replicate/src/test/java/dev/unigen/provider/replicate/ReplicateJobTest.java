package dev.unigen.provider.replicate;

import static dev.unigen.provider.replicate.Fixtures.ID;
import static dev.unigen.provider.replicate.Fixtures.KEY;
import static dev.unigen.provider.replicate.Fixtures.pending;
import static dev.unigen.provider.replicate.Fixtures.prediction;
import static dev.unigen.provider.replicate.Fixtures.problem;
import static dev.unigen.provider.replicate.Fixtures.succeeded;
import static dev.unigen.testkit.TestCalls.await;
import static dev.unigen.testkit.TestCalls.json;
import static dev.unigen.testkit.TestCalls.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.AuthenticationException;
import dev.unigen.ContentModeratedException;
import dev.unigen.GenerationTimeoutException;
import dev.unigen.JobCanceledException;
import dev.unigen.NoOutputException;
import dev.unigen.ProviderFailureException;
import dev.unigen.RateLimitedException;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.spi.JobRef;
import dev.unigen.spi.PollResult;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import dev.unigen.testkit.StartStop;
import dev.unigen.testkit.TestCalls;
import dev.unigen.testkit.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Prefer: wait answered finished or not, every status value a poll can find, and cancel. */
class ReplicateJobTest {
  private static final String VEO = "google/veo-2";
  private static final String VEO_INPUT = "{\"prompt\":\"waves\",\"duration\":6}";

  @StartStop private final MockWebServer server = TestServers.started();
  private final ReplicateProvider provider = Fixtures.provider(server);

  private JobRef acceptedVeo() throws Exception {
    server.enqueue(json(201, pending(ID, VEO, "starting", VEO_INPUT)));
    Submission s = submit(provider, Request.builder(Task.TEXT_TO_VIDEO).model("veo-2").prompt("waves")
        .duration(Duration.ofSeconds(6)).build());
    server.takeRequest();
    return s.job().orElseThrow();
  }

  private PollResult poll(JobRef job, String predictionJson) throws Exception {
    server.enqueue(json(200, predictionJson));
    PollResult r = await(provider.poll(job));
    RecordedRequest req = server.takeRequest();
    assertEquals("GET", req.getMethod());
    assertEquals("/v1/predictions/" + ID, req.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, req.getHeaders().get("Authorization"));
    return r;
  }

  @Test
  void preferWaitThatEndsInTimeCompletesAtOnce() throws Exception {
    server.enqueue(json(201, succeeded(ID, "black-forest-labs/flux-schnell", "{\"prompt\":\"x\"}",
        "[\"https://replicate.delivery/xezq/a/out-0.webp\"]", "0.412")).newBuilder()
        .addHeader("Preference-Applied", "wait=60").build());
    Submission s = submit(provider, Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build());
    assertTrue(s.output().isPresent());
    assertTrue(s.job().isEmpty());
    assertEquals(1024, s.output().get().assets().get(0).width().getAsInt()); // 1:1 at 1 MP, the model's default
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void preferWaitThatRunsOutIsAcceptedAsAJobToResume() throws Exception {
    server.enqueue(json(201, pending(ID, "black-forest-labs/flux-dev", "processing", "{\"prompt\":\"x\"}")));
    Submission s = submit(provider, Request.builder(Task.TEXT_TO_IMAGE).model("flux-dev").prompt("x").build());
    JobRef job = s.job().orElseThrow();
    assertEquals(ID, job.id());
    assertEquals("replicate", job.provider());
    String base = server.url("/v1").toString();
    assertEquals(base + "/predictions/" + ID, job.pollUrl().get(), "rebuilt on the configured base URL");
    assertEquals(base + "/predictions/" + ID + "/cancel", job.cancelUrl().get());
    assertEquals(Map.of("endpoint", "black-forest-labs/flux-dev", "model", "black-forest-labs/flux-dev"), job.attributes());
    assertFalse(job.toString().contains("test-key-") || job.attributes().toString().contains("test-key-"));

    // A new provider instance (as after a restart) polls it from the handle alone.
    ReplicateProvider fresh = Fixtures.provider(server);
    server.enqueue(json(200, succeeded(ID, "black-forest-labs/flux-dev", "{\"prompt\":\"x\",\"aspect_ratio\":\"3:2\"}",
        "[\"https://replicate.delivery/xezq/a/out-0.webp\"]", "2.5")));
    PollResult r = await(fresh.poll(job));
    assertEquals(PollResult.State.SUCCEEDED, r.state());
    assertEquals(1216, r.output().get().assets().get(0).width().getAsInt());
  }

  @Test
  void startingIsQueuedAndProcessingRunsWithProgress() throws Exception {
    JobRef job = acceptedVeo();
    PollResult starting = poll(job, pending(ID, VEO, "starting", VEO_INPUT));
    assertEquals(PollResult.State.QUEUED, starting.state());
    assertEquals("starting", starting.progress().get().state().get());
    PollResult processing = poll(job, pending(ID, VEO, "processing", VEO_INPUT));
    assertEquals(PollResult.State.RUNNING, processing.state());
    assertEquals(50, processing.progress().get().percent().getAsInt());
    assertEquals(List.of("50%|#####     | 14/28 [00:02<00:02,  6.21it/s]"), processing.progress().get().logs());
  }

  @Test
  void succeededVideoCarriesItsSecondsForPricing() throws Exception {
    JobRef job = acceptedVeo();
    PollResult r = poll(job, succeeded(ID, VEO, VEO_INPUT, "\"https://replicate.delivery/xezq/v/output.mp4\"", "41.2"));
    ProviderOutput out = r.output().get();
    assertEquals("video/mp4", out.assets().get(0).mediaType());
    assertEquals(0, new BigDecimal("6").compareTo(out.usage().outputSeconds().get()));
    assertEquals("720p", out.usage().resolution().get());
    assertEquals(0, new BigDecimal("6").compareTo(out.assets().get(0).durationSeconds().get()));
  }

  @Test
  void wanSecondsAreItsFramesAtSixteenPerSecond() throws Exception {
    String model = "wavespeedai/wan-2.1-t2v-720p";
    server.enqueue(json(201, pending(ID, model, "starting", "{}")));
    JobRef job = submit(provider, Request.builder(Task.TEXT_TO_VIDEO).model("wan-2.1").prompt("x").resolution("720p").build())
        .job().get();
    server.takeRequest();
    ProviderOutput out = poll(job, succeeded(ID, model, "{\"prompt\":\"x\",\"num_frames\":81}",
        "\"https://replicate.delivery/xezq/w/output.mp4\"", "95.0")).output().get();
    assertEquals(0, new BigDecimal("5.0625").compareTo(out.usage().outputSeconds().get()));
    assertEquals("720p", out.usage().resolution().get());
    assertEquals(81L, out.usage().frames().getAsLong());
  }

  @Test
  void failedCarriesTheErrorCodeAsAFailure() throws Exception {
    JobRef job = acceptedVeo();
    PollResult r = poll(job, prediction(ID, VEO, "failed", VEO_INPUT, "null",
        "\"E1001: Model ran out of memory (OOM killed)\"", "", "12.0"));
    assertEquals(PollResult.State.FAILED, r.state());
    ProviderFailureException e = assertInstanceOf(ProviderFailureException.class, r.error().get());
    assertFalse(e.retryable());
    assertEquals("replicate: prediction " + ID + " failed: E1001: Model ran out of memory (OOM killed)", e.getMessage());
    assertEquals("E1001", ReplicateErrors.code(e.getMessage()).get());
  }

  @Test
  void aSafetyRefusalIsModeration() throws Exception {
    JobRef job = acceptedVeo();
    PollResult r = poll(job, prediction(ID, VEO, "failed", VEO_INPUT, "null",
        "\"The input or output was flagged as sensitive. Please try again with different inputs. (E005)\"", "", null));
    assertInstanceOf(ContentModeratedException.class, r.error().get());
    // The flux models refuse when every image was NSFW, at once under Prefer: wait.
    server.enqueue(json(201, prediction(ID, "black-forest-labs/flux-schnell", "failed", "{\"prompt\":\"x\"}", "null",
        "\"All generated images contained NSFW content. Try running it again with a different prompt.\"", "", "0.8")));
    TestCalls.failure(ContentModeratedException.class, provider,
        Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build());
  }

  @Test
  void canceledIsACancellationAndAbortedIsANotBilledTimeout() throws Exception {
    JobRef job = acceptedVeo();
    PollResult canceled = poll(job, prediction(ID, VEO, "canceled", VEO_INPUT, "null", "null", "", "3.1"));
    assertEquals(PollResult.State.CANCELED, canceled.state());
    JobCanceledException c = assertInstanceOf(JobCanceledException.class, canceled.error().get());
    assertTrue(c.getMessage().contains("after it started (Replicate bills the time it ran)"), c.getMessage());
    PollResult aborted = poll(job, prediction(ID, VEO, "aborted", VEO_INPUT, "null", "null", "", null));
    assertEquals(PollResult.State.FAILED, aborted.state());
    GenerationTimeoutException a = assertInstanceOf(GenerationTimeoutException.class, aborted.error().get());
    assertTrue(a.getMessage().contains("Cancel-After deadline passed before it started, and Replicate does not bill it"));
  }

  @Test
  void anUnknownStatusIsPendingUntilItCompletes() throws Exception {
    JobRef job = acceptedVeo();
    PollResult queued = poll(job, pending(ID, VEO, "starting", VEO_INPUT).replace("\"starting\"", "\"warming\""));
    assertEquals(PollResult.State.RUNNING, queued.state());
    assertEquals("warming", queued.progress().get().state().get());
    String done = prediction(ID, VEO, "succeeded", VEO_INPUT, "null", "null", "", null).replace("\"succeeded\"", "\"expired\"");
    PollResult ended = poll(job, done);
    assertEquals(PollResult.State.FAILED, ended.state());
    assertTrue(ended.error().get().getMessage().contains("ended with status 'expired'"));
  }

  @Test
  void aSucceededPredictionWhoseDataWasRemovedRanAndIsNotReadAgain() throws Exception {
    JobRef job = acceptedVeo();
    String removed = succeeded(ID, VEO, VEO_INPUT, "null", "40.0").replace("\"data_removed\": false", "\"data_removed\": true");
    PollResult r = poll(job, removed);
    NoOutputException e = assertInstanceOf(NoOutputException.class, r.error().get());
    assertTrue(e.getMessage().contains("removed its data (API predictions keep outputs for one hour)"), e.getMessage());
    assertTrue(r.ran(), "succeeded: billed, never bought again");
    assertFalse(r.isUnreadable(), "removed data does not come back");
  }

  @Test
  void aSucceededPredictionWithAnEmptyOutputRanAndProducedNothing() throws Exception {
    JobRef job = acceptedVeo();
    PollResult r = poll(job, succeeded(ID, VEO, VEO_INPUT, "[]", "40.0"));
    assertInstanceOf(NoOutputException.class, r.error().get());
    assertTrue(r.ran());
    assertFalse(r.isUnreadable());
  }

  @Test
  void aSucceededPredictionWhoseOutputIsNotGivenYetIsReadAgain() throws Exception {
    JobRef job = acceptedVeo();
    PollResult r = poll(job, succeeded(ID, VEO, VEO_INPUT, "null", "40.0"));
    assertTrue(r.isUnreadable(), r.toString());
    assertTrue(r.ran());
  }

  @Test
  void aCreateThatSucceededWithoutOutputIsFollowedAsAJobNotBoughtElsewhere() throws Exception {
    // Under Prefer: wait, a 201 that succeeded with no output: it ran, so the generator reads it again.
    server.enqueue(json(201, succeeded(ID, "black-forest-labs/flux-schnell", "{}", "[]", "0.5")));
    Submission s = submit(provider, Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt("x").build());
    assertEquals(ID, s.job().orElseThrow().id());
  }

  @Test
  void transientPollFailuresAreThrownSoTheGeneratorPollsAgain() throws Exception {
    JobRef job = acceptedVeo();
    server.enqueue(problem(429, null, "Request was throttled. Your rate limit resets in ~30s."));
    RateLimitedException rl = TestCalls.failure(RateLimitedException.class, () -> provider.poll(job));
    assertEquals(Duration.ofSeconds(30), rl.retryAfter().get());
    server.enqueue(problem(503, "Service Unavailable", "Please try again later"));
    TestCalls.failure(ProviderFailureException.class, () -> provider.poll(job));
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).body("<html>gateway</html>").build());
    assertTrue(TestCalls.failure(ProviderFailureException.class, () -> provider.poll(job)).retryable());
  }

  @Test
  void finalPollFailuresEndTheJob() throws Exception {
    JobRef job = acceptedVeo();
    server.enqueue(problem(404, "Not found", "The requested resource could not be found."));
    PollResult gone = await(provider.poll(job));
    assertEquals(PollResult.State.FAILED, gone.state());
    assertFalse(((ProviderFailureException) gone.error().get()).retryable());
    server.enqueue(problem(401, "Unauthenticated", "You did not pass a valid authentication token"));
    assertInstanceOf(AuthenticationException.class, await(provider.poll(job)).error().get());
  }

  @Test
  void cancelPostsToTheCancelPath() throws Exception {
    JobRef job = acceptedVeo();
    server.enqueue(json(200, prediction(ID, VEO, "canceled", VEO_INPUT, "null", "null", "", null)));
    assertTrue(await(provider.cancel(job)));
    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/v1/predictions/" + ID + "/cancel", r.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, r.getHeaders().get("Authorization"));
    assertEquals(0, r.getBody().size());
    server.enqueue(problem(404, "Not found", "The requested resource could not be found."));
    assertFalse(await(provider.cancel(job)));
  }

  @Test
  void theWarningsOfTheSubmitReachTheOutput() throws Exception {
    server.enqueue(json(201, pending(ID, "kwaivgi/kling-v2.1", "starting", "{}")));
    JobRef job = submit(provider, Request.builder(Task.IMAGE_TO_VIDEO).model("kling-2.1-pro").prompt("x").seed(5)
        .image(Media.url("https://example.com/s.png")).build()).job().get();
    server.takeRequest();
    ProviderOutput out = poll(job, succeeded(ID, "kwaivgi/kling-v2.1", "{\"prompt\":\"x\",\"mode\":\"pro\",\"duration\":5}",
        "\"https://replicate.delivery/xezq/k/output.mp4\"", "80.0")).output().get();
    assertEquals(List.of("replicate: kwaivgi/kling-v2.1 has no seed input; it was not sent"), out.warnings());
    assertEquals("1080p", out.usage().resolution().get());
  }
}
